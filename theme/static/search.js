/* netplate search: the dialog, loaded by netplate.js on first use (or inlined in the one-file book).
   The index (src/search.rs) is a script too, loaded on first search, so it works from file://.
   Its texts hold the reader's values as marks (\uE000KEY\uE001): they are matched and shown as the
   values in effect on the page (netplate.text, from ph.js), else as the build's. */
(function () {
  "use strict";
  var doc = document, api = window.netplate, u = api && api._;
  var search = doc.getElementById("search"), opener = doc.querySelector(".search-toggle");
  if (!u || !search || !opener || api._search) return;
  var input = search.querySelector("input"), list = search.querySelector(".search-results"),
    status = search.querySelector(".search-status"), code = search.getAttribute("data-code"),
    base = search.getAttribute("data-base"), single = search.hasAttribute("data-single"), idx = null, state = "", waiting = [], hits = [], cur = -1;
  var MARK = /\uE000([^\uE001]*)\uE001/g, CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{2ffff}]/u,
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
      idx = d; idx.ids = []; idx.low = []; idx.k = idx.k || []; idx.kids = []; idx.sig = null;
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
  function gaps(p) { var last = 0; return p.split(",").map(function (g) { return (last += parseInt(g, 36)); }); } // base-36 gaps
  function ids(i) { return idx.ids[i] || (idx.ids[i] = gaps(idx.p[i])); } // term i's sections
  function kids(i) { return idx.kids[i] || (idx.kids[i] = gaps(idx.k[i][2])); } // placeholder key i's sections
  function values() { // each key's text in effect, and its terms; texts lowercased again when they change
    var vs = idx.k.map(function (k) {
      var v = null;
      try { v = api.text ? api.text(k[0]) : null; } catch (e) { /* the build's value */ }
      return v == null ? k[1] : "" + v;
    });
    if (vs.join("\n") === idx.sig) return;
    idx.sig = vs.join("\n"); idx.low = []; idx.val = {};
    idx.vt = vs.map(function (v, i) { idx.val[idx.k[i][0]] = v; return tokens(v); });
  }
  function fill(s) { // search::fill
    return s && s.indexOf("\uE000") >= 0 ? s.replace(MARK, function (m, k) { return u.has(idx.val, k) ? idx.val[k] : ""; }) : s || "";
  }
  function low(i) { // [context and heading, text] lowercased: Section::title
    var s = idx.s[i];
    if (!idx.low[i]) idx.low[i] = [fill((s[4] ? s[4] + " " : "") + s[2]).toLowerCase(), fill(s[3]).toLowerCase()];
    return idx.low[i];
  }
  function runs(q) { return (q.match(new RegExp(CJK.source + "{2,}", "gu")) || []); }
  function find(query) { // search::Index::search_with
    var q = query.trim().toLowerCase(), toks = tokens(q).filter(function (t, i, a) { return a.indexOf(t) === i; });
    if (!toks.length) return [];
    values();
    var t = idx.t, found = null;
    toks.forEach(function (tok) {
      var set = {}, chars = Array.from(tok), i, one = CJK.test(chars[0]) && chars.length === 1;
      var match = function (v) { return one ? v.indexOf(tok) >= 0 : CJK.test(chars[0]) ? v === tok : v.lastIndexOf(tok, 0) === 0; };
      // A section with a reader's value matches the words of the value in effect.
      idx.vt.forEach(function (vt, j) { if (vt.some(match)) kids(j).forEach(function (s) { set[s] = 1; }); });
      if (one) {
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
      return { chapter: c[0], href: c[1] + (s[1] ? "#" + s[1] : ""), heading: fill(s[2]), context: fill(s[4]), text: fill(s[3]), section: x[1] };
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
    var items = list.querySelectorAll("[role=option]");
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
      li.setAttribute("role", "none");
      a.id = "search-hit-" + i;
      a.setAttribute("role", "option");
      a.href = href(h);
      a.tabIndex = -1;
      where.className = "search-where";
      where.textContent = [h.chapter, h.context, h.heading === h.chapter ? "" : h.heading].filter(Boolean).join(" › ");
      text.className = "search-snippet";
      text.appendChild(snippet(h.text || h.heading, query));
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
  input.addEventListener("input", run);
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (hits.length) select((cur + (e.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      var h = hits[cur < 0 ? 0 : cur];
      if (h) { close(); location.href = href(h); }
    }
  });
  search.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { e.preventDefault(); close(); return; }
    if (e.key !== "Tab") return;
    // A modal dialog: Tab and Shift+Tab go round its own controls.
    var stops = Array.prototype.filter.call(search.querySelectorAll("input, button"), (el) => !el.disabled && el.offsetParent !== null);
    var i = stops.indexOf(doc.activeElement), n = stops.length;
    e.preventDefault();
    if (n) stops[(i < 0 ? 0 : i + (e.shiftKey ? n - 1 : 1)) % n].focus();
  });
  var closer = search.querySelector(".search-close");
  if (closer) closer.addEventListener("click", close);
  search.addEventListener("click", function (e) { if (e.target === search) close(); });
  api._search = {
    open: function (q) {
      open();
      if (q != null) { input.value = q; run(); }
    },
    find: function (q, then) { load(function () { then(find(q)); }); },
  };
  api.tokens = tokens;
})();
