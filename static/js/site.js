// Progressive enhancement only: every link and form works without this file.
(function () {
  "use strict";

  // After htmx swaps an article in, keep the page title in step and move focus to where the
  // reader landed, so keyboard and screen-reader users are not left at the old position.
  document.addEventListener("htmx:afterSettle", function (event) {
    // The factor table swaps its own parts; htmx keeps focus on the control the reader used.
    var settled = event.detail.elt;
    if (settled && settled.closest && settled.closest("[data-factor-table]")) return;
    // A question's result comes into its own live region; static/js/questions.js focuses it.
    if (settled && settled.closest && settled.closest("[data-question]")) return;
    var article = event.detail.elt && event.detail.elt.closest ? document.getElementById("article-content") : null;
    if (!article) return;
    if (article.dataset.pageTitle) document.title = article.dataset.pageTitle;
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (!target) target = document.getElementById("article-title");
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    }
  });

  // The site menu is a <details> disclosure on narrow screens; wide screens show its links as a
  // row (CSS ::details-content). Browsers without ::details-content get it opened instead.
  var menu = document.querySelector(".site-menu");
  var supportsDetailsContent = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
  if (menu && !supportsDetailsContent && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 60rem)");
    var sync = function () { if (wide.matches) menu.open = true; };
    sync();
    if (wide.addEventListener) wide.addEventListener("change", sync);
  }
  // Escape closes the open menu and returns focus to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !menu || !menu.open) return;
    var summary = menu.querySelector("summary");
    if (!summary || getComputedStyle(summary).display === "none") return;
    menu.open = false;
    summary.focus();
  });
})();
