/* A page moved (mdBook's [output.html.redirect]): sends the reader on to
   the script's data-to, keeping the query (the reader's values) and the
   fragment. Without scripts, the page's refresh and link do it. */
(function () {
  var to = document.currentScript && document.currentScript.getAttribute("data-to");
  if (to) location.replace(to + location.search + location.hash);
})();
