// Light/dark theme. Loaded synchronously in <head> (no inline scripts under our CSP) so that a
// remembered choice applies before the first paint, even on a page served from a cache.
// Without a choice the site follows the system setting (prefers-color-scheme) in CSS alone.
// The choice is kept in a cookie so the server can also render it (no flash, no JS needed).
(function () {
  "use strict";

  var COOKIE = "theme";
  var YEAR = 60 * 60 * 24 * 365;
  var root = document.documentElement;

  function remembered() {
    var match = document.cookie.match(/(?:^|;\s*)theme=(dark|light)(?:;|$)/);
    return match ? match[1] : "";
  }

  function systemPrefersDark() {
    return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }

  function current() {
    return root.getAttribute("data-theme") || (systemPrefersDark() ? "dark" : "light");
  }

  function apply(theme) {
    root.setAttribute("data-theme", theme);
  }

  function remember(theme) {
    var secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = COOKIE + "=" + theme + "; Path=/; Max-Age=" + YEAR + "; SameSite=Lax" + secure;
  }

  function syncButtons() {
    var dark = current() === "dark";
    var buttons = document.querySelectorAll("[data-theme-toggle]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", dark ? "true" : "false");
      buttons[i].hidden = false; // the toggle needs this script, so it starts hidden
    }
  }

  var saved = remembered();
  if (saved) apply(saved);
  // Tells the CSS the toggle is coming, so its place in the header is kept from the first paint
  // (shown only at DOMContentLoaded, it would otherwise push the header about as the page loads).
  root.setAttribute("data-theme-script", "");

  document.addEventListener("DOMContentLoaded", function () {
    syncButtons();
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-theme-toggle]");
      if (!button) return;
      var next = current() === "dark" ? "light" : "dark";
      apply(next);
      remember(next);
      syncButtons();
    });
    // Follow the system while the reader has not chosen.
    if (window.matchMedia) {
      var query = window.matchMedia("(prefers-color-scheme: dark)");
      var onChange = function () { if (!remembered()) syncButtons(); };
      if (query.addEventListener) query.addEventListener("change", onChange);
    }
  });
})();
