/* netplate default theme script: no libraries, no network, safe on any page. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;

  function all(sel) { return Array.prototype.slice.call(doc.querySelectorAll(sel)); }
  function save(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* file://, private mode */ } }
  function load(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function drop(key) { try { localStorage.removeItem(key); } catch (e) { /* unavailable */ } }
  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

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
  /* Sections (h2–h4): both languages share their ids; the h1 is the page top. */
  /* In the one-file book, each chapter's <article> has an id too: its top. */
  var headings = all("article.chapter[id], .chapter h2[id], .chapter h3[id], .chapter h4[id]");
  function sectionId() {
    var line = window.innerHeight / 4, id = "";
    headings.forEach(function (h) {
      // Headings inside a closed <details> are not on screen.
      if (!h.closest("details:not([open]), [hidden]") && h.getBoundingClientRect().top <= line) id = h.id;
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

  /* Copy buttons on code blocks: console blocks copy their commands only. */
  var copyLabel = root.getAttribute("data-copy") || "Copy";
  var copiedLabel = root.getAttribute("data-copied") || "Copied";
  function clip(text, done, focus) {
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
  function flash(button, label) {
    var old = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", old);
    button.textContent = label;
    button.classList.add("copied");
    clearTimeout(button.timer);
    button.timer = setTimeout(function () {
      button.textContent = old;
      button.classList.remove("copied");
    }, 1500);
  }
  function blockText(block) {
    block = (block.closest && block.closest(".code")) || block;
    var code = block.querySelector("pre code"), text = code ? code.textContent : "";
    if (block.getAttribute("data-lang") !== "console") return text;
    var out = "", more = false;
    text.split(/\r?\n/).forEach(function (line) {
      if (!more) {
        if (!/^[$#] /.test(line)) return;
        line = line.slice(2);
      }
      out += line + "\n";
      more = /\\$/.test(line);
    });
    return out;
  }
  /* "Copy as command" on file blocks: the same string as src/script.rs's file_command. */
  var commandLabel = root.getAttribute("data-copy-command") || "Copy as command";
  var shq = (s) => /^[A-Za-z0-9_.\/+:,=@%-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'";
  function commandFor(path, text, mode) {
    if (path.charAt(0) === "-") path = "./" + path;
    var file = shq(path), dir = path.slice(0, Math.max(path.lastIndexOf("/"), 0)), lines = text.split("\n"), end = "NETPLATE_EOF", n = 0;
    while (lines.indexOf(end) >= 0) end = "NETPLATE_EOF_" + ++n;
    if (text && text.slice(-1) !== "\n") text += "\n";
    return (dir && dir !== "." ? "sudo mkdir -p " + shq(dir) + "\n" : "") +
      "if [ -e " + file + " ]; then sudo cp -p --backup=numbered " + file + " " + shq(path + ".bak~") + "; fi\n" +
      (mode ? "sudo touch " + file + "\nsudo chmod " + mode + " " + file + "\n" : "") +
      "sudo tee " + file + " > /dev/null <<'" + end + "'\n" + text + end + "\n";
  }
  function fileCommand(block) {
    block = (block.closest && block.closest(".code[data-file]")) || block;
    return commandFor(block.getAttribute("data-file") || "", blockText(block), block.getAttribute("data-mode"));
  }
  function copyButton(label, text) {
    var button = doc.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = label;
    button.setAttribute("aria-live", "polite");
    button.addEventListener("click", function () {
      clip(text(), function () { flash(button, copiedLabel); }, button);
    });
    return button;
  }
  /* The buttons sit in a bar above the code (the file's title, or the language), never over it. */
  all(".code").forEach(function (block) {
    var pre = block.querySelector("pre");
    if (!pre || !pre.querySelector("code")) return;
    var bar = block.querySelector(".code-title"), box = doc.createElement("div");
    if (!bar) {
      bar = block.insertBefore(doc.createElement("div"), pre);
      bar.className = "code-bar";
      bar.appendChild(doc.createElement("span")).textContent = block.getAttribute("data-lang") || "";
    }
    box.className = "code-buttons";
    if (block.getAttribute("data-file")) box.appendChild(copyButton(commandLabel, function () { return fileCommand(block); })).classList.add("command-button");
    box.appendChild(copyButton(copyLabel, function () { return blockText(block); }));
    bar.appendChild(box);
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

  /* The address bar: set query parameters in place (empty: removed); file:// may refuse. */
  var query = new URLSearchParams(location.search), os = query.get("os") || load("netplate-os");
  var enc = (v) => encodeURIComponent(v).replace(/%2F/g, "/"), bare = () => location.href.split(/[?#]/)[0];
  function setQuery(changes, clear) {
    var q = new URLSearchParams(clear ? "" : location.search), out = [];
    for (var k in changes) changes[k] ? q.set(k, changes[k]) : q.delete(k);
    q.forEach((v, k) => out.push(enc(k) + "=" + enc(v)));
    try { history.replaceState(history.state, "", bare() + (out.length ? "?" + out.join("&") : "") + location.hash); } catch (e) { /* refused */ }
  }
  if (query.get("os")) save("netplate-os", os);
  var api = window.netplate = { copyText: blockText, fileCommand: fileCommand, commandFor: commandFor, setOs: setOs, os: () => os };
  /* For ph.js and search.js, which run after this script. */
  api._ = { all: all, save: save, load: load, drop: drop, has: has, clip: clip, flash: flash, query: query, enc: enc, bare: bare, setQuery: setQuery, copiedLabel: copiedLabel };

  /* OS variant tabs: the chosen OS selects the matching tab of every group. */
  var groups = [];
  var score = (id) => !os ? -1 : id === os ? 1e9 : os.indexOf(id + "-") === 0 ? id.length : -1;
  function select(g, i) {
    g.tabs.forEach((b, j) => {
      b.setAttribute("aria-selected", "" + (j === i));
      b.tabIndex = j === i ? 0 : -1;
      g.panels[j].hidden = j !== i;
    });
  }
  function sync(g) {
    var best = -1, at = -1;
    g.ids.forEach((ids, i) => ids.forEach((id) => { if (score(id) > best) { best = score(id); at = i; } }));
    if (at >= 0) select(g, at);
  }
  function setOs(id) {
    os = "" + id;
    groups.forEach(sync);
    save("netplate-os", os);
    setQuery({ os: os });
  }
  all(".tabs").forEach((box, n) => {
    var g = { tabs: [], ids: [], panels: Array.prototype.filter.call(box.children, (c) => c.matches("section.tab")) }, list = doc.createElement("div");
    if (!g.panels.length) return;
    list.className = "tablist";
    list.setAttribute("role", "tablist");
    list.setAttribute("aria-label", root.getAttribute("data-os-label") || "OS");
    g.panels.forEach((p, i) => {
      var b = list.appendChild(doc.createElement("button")), title = p.querySelector(".tab-title"), ids = (p.getAttribute("data-tab") || "").split(",");
      b.type = "button";
      b.id = "tab-" + n + "-" + i;
      b.textContent = title ? title.textContent : ids[0];
      p.id = p.id || b.id + "-panel";
      b.setAttribute("role", "tab");
      b.setAttribute("aria-controls", p.id);
      p.setAttribute("role", "tabpanel");
      p.setAttribute("aria-labelledby", b.id);
      p.tab = [g, i];
      // A tab matching the OS just shows; another one chooses its OS for every group.
      b.addEventListener("click", () => ids.some((id) => score(id) >= 0) ? select(g, i) : setOs(ids[0]));
      g.tabs.push(b);
      g.ids.push(ids);
    });
    list.addEventListener("keydown", (e) => {
      var i = g.tabs.indexOf(e.target), last = g.tabs.length - 1;
      var j = { ArrowRight: i < last ? i + 1 : 0, ArrowLeft: i ? i - 1 : last, Home: 0, End: last }[e.key];
      if (i < 0 || j == null || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      g.tabs[j].click();
      g.tabs[j].focus();
    });
    box.insertBefore(list, box.firstChild).parentNode.classList.add("tabbed");
    select(g, 0);
    sync(g);
    groups.push(g);
  });
  function reveal() { // a link to a heading inside a hidden tab opens that tab
    var t = null, p;
    try { t = doc.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { /* bad hash */ }
    if (!t || !t.closest("section.tab[hidden]")) return;
    for (p = t.closest("section.tab"); p; p = p.parentElement.closest("section.tab")) select(p.tab[0], p.tab[1]);
    t.scrollIntoView();
  }
  reveal();
  window.addEventListener("hashchange", reveal);

  /* Search: its script (search.js) and index load on first use; both are scripts, so it works from file://. */
  var search = doc.getElementById("search"), opener = doc.querySelector(".search-toggle"), waiting = null;
  function withSearch(then) {
    if (api._search) return then(api._search);
    if (waiting) return void waiting.push(then);
    waiting = [then];
    var script = doc.createElement("script");
    script.src = search.getAttribute("data-script");
    script.onload = () => { if (api._search) waiting.splice(0).forEach((f) => f(api._search)); };
    script.onerror = () => { waiting = null; };
    doc.head.appendChild(script);
  }
  if (search && opener) {
    opener.addEventListener("click", () => withSearch((s) => s.open()));
    doc.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || (e.key !== "/" && e.key !== "s") || !search.hidden) return;
      var t = e.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      withSearch((s) => s.open());
    });
    var asked = query.get("search"); // ?search=… opens the dialog with that query, as in mdBook
    if (asked) withSearch((s) => s.open(asked));
    api.search = (q, then) => withSearch((s) => s.find(q, then));
  }

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
