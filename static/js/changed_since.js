// "Changed since your last visit": on a tier, each section that changed (not minor) after the newest
// change this reader had seen there is marked. The page is the same bytes for everyone: each section
// carries the date of its last change (data-changed, from the public change log); what this reader
// last saw is kept in this browser only (localStorage), like the other preferences.
(function () {
  "use strict";
  var KEY = "igf:seen-changes"; // {tier slug: the newest change seen there, in ms since 1970}

  function load() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return value && typeof value === "object" ? value : {};
    } catch (e) { return {}; }
  }

  function mark(root) {
    var article = root.querySelector ? (root.matches && root.matches("article[data-tier]") ? root : root.querySelector("article[data-tier]")) : null;
    if (!article) return;
    var tier = article.getAttribute("data-tier");
    var seenAll = load();
    var seen = typeof seenAll[tier] === "number" ? seenAll[tier] : null;
    var newest = seen === null ? 0 : seen;
    var sections = article.querySelectorAll("[data-changed]");
    for (var i = 0; i < sections.length; i++) {
      var changed = Date.parse(sections[i].getAttribute("data-changed"));
      if (isNaN(changed)) continue;
      var marker = sections[i].querySelector("[data-changed-marker]");
      // A first visit marks nothing: every section is new to this reader.
      if (marker) marker.hidden = !(seen !== null && changed > seen);
      if (changed > newest) newest = changed;
    }
    seenAll[tier] = newest;
    try { window.localStorage.setItem(KEY, JSON.stringify(seenAll)); } catch (e) { /* storage off: no marks */ }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { mark(document); });
  } else {
    mark(document);
  }
  // The depth switch swaps a tier in over htmx.
  document.addEventListener("htmx:afterSettle", function (event) { mark(event.detail.elt || document); });
})();
