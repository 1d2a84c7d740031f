// The axis diagram's lifestyle overlay, without a reload. Without this file the legend's links
// (?factor=<slug>) reach the server, which renders the same highlight.
// What each factor lights up comes from the server (data-axis-highlight, built from the mechanism
// data in igfapp/diagram.py); this file only applies it. Delegated listeners keep it working
// after htmx swaps an article that contains the diagram.
(function () {
  "use strict";

  function select(axis, link) {
    var slug = link.getAttribute("data-axis-factor") || "";
    var keys = (link.getAttribute("data-axis-highlight") || "").split(/\s+/).filter(Boolean);
    var lit = {};
    keys.forEach(function (key) { lit[key] = true; });

    var parts = axis.querySelectorAll("[data-axis-key]");
    for (var i = 0; i < parts.length; i++) {
      parts[i].classList.toggle("is-active", !!lit[parts[i].getAttribute("data-axis-key")]);
    }
    axis.classList.toggle("has-factor", slug !== "");

    var links = axis.querySelectorAll("[data-axis-factor]");
    for (var j = 0; j < links.length; j++) {
      if (links[j] === link) links[j].setAttribute("aria-current", "true");
      else links[j].removeAttribute("aria-current");
    }
    // Panels sit in an aria-live region: showing one announces where the factor acts.
    var panels = axis.querySelectorAll("[data-axis-panel]");
    for (var k = 0; k < panels.length; k++) {
      panels[k].hidden = panels[k].getAttribute("data-axis-panel") !== slug;
    }
  }

  function rememberInUrl(link) {
    // The address becomes the link's own (?factor=<slug>#axis-diagram), the URL that renders the
    // same highlight without JS: shareable, without adding history entries (htmx's state is kept).
    history.replaceState(history.state, "", link.href);
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest("a[data-axis-factor]");
    if (!link) return;
    var axis = link.closest("[data-axis]");
    if (!axis) return;
    event.preventDefault();
    select(axis, link);
    rememberInUrl(link);
  });
})();
