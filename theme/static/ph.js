/* netplate personalised values: the page's addresses become the reader's (loaded on pages with placeholders).
   The rules are those of src/placeholder/input.rs, check for check. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement, api = window.netplate, u = api && api._, data = null;
  var form = doc.getElementById("ph-form"), has = u && u.has;
  try { data = JSON.parse(doc.getElementById("netplate-ph").textContent); } catch (e) { /* no placeholders */ }
  if (!u || !data) return;
  var O = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)", IP = new RegExp("^" + O + "(\\." + O + "){3}$");
  var W = "[\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+", TRIM = new RegExp("^" + W + "|" + W + "$", "g");
  var trim = (s) => String(s == null ? "" : s).replace(TRIM, ""); // str::trim
  var ip = (s) => IP.test(s) ? s.split(".").reduce((n, o) => n * 256 + +o, 0) : -1; // Ipv4Addr::from_str, or -1
  var dotted = (n) => [n >>> 24, n >>> 16 & 255, n >>> 8 & 255, n & 255].join(".");
  var unzeroed = (s) => { // without_leading_zeros: `010.0.0.1` → `10.0.0.1`, else ""
    var p = s.split(".");
    return p.length === 4 && p.every((o) => /^\d{1,3}$/.test(o) && +o <= 255) && p.some((o) => o.length > 1 && o[0] === "0") ? p.map((o) => "" + +o).join(".") : "";
  };
  var fill = (t, params) => params.reduce((t, p) => t.split("{" + p[0] + "}").join(p[1]), t);
  var fail = (code, field, params) => ({ ok: false, error: { code: code, field: field, message: fill(has(data.messages, code) ? data.messages[code] : code, params) } });
  function parseSubnet(text) {
    var value = trim(text), range = data.prefixRange, slash = value.indexOf("/"), addr = ip(value.slice(0, slash)), prefix = value.slice(slash + 1);
    var err = (code, more) => fail(code, "subnet", [["value", value], ["example", data.defaults.subnet]].concat(more || []));
    if (!value) return err("empty");
    if (value.indexOf(":") >= 0) return err("ipv6");
    var number = /^\d{1,2}$/.test(prefix), fixed = unzeroed(slash < 0 ? value : value.slice(0, slash));
    if (slash < 0) return ip(value) >= 0 ? err("no-prefix") : fixed ? err("leading-zero", [["fixed", fixed]]) : err("malformed");
    if (addr < 0) return fixed && number ? err("leading-zero", [["fixed", fixed + "/" + +prefix]]) : err("malformed");
    if (!number) return err("malformed");
    if (prefix.length > 1 && prefix[0] === "0") return err("leading-zero", [["fixed", dotted(addr) + "/" + +prefix]]);
    if (prefix < range[0] || prefix > range[1]) return err("prefix-range", [["prefix", "" + +prefix]]);
    var size = Math.pow(2, 32 - prefix), net = addr - addr % size, cidr = dotted(net) + "/" + +prefix;
    if (net !== addr) return err("host-bits", [["network", cidr]]);
    for (var i = 0; i < data.unusable.length; i++) { // UNUSABLE: the subnet may overlap none
      var x = data.unusable[i], xs = x[1].split("/"), xn = ip(xs[0]), xsize = Math.pow(2, 32 - xs[1]);
      if ((net >= xn && net < xn + xsize) || (xn >= net && xn < net + size)) return err(x[0], [["range", x[1]]]);
    }
    return { ok: true, net: net, top: size - 1, cidr: cidr };
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
        var num = text.replace(/^\./, ""), lz = unzeroed(text) || (/^0\d+$/.test(num) ? text.slice(0, text.length - num.length) + (num.replace(/^0+/, "") || "0") : "");
        if (lz) return fail("leading-zero", s.name, [["value", text], ["fixed", lz]]);
        n = ip(text) >= 0 ? ip(text) : /^\.?\d{1,10}$/.test(text) && net + +text.replace(".", "") <= 4294967295 ? net + +text.replace(".", "") : -1;
        var code = n < 0 ? "slot-malformed" : n < net || n > net + top ? "slot-outside" : n === net ? "slot-network"
          : n === net + top ? "slot-broadcast" : has(taken, n) ? "slot-taken" : "";
        if (code) return fail(code, s.name, [["value", text], ["subnet", cidr], ["first", dotted(net + 1)], ["last", dotted(net + top - 1)],
          ["default", "" + s.default], ["label", s.label], ["what", taken[n]]].slice(0, code === "slot-taken" ? 7 : 6));
      } else { // the default offset if it fits and is free, else the highest free host
        n = s.default >= 1 && s.default < top && !has(taken, net + s.default) ? net + s.default : -1;
        for (o = top - 1; n < 0 && o >= 1; o--) if (!has(taken, net + o)) n = net + o;
        if (n < 0) return fail("slot-full", "subnet", [["subnet", cidr], ["label", s.label]]);
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
      : key === "netmask" ? dotted(4294967295 - top) : key === "last" ? dotted(net + top - 1) : key === "broadcast" ? dotted(net + top)
      : v.slots && has(v.slots, key) ? v.slots[key] : dotted(net);
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
  api.values = () => applied;

  /* The form. Typing changes nothing: values are applied, saved and put in the URL only when the whole
     input is valid and the reader applies it (Enter or Apply). A slot field showing the default the
     script filled in ("auto") follows the subnet until edited. */
  if (!form) return;
  var subnetIn = form.querySelector("input[name=subnet]"), fields = [], auto = {}, timer = 0, pending = null, built = resolve(applied.subnet);
  var status = form.querySelector(".ph-status"), now = doc.getElementById("ph-now"), panel = doc.getElementById("ph-panel");
  data.slots.forEach((s) => {
    var input = form.querySelector("input[data-slot='" + s.name + "']");
    if (!input) return;
    var label = form.querySelector("label[for='" + input.id + "']");
    fields.push({ name: s.name, param: s.param, label: label ? label.textContent : s.label, input: input });
    auto[s.name] = built.ok && built.values.slots[s.name] === input.value;
    input.placeholder = applied.slots[s.name] || "";
  });
  var typed = (f) => auto[f.name] ? "" : trim(f.input.value);
  var draft = () => { var slots = {}; fields.forEach((f) => { slots[f.name] = typed(f); }); return resolve(subnetIn.value, slots); };
  var same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  function say(key) { if (status) status.textContent = key ? form.getAttribute("data-" + key) || "" : ""; }
  function showError(err) { // the message beside the field it concerns; null clears
    var f = err && (fields.filter((f) => f.name === err.field)[0] || { param: "subnet", input: subnetIn });
    pending = null;
    clearTimeout(timer);
    form.querySelectorAll(".ph-error").forEach((o) => { o.textContent = f && o.getAttribute("data-for") === f.param ? err.message : ""; });
    form.querySelectorAll("input").forEach((i) => f && i === f.input ? i.setAttribute("aria-invalid", "true") : i.removeAttribute("aria-invalid"));
    if (f && panel) panel.open = true;
    return f && f.input;
  }
  function show(v) { // what is in effect: in the summary, as placeholders, and in the "auto" fields
    fields.forEach((f) => {
      f.input.placeholder = v.slots[f.name];
      if (auto[f.name]) f.input.value = v.slots[f.name];
    });
    if (now) now.textContent = [v.subnet].concat(fields.map((f) => f.label + " " + v.slots[f.name])).join(" · ");
  }
  function commit(v) { // apply the values, save them and put them in the URL
    var stored = {}, changes = { subnet: v.subnet, os: api.os() };
    apply(v);
    show(v);
    fields.forEach((f) => { if ((changes[f.param] = typed(f))) stored[f.param] = typed(f); });
    u.save("netplate-subnet", v.subnet);
    u.save("netplate-slots", JSON.stringify(stored));
    u.setQuery(changes);
    doc.dispatchEvent(new CustomEvent("netplate:values", { detail: v }));
  }
  function check(atOnce) { // while typing: the message after a pause (or at once), never a change to the page
    var r = draft();
    clearTimeout(timer);
    if (r.ok) {
      showError(null);
      return say(same(r.values, applied) ? "" : "pending");
    }
    pending = r.error;
    say("");
    if (atOnce) showError(r.error);
    else timer = setTimeout(() => showError(pending), 700);
  }
  form.addEventListener("input", (e) => {
    auto[e.target.getAttribute("data-slot")] = false;
    check(false);
  });
  form.addEventListener("change", () => pending && showError(pending));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    var r = draft();
    if (!r.ok) { say(""); return void showError(r.error).focus(); }
    showError(null);
    commit(r.values);
    say("applied");
  });
  var reset = form.querySelector(".ph-reset"), link = form.querySelector(".ph-copy-link");
  if (reset) reset.addEventListener("click", () => {
    var r = resolve(data.defaults.subnet);
    u.drop("netplate-subnet");
    u.drop("netplate-slots");
    showError(null);
    say("");
    fields.forEach((f) => { auto[f.name] = true; });
    if (r.ok) { subnetIn.value = r.values.subnet; apply(r.values); show(r.values); doc.dispatchEvent(new CustomEvent("netplate:values", { detail: r.values })); }
    u.setQuery({}, true);
  });
  if (link) link.addEventListener("click", () => {
    var q = "?subnet=" + u.enc(applied.subnet), os = api.os();
    fields.forEach((f) => { if (applied.slots[f.name]) q += "&" + u.enc(f.param) + "=" + u.enc(applied.slots[f.name]); });
    u.clip(u.bare() + q + (os ? "&os=" + u.enc(os) : "") + location.hash, () => u.flash(link, form.getAttribute("data-link-copied") || u.copiedLabel), link);
  });

  /* On load: the URL's values, else the stored ones, else the page as built. A bad value in the URL
     is shown in its field, and the page keeps the values it was built with. */
  var query = u.query, fromUrl = query.has("subnet") || fields.some((f) => query.has(f.param)), stored = null;
  if (!fromUrl && u.load("netplate-subnet") == null) return;
  try { stored = fromUrl ? null : JSON.parse(u.load("netplate-slots")); } catch (e) { /* ignore */ }
  subnetIn.value = fromUrl ? (query.has("subnet") ? query.get("subnet") : data.defaults.subnet) : u.load("netplate-subnet");
  fields.forEach((f) => {
    var v = fromUrl ? query.get(f.param) : stored && stored[f.param];
    f.input.value = typeof v === "string" ? v : "";
    auto[f.name] = !trim(v);
  });
  var r = draft();
  if (!r.ok) return void showError(r.error);
  apply(r.values);
  show(r.values);
  if (fromUrl) { // a shared link's values become the reader's own
    u.save("netplate-subnet", r.values.subnet);
    var kept = {};
    fields.forEach((f) => { if (typed(f)) kept[f.param] = typed(f); });
    u.save("netplate-slots", JSON.stringify(kept));
  }
})();
