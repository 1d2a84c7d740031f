// Questions at each depth (templates/articles/_questions.html). Every question works without this
// file: its form submits to the page, which shows the result. With htmx the result comes in place;
// this moves focus to it (a live region, so it is also announced) and keeps the reader's progress,
// "3 of 12 questions answered at this depth", in this browser only (localStorage, like
// static/js/prefs.js): the server stores nothing and every reader gets the same page. An answer
// also goes to the spaced-review schedule (static/js/review.js, with the scheduler, in js/learning.js):
// that script is fetched on the first answer (its URL in the result's `data-scheduler`), never on a
// first visit.
(function () {
  "use strict";

  var KEY = "igf:answered"; // {tier slug: {question slug: 1}}
  var SLUG = /^[a-z0-9-]{1,120}$/;

  function load() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return value && typeof value === "object" ? value : {};
    } catch (e) {
      return {};
    }
  }

  function save(value) {
    try { window.localStorage.setItem(KEY, JSON.stringify(value)); } catch (e) { /* storage off: this page only */ }
  }

  function tierOf(node) {
    var article = node.closest ? node.closest("[data-tier]") : null;
    var tier = article ? article.getAttribute("data-tier") : "";
    return SLUG.test(tier) ? tier : "";
  }

  function record(question) {
    var slug = question ? question.getAttribute("data-question") : "";
    var tier = question ? tierOf(question) : "";
    if (!SLUG.test(slug || "") || !tier) return;
    var all = load();
    if (!all[tier] || typeof all[tier] !== "object") all[tier] = {};
    all[tier][slug] = 1;
    save(all);
  }

  function update() {
    var progress = document.querySelector("[data-quiz-progress]");
    if (!progress) return;
    var answered = load()[progress.getAttribute("data-tier")] || {};
    var questions = document.querySelectorAll("[data-question]");
    var count = 0;
    for (var i = 0; i < questions.length; i++) {
      if (answered[questions[i].getAttribute("data-question")]) count++;
    }
    var text = count + " of " + questions.length + " questions answered at this depth";
    if (progress.textContent !== text) progress.textContent = text;
    progress.hidden = false;
  }

  // A result on the page (the no-JavaScript URL, reloaded or shared) counts as answered.
  function recordShownResults() {
    var shown = document.querySelectorAll("[data-question] [data-answered]");
    for (var i = 0; i < shown.length; i++) record(shown[i].closest("[data-question]"));
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var swapped = event.detail.target || event.detail.elt;
    var result = swapped && swapped.closest ? swapped.closest("[data-question-result]") : null;
    if (result) {
      record(result.closest("[data-question]"));
      result.focus({ preventScroll: false });
      if (window.igfReview) window.igfReview.answered(result);
      else if (!window.igfFirstAnswer) { // the first answer fetches review.js, which takes it from here
        window.igfFirstAnswer = result;
        document.head.appendChild(document.createElement("script")).src = result.firstElementChild.getAttribute("data-scheduler");
      }
    } else {
      recordShownResults(); // an article swapped in by the depth switch
    }
    update();
  });

  function init() {
    recordShownResults();
    update();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
