/* netplate serve: reloads the page after a rebuild (keeping the scroll
   position) and shows build errors over the page. Injected only by serve. */
(function () {
  "use strict";
  var key = "netplate-scroll:" + location.pathname;
  try {
    var y = sessionStorage.getItem(key);
    if (y !== null) {
      sessionStorage.removeItem(key);
      var restore = function () { window.scrollTo(0, +y); };
      restore();
      addEventListener("load", restore);
    }
  } catch (e) { /* storage unavailable */ }
  var overlay = null;
  function show(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "netplate-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;margin:0;padding:2em;overflow:auto;" +
        "background:rgba(24,24,27,.95);color:#fafafa;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = text;
  }
  var events = new EventSource("/__netplate/events");
  events.addEventListener("reload", function () {
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) { /* ignore */ }
    location.reload();
  });
  events.addEventListener("build-error", function (e) { show(JSON.parse(e.data)); });
})();
