// The reader's preferences: theme, the depth they last read at, pop-ups on or off. They live in
// this browser only (localStorage), never in a cookie the server reads, so every reader of a URL
// gets the same page and any shared cache can keep it (igfapp/caching.py). Without JavaScript the
// site still works; it only forgets the preferences.
//
// Loaded synchronously in <head> (no inline scripts under our CSP), so that a remembered theme and
// depth apply before the first paint, even on a page served from a cache: no flash, no layout shift.
(function () {
  "use strict";

  var KEYS = { theme: "igf:theme", depth: "igf:depth", popups: "igf:popups" };
  var SLUG = /^[a-z0-9-]{1,60}$/;
  var root = document.documentElement;

  function read(name) {
    try { return window.localStorage.getItem(KEYS[name]) || ""; } catch (e) { return ""; }
  }

  function write(name, value) {
    try {
      if (value) window.localStorage.setItem(KEYS[name], value);
      else window.localStorage.removeItem(KEYS[name]);
    } catch (e) { /* storage off (private mode): the preference lasts for this page only */ }
  }

  window.igfPrefs = { get: read, set: write, popupsOff: function () { return read("popups") === "off"; } };

  // --- Theme: light or dark; without a choice the CSS follows prefers-color-scheme alone ---

  function systemPrefersDark() {
    return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }

  function currentTheme() {
    return root.getAttribute("data-theme") || (systemPrefersDark() ? "dark" : "light");
  }

  function syncThemeButtons() {
    var dark = currentTheme() === "dark";
    var buttons = document.querySelectorAll("[data-theme-toggle]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", dark ? "true" : "false");
      buttons[i].hidden = false; // the toggle needs this script, so it starts hidden
    }
  }

  var theme = read("theme");
  if (theme === "dark" || theme === "light") root.setAttribute("data-theme", theme);
  // Tells the CSS the toggle is coming, so its place in the header is kept from the first paint.
  root.setAttribute("data-theme-script", "");

  // --- Depth: "continue at your level" on the home page, the chosen card marked ---

  // Shown before the first paint with a stylesheet of our own (CSSOM, allowed by the CSP): the
  // page's markup has a hidden "Continue" link per tier, and only this rule picks one.
  function showChosenDepth(slug) {
    var rules =
      '.hero__continue[data-continue="' + slug + '"]{display:inline-flex}' +
      '.hero__continue[data-continue="' + slug + '"]~.hero__start{display:none}' +
      '.depth-card[data-tier="' + slug + '"]{border-width:3px;border-color:var(--accent)}' +
      '.depth-card[data-tier="' + slug + '"] .depth-card__yours{display:inline}';
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(rules);
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
    } catch (e) { /* an old browser: the home page simply offers "Start with" */ }
  }

  var depth = read("depth");
  if (SLUG.test(depth)) showChosenDepth(depth);

  function rememberDepth() {
    var article = document.getElementById("article-content");
    var tier = article && article.getAttribute("data-tier");
    if (tier && SLUG.test(tier)) write("depth", tier);
  }

  // --- Pop-ups: the preference page and the glossary say whether they are on, and switch them ---

  function syncPopupSetting() {
    var off = window.igfPrefs.popupsOff();
    var words = document.querySelectorAll("[data-popups-word]");
    for (var i = 0; i < words.length; i++) words[i].textContent = off ? "off" : "on";
    var toggles = document.querySelectorAll("[data-popups-toggle]");
    for (var j = 0; j < toggles.length; j++) {
      toggles[j].textContent = off ? "Turn pop-ups on" : "Turn pop-ups off";
      toggles[j].setAttribute("aria-pressed", off ? "false" : "true");
    }
    var shown = document.querySelectorAll("[data-needs-script]");
    for (var k = 0; k < shown.length; k++) shown[k].hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    syncThemeButtons();
    rememberDepth();
    syncPopupSetting();
    document.addEventListener("click", function (event) {
      var themeButton = event.target.closest && event.target.closest("[data-theme-toggle]");
      if (themeButton) {
        var next = currentTheme() === "dark" ? "light" : "dark";
        root.setAttribute("data-theme", next);
        write("theme", next);
        syncThemeButtons();
        return;
      }
      var popupsButton = event.target.closest && event.target.closest("[data-popups-toggle]");
      if (popupsButton) {
        write("popups", window.igfPrefs.popupsOff() ? "" : "off");
        syncPopupSetting();
      }
    });
    // The depth switch swaps the article in with htmx: the reader chose another tier.
    document.addEventListener("htmx:afterSettle", rememberDepth);
    // Follow the system while the reader has not chosen a theme.
    if (window.matchMedia) {
      var query = window.matchMedia("(prefers-color-scheme: dark)");
      var onChange = function () { if (!read("theme")) syncThemeButtons(); };
      if (query.addEventListener) query.addEventListener("change", onChange);
    }
  });
})();
