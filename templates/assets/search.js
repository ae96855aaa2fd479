/* Client-side search over the generated index (assets/search-index.js); works from file://. */
(function () {
  "use strict";
  var index = window.LEADRULES_SEARCH_INDEX || [];
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  if (!input || !results) return;

  /* What matched, when it is not the id or title: the part of the entry's text (parts are joined by " · ") with a query word, shortened. */
  function matchedPart(entry, words) {
    var named = (entry.id + " " + entry.title).toLowerCase();
    var parts = entry.text.split(" · ");
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i].toLowerCase();
      var shows = words.some(function (w) { return named.indexOf(w) === -1 && part.indexOf(w) !== -1; });
      if (shows) return parts[i].length > 100 ? parts[i].slice(0, 99) + "…" : parts[i];
    }
    return "";
  }

  function render(query) {
    results.textContent = "";
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    var hits = index.filter(function (entry) {
      var haystack = (entry.id + " " + entry.title + " " + entry.text).toLowerCase();
      return words.every(function (w) { return haystack.indexOf(w) !== -1; });
    });
    hits.sort(function (a, b) {
      var exact = Number(b.id.toLowerCase() === query.toLowerCase()) - Number(a.id.toLowerCase() === query.toLowerCase());
      return exact || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
    hits.slice(0, 30).forEach(function (entry) {
      var item = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = entry.kind;
      var link = document.createElement("a");
      link.href = entry.href;
      link.textContent = entry.id;
      var title = document.createElement("span");
      title.textContent = " " + entry.title;
      item.appendChild(kind);
      item.appendChild(link);
      item.appendChild(title);
      var why = matchedPart(entry, words);
      if (why) {
        var matched = document.createElement("span");
        matched.className = "matched";
        matched.textContent = " (" + why + ")";
        item.appendChild(matched);
      }
      results.appendChild(item);
    });
    if (hits.length === 0) {
      var none = document.createElement("li");
      none.textContent = "No match.";
      results.appendChild(none);
    }
  }

  input.addEventListener("input", function () { render(input.value.trim()); });
})();
