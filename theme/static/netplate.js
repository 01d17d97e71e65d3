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
  function commandFor(path, text) {
    if (path.charAt(0) === "-") path = "./" + path;
    var file = shq(path), dir = path.slice(0, Math.max(path.lastIndexOf("/"), 0)), lines = text.split("\n"), end = "NETPLATE_EOF", n = 0;
    while (lines.indexOf(end) >= 0) end = "NETPLATE_EOF_" + ++n;
    if (text && text.slice(-1) !== "\n") text += "\n";
    return (dir && dir !== "." ? "sudo mkdir -p " + shq(dir) + "\n" : "") +
      "if [ -e " + file + " ]; then sudo cp -p --backup=numbered " + file + " " + shq(path + ".bak") + "; fi\n" +
      "sudo tee " + file + " > /dev/null <<'" + end + "'\n" + text + end + "\n";
  }
  function fileCommand(block) {
    block = (block.closest && block.closest(".code[data-file]")) || block;
    return commandFor(block.getAttribute("data-file") || "", blockText(block));
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
  all(".code").forEach(function (block) {
    if (!block.querySelector("pre code")) return;
    var button = copyButton(copyLabel, function () { return blockText(block); }), box;
    if (!block.getAttribute("data-file")) return void block.appendChild(button);
    box = block.appendChild(doc.createElement("div"));
    box.className = "code-buttons";
    box.appendChild(copyButton(commandLabel, function () { return fileCommand(block); })).classList.add("command-button");
    box.appendChild(button);
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

  /* Personalised values: the rules of src/placeholder/input.rs, check for check. */
  var data = null, form = doc.getElementById("ph-form");
  try { data = JSON.parse(doc.getElementById("netplate-ph").textContent); } catch (e) { /* no placeholders */ }
  if (data) (function () {
    var O = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)", IP = new RegExp("^" + O + "(\\." + O + "){3}$");
    var W = "[\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+", TRIM = new RegExp("^" + W + "|" + W + "$", "g");
    var trim = (s) => String(s == null ? "" : s).replace(TRIM, ""); // str::trim
    var ip = (s) => IP.test(s) ? s.split(".").reduce((n, o) => n * 256 + +o, 0) : -1; // Ipv4Addr::from_str, or -1
    var dotted = (n) => [n >>> 24, n >>> 16 & 255, n >>> 8 & 255, n & 255].join(".");
    var fill = (t, params) => params.reduce((t, p) => t.split("{" + p[0] + "}").join(p[1]), t);
    var fail = (code, field, params) => ({ ok: false, error: { code: code, field: field, message: fill(has(data.messages, code) ? data.messages[code] : code, params) } });
    function parseSubnet(text) {
      var value = trim(text), range = data.prefixRange, slash = value.indexOf("/"), addr = ip(value.slice(0, slash)), prefix = value.slice(slash + 1);
      var err = (code, more) => fail(code, "subnet", [["value", value], ["example", data.defaults.subnet]].concat(more || []));
      if (!value) return err("empty");
      if (value.indexOf(":") >= 0) return err("ipv6");
      if (slash < 0) return err(ip(value) < 0 ? "malformed" : "no-prefix");
      if (addr < 0 || !/^\d{1,2}$/.test(prefix)) return err("malformed");
      if (prefix < range[0] || prefix > range[1]) return err("prefix-range", [["prefix", "" + +prefix]]);
      var size = Math.pow(2, 32 - prefix), net = addr - addr % size, cidr = dotted(net) + "/" + +prefix;
      return net !== addr ? err("host-bits", [["network", cidr]]) : { ok: true, net: net, top: size - 1, cidr: cidr };
    }
    function resolve(subnet, slots) {
      var r = parseSubnet(subnet), taken = {}, values = {}, offsets = Object.keys(data.offsets).map(Number).sort((a, b) => a - b), i, o, n;
      if (!r.ok) return r;
      var net = r.net, top = r.top, cidr = r.cidr, bad = offsets.filter((o) => o > top || (o && o === top))[0];
      if (bad != null) return fail(bad > top ? "offset-too-big" : "offset-broadcast", "subnet", [["offset", "" + bad], ["place", data.offsets[bad].place], ["subnet", cidr]]);
      offsets.forEach((o) => {
        var u = data.offsets[o], p = [["offset", "" + o], ["place", u.place]];
        if (o) taken[net + o] = u.label != null ? fill(data.what.named, p.concat([["label", u.label]])) : fill(data.what.unnamed, p);
      });
      for (i = 0; i < data.slots.length; i++) {
        var s = data.slots[i], text = trim(slots && has(slots, s.name) ? slots[s.name] : "");
        if (text) { // parse_slot: an address, or a host number (`100`, `.100`)
          n = ip(text) >= 0 ? ip(text) : /^\.?\d{1,10}$/.test(text) && net + +text.replace(".", "") <= 4294967295 ? net + +text.replace(".", "") : -1;
          var code = n < 0 ? "slot-malformed" : n < net || n > net + top ? "slot-outside" : n === net ? "slot-network"
            : n === net + top ? "slot-broadcast" : has(taken, n) ? "slot-taken" : "";
          if (code) return fail(code, s.name, [["value", text], ["subnet", cidr], ["first", dotted(net + 1)], ["last", dotted(net + top - 1)],
            ["default", "" + s.default], ["label", s.label], ["what", taken[n]]].slice(0, code === "slot-taken" ? 7 : 6));
        } else { // the default offset if it fits and is free, else the highest free host
          n = s.default >= 1 && s.default < top && !has(taken, net + s.default) ? net + s.default : -1;
          for (o = top - 1; n < 0 && o >= 1; o--) if (!has(taken, net + o)) n = net + o;
          if (n < 0) return fail("slot-full", s.name, [["subnet", cidr], ["label", s.label]]);
        }
        taken[n] = s.label;
        values[s.name] = dotted(n);
      }
      return { ok: true, values: { subnet: cidr, slots: values } };
    }
    function text(key, v) { // Values::text
      v = v || applied;
      var slash = v.subnet.indexOf("/"), net = ip(v.subnet.slice(0, slash)), top = Math.pow(2, 32 - v.subnet.slice(slash + 1)) - 1;
      return /^\d+$/.test(key) ? dotted(net + Math.min(+key, top)) : key === "prefix" ? v.subnet.slice(slash + 1)
        : key === "netmask" ? dotted(4294967295 - top) : v.slots && has(v.slots, key) ? v.slots[key] : dotted(net);
    }
    var spans = doc.querySelectorAll(".ph[data-ph]"), keys = Array.prototype.map.call(spans, (e) => e.getAttribute("data-ph")), applied = data.values;
    function apply(v) {
      var memo = Object.create(null), t;
      for (var i = 0; i < spans.length; i++) {
        t = keys[i] in memo ? memo[keys[i]] : (memo[keys[i]] = text(keys[i], v));
        if (spans[i].textContent !== t) spans[i].textContent = t;
      }
      root.setAttribute("data-ph-subnet", (applied = v).subnet);
    }
    root.setAttribute("data-ph-subnet", applied.subnet);
    api.resolve = resolve;
    api.apply = apply;
    api.text = text;
    if (!form) return;

    /* The form. A slot field showing the default the script filled in ("auto") follows the subnet until edited. */
    var subnetIn = form.querySelector("input[name=subnet]"), fields = [], auto = {}, timer = 0, pending = null, built = resolve(applied.subnet);
    data.slots.forEach((s) => {
      var input = form.querySelector("input[data-slot='" + s.name + "']");
      if (!input) return;
      fields.push({ name: s.name, param: s.param, input: input });
      auto[s.name] = built.ok && built.values.slots[s.name] === input.value;
      input.placeholder = applied.slots[s.name] || "";
    });
    var typed = (f) => auto[f.name] ? "" : trim(f.input.value);
    function showError(err) {
      var f = err && (fields.filter((f) => f.name === err.field)[0] || { param: "subnet", input: subnetIn });
      pending = null;
      clearTimeout(timer);
      form.querySelectorAll("output.ph-error").forEach((o) => { o.textContent = f && o.getAttribute("data-for") === f.param ? err.message : ""; });
      form.querySelectorAll("input").forEach((i) => f && i === f.input ? i.setAttribute("aria-invalid", "true") : i.removeAttribute("aria-invalid"));
      return f && f.input;
    }
    function show(v) { // what is in effect: slot defaults as placeholders, and in the "auto" fields
      fields.forEach((f) => {
        f.input.placeholder = v.slots[f.name];
        if (auto[f.name] && f.input !== doc.activeElement) f.input.value = v.slots[f.name];
      });
    }
    function attempt(now) { // valid: applied and saved at once; invalid: the message after a pause, or now
      var slots = {}, stored = {}, changes = { subnet: "" }, r;
      fields.forEach((f) => { slots[f.name] = typed(f); });
      r = resolve(subnetIn.value, slots);
      if (!r.ok) {
        pending = r.error;
        clearTimeout(timer);
        if (now) return showError(r.error);
        return void (timer = setTimeout(() => showError(pending), 700));
      }
      showError(null);
      apply(r.values);
      show(r.values);
      fields.forEach((f) => { if ((changes[f.param] = typed(f))) stored[f.param] = typed(f); });
      save("netplate-subnet", (changes.subnet = r.values.subnet));
      save("netplate-slots", JSON.stringify(stored));
      changes.os = os;
      setQuery(changes);
    }
    var flush = () => pending && showError(pending);
    form.addEventListener("input", (e) => {
      auto[e.target.getAttribute("data-slot")] = false;
      attempt(false);
    });
    form.addEventListener("change", flush);
    form.addEventListener("focusout", flush);
    form.addEventListener("submit", (e) => {
      var bad = (e.preventDefault(), attempt(true));
      if (bad) bad.focus();
    });
    var reset = form.querySelector(".ph-reset"), link = form.querySelector(".ph-copy-link");
    if (reset) reset.addEventListener("click", () => {
      var r = resolve(data.defaults.subnet);
      drop("netplate-subnet");
      drop("netplate-slots");
      showError(null);
      fields.forEach((f) => { auto[f.name] = true; });
      if (r.ok) { apply(r.values); show(r.values); subnetIn.value = r.values.subnet; }
      setQuery({}, true);
    });
    if (link) link.addEventListener("click", () => {
      var q = "?subnet=" + enc(applied.subnet);
      fields.forEach((f) => { if (applied.slots[f.name]) q += "&" + enc(f.param) + "=" + enc(applied.slots[f.name]); });
      clip(bare() + q + (os ? "&os=" + enc(os) : "") + location.hash, () => flash(link, form.getAttribute("data-link-copied") || copiedLabel), link);
    });

    /* On load: the URL's values, else the stored ones, else the page as built. */
    var fromUrl = query.has("subnet") || fields.some((f) => query.has(f.param)), stored = null;
    if (!fromUrl && load("netplate-subnet") == null) return;
    try { stored = fromUrl ? null : JSON.parse(load("netplate-slots")); } catch (e) { /* ignore */ }
    subnetIn.value = fromUrl ? (query.has("subnet") ? query.get("subnet") : data.defaults.subnet) : load("netplate-subnet");
    fields.forEach((f) => {
      var v = fromUrl ? query.get(f.param) : stored && stored[f.param];
      f.input.value = typeof v === "string" ? v : "";
      auto[f.name] = !trim(v);
    });
    attempt(true);
  })();

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
    list.setAttribute("aria-label", (form && form.getAttribute("data-os-label")) || "OS");
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

  /* Search: the index (src/search.rs) is a script loaded on first use, so it works from file://. */
  var search = doc.getElementById("search"), opener = doc.querySelector(".search-toggle");
  if (search && opener) (function () {
    var input = search.querySelector("input"), list = search.querySelector(".search-results"),
      status = search.querySelector(".search-status"), code = search.getAttribute("data-code"),
      base = search.getAttribute("data-base"), single = search.hasAttribute("data-single"), idx = null, state = "", waiting = [], hits = [], cur = -1;
    var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{2ffff}]/u,
      WORD = /[\p{Alphabetic}\p{N}_]/u;
    function tokens(text) { // search::tokens
      var out = [], word = "", han = [];
      function flush() {
        if (han.length === 1) out.push(han[0]);
        for (var i = 1; i < han.length; i++) out.push(han[i - 1] + han[i]);
        han = [];
      }
      for (var c of text.toLowerCase()) {
        if (CJK.test(c)) { if (word) { out.push(word); word = ""; } han.push(c); }
        else { flush(); if (WORD.test(c)) word += c; else if (word) { out.push(word); word = ""; } }
      }
      flush();
      if (word) out.push(word);
      return out;
    }
    function load(then) {
      if (idx) return then && then();
      if (then) waiting.push(then);
      if (state) return;
      function ready() {
        var d = window.netplateSearch && window.netplateSearch[code];
        if (!d) { state = "failed"; say(search.getAttribute("data-failed")); return; }
        idx = d; idx.ids = []; idx.low = [];
        waiting.splice(0).forEach(function (f) { f(); });
      }
      if (window.netplateSearch && window.netplateSearch[code]) return ready(); // inlined (one-file book)
      state = "loading";
      var script = doc.createElement("script");
      script.src = search.getAttribute("data-index");
      script.onload = ready;
      script.onerror = function () { state = "failed"; say(search.getAttribute("data-failed")); };
      doc.head.appendChild(script);
    }
    function ids(i) { // term i's sections: base-36 gaps
      if (!idx.ids[i]) { var last = 0; idx.ids[i] = idx.p[i].split(",").map(function (g) { return (last += parseInt(g, 36)); }); }
      return idx.ids[i];
    }
    function low(i) { // [context and heading, text] lowercased: Section::title
      var s = idx.s[i];
      if (!idx.low[i]) idx.low[i] = [((s[4] ? s[4] + " " : "") + s[2]).toLowerCase(), s[3].toLowerCase()];
      return idx.low[i];
    }
    function runs(q) { return (q.match(new RegExp(CJK.source + "{2,}", "gu")) || []); }
    function find(query) { // search::Index::search
      var q = query.trim().toLowerCase(), toks = tokens(q).filter(function (t, i, a) { return a.indexOf(t) === i; });
      if (!toks.length) return [];
      var t = idx.t, found = null;
      toks.forEach(function (tok) {
        var set = {}, chars = Array.from(tok), i;
        if (CJK.test(chars[0]) && chars.length === 1) {
          for (i = 0; i < t.length; i++) if (t[i].indexOf(tok) >= 0) ids(i).forEach(function (s) { set[s] = 1; });
        } else {
          var lo = 0, hi = t.length;
          while (lo < hi) { var mid = (lo + hi) >> 1; if (t[mid] < tok) lo = mid + 1; else hi = mid; }
          for (i = lo; i < t.length && (CJK.test(chars[0]) ? t[i] === tok : t[i].lastIndexOf(tok, 0) === 0); i++)
            ids(i).forEach(function (s) { set[s] = 1; });
        }
        found = found ? found.filter(function (s) { return set[s]; }) : Object.keys(set).map(Number);
      });
      var rs = runs(q), scored = [];
      found.forEach(function (s) {
        var l = low(s), h = l[0], x = l[1];
        if (!rs.every(function (r) { return h.indexOf(r) >= 0 || x.indexOf(r) >= 0; })) return;
        var score = (h.indexOf(q) >= 0 ? 100 : 0) + (x.indexOf(q) >= 0 ? 5 : 0);
        toks.forEach(function (tok) { if (h.indexOf(tok) >= 0) score += 10; });
        scored.push([score, s]);
      });
      scored.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
      return scored.slice(0, 30).map(function (x) {
        var s = idx.s[x[1]], c = idx.c[s[0]];
        return { chapter: c[0], href: c[1] + (s[1] ? "#" + s[1] : ""), heading: s[2], context: s[4] || "", section: x[1] };
      });
    }
    function say(text) { status.textContent = text || ""; }
    function snippet(text, query) { // ~160 characters around the first match, matches in <mark>
      var q = query.trim().toLowerCase(), l = text.toLowerCase();
      if (l.length !== text.length) text = l;
      var needles = [q].concat(runs(q), tokens(q).filter(function (t) { return !CJK.test(t); }))
        .filter(function (n) { return n; }).sort(function (a, b) { return b.length - a.length; });
      var at = -1;
      needles.some(function (n) { at = l.indexOf(n); return at >= 0; });
      var start = Math.max(0, at - 40), end = Math.min(text.length, start + 160);
      if (start > 0) { var sp = text.lastIndexOf(" ", start + 12); if (sp > start - 12 && sp < at) start = sp + 1; }
      var piece = text.slice(start, end), lp = l.slice(start, end), frag = doc.createDocumentFragment(), pos = 0, i = 0;
      if (start > 0) frag.appendChild(doc.createTextNode("…"));
      while (i < lp.length) {
        var n = null;
        needles.some(function (x) { if (lp.substr(i, x.length) === x) { n = x; return true; } return false; });
        if (!n) { i++; continue; }
        if (i > pos) frag.appendChild(doc.createTextNode(piece.slice(pos, i)));
        var mark = doc.createElement("mark");
        mark.textContent = piece.substr(i, n.length);
        frag.appendChild(mark);
        i = pos = i + n.length;
      }
      frag.appendChild(doc.createTextNode(piece.slice(pos) + (end < text.length ? "…" : "")));
      return frag;
    }
    function href(h) {
      var parts = h.href.split("#");
      if (single) { // one-file book: chapter.html#x is #chapter--x (src/site/single.rs)
        var id = parts[0].replace(/\.html$/, "").replace(/\//g, "-");
        return "#" + id + (parts[1] ? "--" + parts[1] : "");
      }
      var q = new URLSearchParams(location.search);
      q.delete("search");
      q = q.toString();
      return base + parts[0] + (q ? "?" + q : "") + (parts[1] ? "#" + parts[1] : "");
    }
    function select(i) {
      var items = list.children;
      if (cur >= 0 && items[cur]) items[cur].removeAttribute("aria-selected");
      cur = i;
      if (i >= 0 && items[i]) {
        items[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[i].id);
        items[i].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }
    function run() {
      var query = input.value;
      list.textContent = "";
      hits = [];
      cur = -1;
      input.removeAttribute("aria-activedescendant");
      input.setAttribute("aria-expanded", "false");
      if (!query.trim()) return say("");
      if (!idx) { if (state !== "failed") say(search.getAttribute("data-loading")); return load(run); }
      hits = find(query);
      say(hits.length ? "" : search.getAttribute("data-none"));
      hits.forEach(function (h, i) {
        var li = doc.createElement("li"), a = doc.createElement("a"), where = doc.createElement("span"), text = doc.createElement("span");
        li.id = "search-hit-" + i;
        li.setAttribute("role", "option");
        a.href = href(h);
        a.tabIndex = -1;
        where.className = "search-where";
        where.textContent = [h.chapter, h.context, h.heading === h.chapter ? "" : h.heading].filter(Boolean).join(" › ");
        text.className = "search-snippet";
        text.appendChild(snippet(idx.s[h.section][3] || h.heading, query));
        a.appendChild(where);
        a.appendChild(text);
        a.addEventListener("click", close);
        li.appendChild(a);
        list.appendChild(li);
      });
      input.setAttribute("aria-expanded", hits.length ? "true" : "false");
      if (hits.length) select(0);
    }
    var back = null;
    function open() {
      if (!search.hidden) return input.focus();
      back = doc.activeElement;
      search.hidden = false;
      opener.setAttribute("aria-expanded", "true");
      input.focus();
      input.select();
      load();
    }
    function close() {
      if (search.hidden) return;
      search.hidden = true;
      opener.setAttribute("aria-expanded", "false");
      (back && back.focus ? back : opener).focus();
    }
    opener.addEventListener("click", open);
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (hits.length) select((cur + (e.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length);
      } else if (e.key === "Enter") {
        e.preventDefault();
        var h = hits[cur < 0 ? 0 : cur];
        if (h) { close(); location.href = href(h); }
      } else if (e.key === "Escape") { e.preventDefault(); close(); }
    });
    search.addEventListener("click", function (e) { if (e.target === search) close(); });
    doc.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || (e.key !== "/" && e.key !== "s")) return;
      var t = e.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      open();
    });
    var asked = query.get("search"); // ?search=… opens the dialog with that query, as in mdBook
    if (asked) { open(); input.value = asked; run(); }
    api.search = function (query, then) { load(function () { then(find(query)); }); };
    api.tokens = tokens;
  })();

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
