// The lifestyle-factor table, enhanced. Without this file every control still works: "Details"
// is a link to the same view with that row open, and the filters are a plain GET form.
(function () {
  "use strict";

  var TOGGLE = "[data-factor-toggle]";

  // A "Details" link becomes a real disclosure button: it opens and closes its row in place,
  // with Enter and Space, and tells assistive technology whether the row is expanded.
  function enhance(root) {
    if (!root || !root.querySelectorAll) return;
    var links = root.querySelectorAll("a" + TOGGLE);
    Array.prototype.forEach.call(links, function (link) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = link.className;
      button.setAttribute("data-factor-toggle", "");
      button.setAttribute("aria-expanded", link.getAttribute("aria-expanded") || "false");
      button.setAttribute("aria-controls", link.getAttribute("aria-controls"));
      while (link.firstChild) button.appendChild(link.firstChild);
      link.parentNode.replaceChild(button, link);
    });
  }

  function setOpen(button, open) {
    var detail = document.getElementById(button.getAttribute("aria-controls"));
    if (!detail) return;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    detail.hidden = !open;
  }

  function toggle(button) {
    setOpen(button, button.getAttribute("aria-expanded") !== "true");
  }

  // Arriving at /factors/#factor-<slug> (from search or the glossary) opens that row's details.
  function openTargetedRow() {
    if (location.hash.indexOf("#factor-") !== 0) return;
    var row = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var button = row && row.matches("tbody.factor") ? row.querySelector("button" + TOGGLE) : null;
    if (button) setOpen(button, true);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button" + TOGGLE) : null;
    if (button) toggle(button);
  });

  function canonicalQuery(pairs) {
    return pairs
      .map(function (pair) { return encodeURIComponent(pair[0]) + "=" + encodeURIComponent(pair[1]); })
      .sort()
      .join("&");
  }

  // Empty filters stay out of the URL, so a shared link says only what was chosen; and a form
  // event that would ask for the view already shown (a text field losing focus, Enter after the
  // live filter ran) sends nothing, so Back never meets the same view twice.
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt;
    if (!form || form.id !== "factor-filters") return;
    var params = event.detail.parameters;
    var empty = [];
    var kept = [];
    params.forEach(function (value, name) {
      if (value === "") empty.push(name);
      else kept.push([name, value]);
    });
    empty.forEach(function (name) {
      params.delete(name);
    });
    var shown = [];
    new URLSearchParams(location.search).forEach(function (value, name) {
      if (name !== "open") shown.push([name, value]);
    });
    if (canonicalQuery(kept) === canonicalQuery(shown)) event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    openTargetedRow();
  });
  window.addEventListener("hashchange", openTargetedRow);
  document.addEventListener("htmx:load", function (event) {
    enhance(event.detail.elt);
  });
})();
