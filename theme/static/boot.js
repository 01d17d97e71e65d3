/* Runs in <head>, before the page is drawn, so it never flashes the wrong
   theme: the reader's saved choice, and the `js` class that shows what
   needs scripts. A file (not inline), so pages run under a strict
   Content-Security-Policy. */
(function () {
  var root = document.documentElement;
  try {
    var t = localStorage.getItem("netplate-theme");
    if (t === "light" || t === "dark") root.setAttribute("data-theme", t);
  } catch (e) { /* storage unavailable */ }
  root.classList.add("js");
})();
