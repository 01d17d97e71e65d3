/* netplate default theme script: no libraries, no network, safe on any page. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;

  function all(sel) { return Array.prototype.slice.call(doc.querySelectorAll(sel)); }
  function save(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* file://, private mode */ } }

  /* Theme toggle: an explicit choice wins over the system preference. */
  all(".theme-toggle").forEach(function (button) {
    button.addEventListener("click", function () {
      var dark = window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches;
      var next = (root.getAttribute("data-theme") || (dark ? "dark" : "light")) === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      save("netplate-theme", next);
    });
  });

  /* The chapter's headings; sectionId() = the last one above a quarter of the viewport. */
  var chapter = doc.querySelector("article.chapter");
  var headings = all(".chapter h1[id], .chapter h2[id], .chapter h3[id], .chapter h4[id]");
  function sectionId() {
    var line = window.innerHeight / 4, id = "";
    headings.forEach(function (h) {
      // Headings inside a closed <details> are not on screen.
      if (!h.closest("details:not([open])") && h.getBoundingClientRect().top <= line) id = h.id;
    });
    return id;
  }

  /* Language switch: remember the choice and land on the same section. */
  all("a[data-lang]").forEach(function (link) {
    link.addEventListener("click", function (e) {
      save("netplate-lang", link.getAttribute("data-lang"));
      if (!chapter || e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      var hash = location.hash, id;
      if (window.pageYOffset > 0) { id = sectionId(); hash = id ? "#" + encodeURIComponent(id) : ""; }
      var target = link.href.split("#")[0];
      if (target.indexOf("?") < 0) target += location.search;
      e.preventDefault();
      location.href = target + hash;
    });
  });

  /* Copy buttons on code blocks. */
  var copyLabel = root.getAttribute("data-copy") || "Copy";
  var copiedLabel = root.getAttribute("data-copied") || "Copied";
  function copyText(text, done, focus) {
    function fallback() {
      var area = doc.createElement("textarea");
      area.value = text;
      area.readOnly = true;
      area.style.cssText = "position:fixed;top:0;left:0;opacity:0";
      doc.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = doc.execCommand("copy"); } catch (e) { /* unsupported */ }
      doc.body.removeChild(area);
      focus.focus();
      if (ok) done();
    }
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }
  all(".code").forEach(function (block) {
    var code = block.querySelector("pre code");
    if (!code) return;
    var button = doc.createElement("button"), timer = 0;
    button.type = "button";
    button.className = "copy-button";
    button.textContent = copyLabel;
    button.setAttribute("aria-live", "polite");
    button.addEventListener("click", function () {
      copyText(code.textContent, function () {
        button.textContent = copiedLabel;
        button.classList.add("copied");
        clearTimeout(timer);
        timer = setTimeout(function () {
          button.textContent = copyLabel;
          button.classList.remove("copied");
        }, 1500);
      }, button);
    });
    block.appendChild(button);
  });

  /* Sidebar drawer on small screens. */
  var toggle = doc.querySelector(".sidebar-toggle"), sidebar = doc.getElementById("sidebar");
  function isOpen() { return root.classList.contains("sidebar-open"); }
  function setSidebar(open) {
    root.classList.toggle("sidebar-open", open);
    if (toggle) toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  if (toggle && sidebar) {
    toggle.addEventListener("click", function () { setSidebar(!isOpen()); });
    doc.addEventListener("click", function (e) {
      var t = e.target;
      if (isOpen() && !toggle.contains(t) && (!sidebar.contains(t) || (t.closest && t.closest("a")))) setSidebar(false);
    });
  }

  /* Table of contents: highlight the current section while scrolling. */
  var tocLinks = all(".toc a[href^='#']"), active = null, pending = false;
  function spy() {
    pending = false;
    var id = sectionId();
    if (headings.length && window.innerHeight + window.pageYOffset >= root.scrollHeight - 2) id = headings[headings.length - 1].id;
    var found = null;
    tocLinks.forEach(function (a) { if (a.getAttribute("href").slice(1) === id) found = a; });
    if (found === active) return;
    if (active) active.classList.remove("active");
    if ((active = found)) found.classList.add("active");
  }
  if (tocLinks.length && headings.length) {
    window.addEventListener("scroll", function () {
      if (!pending) { pending = true; window.requestAnimationFrame(spy); }
    }, { passive: true });
    window.addEventListener("resize", spy);
    spy();
  }

  /* Keyboard: Escape closes the drawer; arrows go to the previous/next chapter. */
  doc.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && isOpen()) {
      setSidebar(false);
      if (toggle) toggle.focus();
      return;
    }
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var rel = e.key === "ArrowLeft" ? "prev" : e.key === "ArrowRight" ? "next" : "";
    var link = rel && doc.querySelector("a[rel=" + rel + "]");
    if (link) { e.preventDefault(); location.href = link.href; }
  });

  /* Print every collapsible block opened, then restore. */
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    reopened = all("details:not([open])");
    reopened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (d) { d.open = false; });
    reopened = [];
  });
})();
