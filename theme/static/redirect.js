/* A page moved (mdBook's [output.html.redirect]): sends the reader on to
   the script's data-to, keeping the query (the reader's values) and the
   fragment; a fragment listed in data-fragments (mdBook's fragment
   redirects, `"/old.html#a" = "new.html#b"`) goes where it says. Without
   scripts, the page's refresh and link do it. */
(function () {
  var script = document.currentScript;
  if (!script) return;
  var to = script.getAttribute("data-to");
  var map = {};
  try {
    map = JSON.parse(script.getAttribute("data-fragments") || "{}");
  } catch (e) {
    map = {};
  }
  if (location.hash && Object.prototype.hasOwnProperty.call(map, location.hash)) {
    var url = new URL(map[location.hash], location.href);
    if (!url.search) url.search = location.search;
    location.replace(url.href);
  } else if (to) {
    location.replace(to + location.search + location.hash);
  }
})();
