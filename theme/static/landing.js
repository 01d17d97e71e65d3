/* The landing page: sends the reader to the language they chose before, or
   the first one their browser asks for; without a match, the list stays. */
(function () {
  var links = document.querySelectorAll(".landing-languages a[data-lang]");
  var byCode = {};
  for (var i = 0; i < links.length; i++) byCode[links[i].getAttribute("data-lang")] = links[i].getAttribute("href");
  var wanted = [];
  try { var saved = localStorage.getItem("netplate-lang"); if (saved) wanted.push(saved); } catch (e) { /* storage unavailable */ }
  wanted = wanted.concat(navigator.languages || [navigator.language || ""]);
  for (var j = 0; j < wanted.length; j++) {
    var w = (wanted[j] || "").toLowerCase();
    for (var code in byCode) {
      var c = code.toLowerCase();
      if (w === c || w.split("-")[0] === c.split("-")[0]) { location.replace(byCode[code] + location.search + location.hash); return; }
    }
  }
})();
