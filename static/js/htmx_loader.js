// htmx (15 KB) loads on intent: the first time a reader points at, touches or focuses an htmx
// control. Until then each control is the ordinary link or form it is without JavaScript, so a
// click before htmx has arrived is a plain navigation and is left alone.
(function () {
  "use strict";

  // templates/includes/htmx.html: django-htmx's script tags, inert inside a <template>.
  var template = document.getElementById("htmx-script");
  if (!template || !template.content) return;

  var CONTROLS = ["get", "post", "put", "patch", "delete"]
    .map(function (verb) { return "[data-hx-" + verb + "]"; })
    .join(",");
  var INTENT = ["pointerover", "pointerdown", "touchstart", "focusin"];
  var OPTIONS = { capture: true, passive: true };
  var requested = false;

  function inject() {
    var originals = template.content.querySelectorAll("script");
    for (var i = 0; i < originals.length; i++) {
      // A parsed <script> stays inert when moved; a created one is fetched and run.
      var script = document.createElement("script");
      for (var j = 0; j < originals[i].attributes.length; j++) {
        var attribute = originals[i].attributes[j];
        script.setAttribute(attribute.name, attribute.value);
      }
      script.async = false; // in order: htmx before django-htmx's debug script (DEBUG only)
      document.head.appendChild(script);
    }
  }

  function onIntent(event) {
    var target = event.target;
    if (!target || !target.closest || !target.closest(CONTROLS)) return;
    INTENT.forEach(function (type) { document.removeEventListener(type, onIntent, OPTIONS); });
    if (requested) return;
    requested = true;
    // htmx initialises on DOMContentLoaded, or at once if the document is complete: arriving
    // in between (readyState "interactive") it would wait for an event that has already fired.
    if (document.readyState === "complete") inject();
    else window.addEventListener("load", inject, { once: true });
  }

  INTENT.forEach(function (type) { document.addEventListener(type, onIntent, OPTIONS); });
  // Focus already on a control before this ran (a quick reader, or the browser restoring focus).
  if (document.activeElement) onIntent({ target: document.activeElement });
})();
