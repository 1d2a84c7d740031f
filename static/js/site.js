// Progressive enhancement only: every link and form works without this file.
(function () {
  "use strict";

  // After htmx swaps an article in, keep the page title in step and move focus to where the
  // reader landed, so keyboard and screen-reader users are not left at the old position.
  document.addEventListener("htmx:afterSettle", function (event) {
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
})();
