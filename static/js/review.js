// Spaced review (issue 25): each answered question is scheduled with FSRS (ts-fsrs, vendored in
// static/vendor/ts-fsrs and bundled before this file into js/learning.js), in this browser only.
// The schedule lives in localStorage beside the progress questions.js keeps; no request carries it
// and no page depends on it: /review/ is the same bytes for everyone, and this script picks from its
// <template> the questions the schedule says are due. Loaded by /review/, and by questions.js on a
// reader's first answer on a tier (never on a first visit).
(function () {
  "use strict";

  var FSRS = window.FSRS;
  if (!FSRS || window.igfReview) return;

  var KEY = "igf:review"; // {v: 1, cards: {question slug: entry}}, entry below
  var SLUG = /^[a-z0-9-]{1,120}$/;
  // A second answer to the same question within this time is the same sitting: it does not count
  // as a review (the first try does), though how sure the reader was can still be said.
  var SITTING_MS = 10 * 60 * 1000;
  // FSRS's own default weights and retention; no fuzz (the same answers give the same days) and no
  // minute-long learning steps: a reader's review is days away. tests/test_learning_schedule.py
  // checks these intervals against the reference scheduler (the Python `fsrs` package).
  var PARAMETERS = { enable_fuzz: false, enable_short_term: true, learning_steps: [], relearning_steps: [] };
  var scheduler = FSRS.fsrs(FSRS.generatorParameters(PARAMETERS));
  var DAY = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long" });

  // entry: {t: tier slug, c: the card now, p: the card before the last answer, a: when answered
  // (ms), w: answered wrongly?, s: sure? (true, false, or null when not said)}
  function load() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "null");
      if (value && value.v === 1 && value.cards && typeof value.cards === "object") return value;
    } catch (e) { /* unreadable: start again */ }
    return { v: 1, cards: {} };
  }

  function save(value) {
    try { window.localStorage.setItem(KEY, JSON.stringify(value)); } catch (e) { /* storage off: this page only */ }
  }

  function clear() {
    try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
  }

  function card(stored) {
    var copy = {};
    for (var name in stored) copy[name] = stored[name];
    copy.due = new Date(stored.due);
    copy.last_review = stored.last_review ? new Date(stored.last_review) : undefined;
    return copy;
  }

  function rating(right, sure) {
    if (!right) return FSRS.Rating.Again; // a wrong answer comes back soon, sure or not
    return sure === false ? FSRS.Rating.Hard : FSRS.Rating.Good;
  }

  // An answer: the card moves on from where it was (a new card for a first answer).
  function answer(slug, tier, right) {
    var all = load();
    var now = new Date();
    var entry = all.cards[slug];
    if (entry && now.getTime() - entry.a < SITTING_MS) return entry; // the same sitting: the first try counts
    var before = entry ? card(entry.c) : FSRS.createEmptyCard(now);
    entry = { t: tier, p: before, a: now.getTime(), w: !right, s: null };
    entry.c = scheduler.next(before, now, rating(right, null)).card;
    all.cards[slug] = entry;
    save(all);
    return entry;
  }

  // How sure the reader was: the last answer graded again, from the card before it.
  function certainty(slug, sure) {
    var all = load();
    var entry = all.cards[slug];
    if (!entry) return null;
    entry.s = sure;
    entry.c = scheduler.next(card(entry.p), new Date(entry.a), rating(!entry.w, sure)).card;
    save(all);
    return entry;
  }

  function dueText(entry) {
    var due = new Date(entry.c.due);
    var days = Math.round((due.getTime() - Date.now()) / 86400000);
    var when = days <= 0 ? "today" : days === 1 ? "tomorrow" : "in " + days + " days";
    return "It comes back for review " + when + " (" + DAY.format(due) + ").";
  }

  // After a result: ask how sure the reader was, and say when the question comes back. Built from
  // the site's existing classes (a pressed choice is a filled button): no stylesheet of its own.
  function offerCertainty(question, result, entry) {
    var old = question.querySelector("[data-certainty]");
    if (old) old.parentNode.removeChild(old);
    var id = (question.id || "question") + "-certainty";
    var box = document.createElement("div");
    box.className = "question__more";
    box.setAttribute("data-certainty", "");
    box.setAttribute("role", "group");
    box.setAttribute("aria-labelledby", id);
    var label = document.createElement("p");
    label.id = id;
    label.textContent = "How sure were you?";
    var choices = document.createElement("p");
    var next = document.createElement("p");
    next.setAttribute("aria-live", "polite");
    next.textContent = dueText(entry);
    [[true, "Sure"], [false, "Unsure, or a guess"]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--quiet";
      button.setAttribute("aria-pressed", "false");
      button.setAttribute("data-sure", pair[0] ? "yes" : "no");
      button.textContent = pair[1];
      button.addEventListener("click", function () {
        var updated = certainty(question.getAttribute("data-question") || question.getAttribute("data-review-question"), pair[0]);
        var buttons = box.querySelectorAll("[data-sure]");
        for (var i = 0; i < buttons.length; i++) {
          buttons[i].setAttribute("aria-pressed", String(buttons[i] === button));
          buttons[i].className = buttons[i] === button ? "button" : "button button--quiet";
        }
        if (updated) next.textContent = dueText(updated);
      });
      choices.appendChild(button);
      choices.appendChild(document.createTextNode(" "));
    });
    box.appendChild(label);
    box.appendChild(choices);
    box.appendChild(next);
    result.parentNode.insertBefore(box, result.nextSibling);
    return box;
  }

  function outcome(result) {
    var shown = result.querySelector("[data-answered]");
    return shown ? shown.getAttribute("data-answered") : "";
  }

  // A question answered on a tier (or a practice question on /review/): its result, from questions.js.
  function answered(result) {
    var question = result.closest("[data-question]");
    var slug = question ? question.getAttribute("data-question") : "";
    var holder = question && question.closest ? question.closest("[data-tier]") : null;
    var tier = holder ? holder.getAttribute("data-tier") : "";
    var right = outcome(result);
    if (!SLUG.test(slug || "") || !SLUG.test(tier || "") || !right) return;
    offerCertainty(question, result, answer(slug, tier, right === "right"));
  }

  // --- /review/ --------------------------------------------------------------------------------

  function reviewPage(root) {
    var template = document.getElementById("review-questions");
    var app = root.querySelector("[data-review-app]");
    if (!template || !template.content || !app) return;
    var count = app.querySelector("[data-review-count]");
    var current = app.querySelector("[data-review-current]");
    var cleared = app.querySelector("[data-review-cleared]");
    var questions = {};
    var nodes = template.content.querySelectorAll("[data-review-question]");
    for (var i = 0; i < nodes.length; i++) questions[nodes[i].getAttribute("data-review-question")] = nodes[i];

    function rank(slug, entry) {
      if (entry.w && entry.s === true && questions[slug].hasAttribute("data-evidence")) return 0;
      return entry.w && entry.s === true ? 1 : 2;
    }

    function due() {
      var cards = load().cards;
      var now = Date.now();
      var list = [];
      var later = null;
      for (var slug in cards) {
        if (!questions[slug] || !cards[slug] || !cards[slug].c) continue; // not a question of this page
        var when = new Date(cards[slug].c.due).getTime();
        if (when <= now) list.push({ slug: slug, entry: cards[slug], due: when, rank: rank(slug, cards[slug]) });
        else if (later === null || when < later) later = when;
      }
      list.sort(function (a, b) { return a.rank - b.rank || a.due - b.due || (a.slug < b.slug ? -1 : 1); });
      return { list: list, later: later };
    }

    function say(text) { if (count.textContent !== text) count.textContent = text; }

    function show(moveFocus) {
      current.textContent = "";
      var found = due();
      if (!found.list.length) {
        say("Nothing is due now. " + (found.later !== null
          ? "The next question is due on " + DAY.format(new Date(found.later)) + "."
          : "Answer questions on the tiers, and they come back here when they are due."));
        if (moveFocus) count.parentNode.querySelector("h2").focus();
        return;
      }
      var n = found.list.length;
      say(n === 1 ? "1 question is due." : n + " questions are due.");
      var first = found.list[0];
      var node = document.importNode(questions[first.slug], true);
      if (first.rank === 0) {
        var flag = node.querySelector("[data-review-flag]");
        if (flag) flag.hidden = false;
      }
      current.appendChild(node);
      wire(node);
      if (moveFocus) node.focus();
    }

    function wire(node) {
      var form = node.querySelector("form");
      var result = node.querySelector("[data-question-result]");
      var slug = node.getAttribute("data-review-question");
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var chosen = form.querySelector("input[name=answer]:checked");
        if (!chosen) { form.reportValidity(); return; }
        var url = node.getAttribute("data-answer-url") + "?question=" + encodeURIComponent(slug) + "&answer=" + encodeURIComponent(chosen.value);
        // The article's own result for this answer (what its form fetches with htmx): no schedule in it.
        window.fetch(url, { headers: { "HX-Request": "true", "HX-Target": "question-" + slug + "-result" }, credentials: "omit" })
          .then(function (response) { if (!response.ok) throw new Error(response.status); return response.text(); })
          .then(function (html) {
            result.innerHTML = html; // the server's rendered result, as htmx would swap it in
            var passage = result.querySelector("[data-passage-link]");
            if (passage) passage.setAttribute("href", node.getAttribute("data-passage"));
            var right = outcome(result);
            if (!right) return;
            var old = node.querySelector("[data-review-next]");
            if (old) old.parentNode.removeChild(old);
            var entry = answer(slug, node.getAttribute("data-tier"), right === "right");
            var box = offerCertainty(node, result, entry);
            var next = document.createElement("button");
            next.type = "button";
            next.className = "button question__check";
            next.setAttribute("data-review-next", "");
            next.textContent = "Next question";
            next.addEventListener("click", function () { show(true); });
            box.parentNode.insertBefore(next, box.nextSibling);
            result.focus();
          })
          .catch(function () {
            result.textContent = "The answer could not be checked (no connection?). Try again.";
            result.focus();
          });
      });
    }

    app.hidden = false;
    app.querySelector("[data-review-clear]").addEventListener("click", function () {
      clear();
      cleared.textContent = "Your review schedule is forgotten: nothing of it is kept in this browser now.";
      show(false);
    });
    show(false);
  }

  window.igfReview = { answered: answered, parameters: PARAMETERS };
  if (window.igfFirstAnswer) answered(window.igfFirstAnswer); // the answer that fetched this script

  // On /review/ this script is parsed right after the due section: it fills it before the rest of the
  // page is parsed, so nothing below it moves when the question arrives (no layout shift).
  var root = document.querySelector("[data-review-page]");
  if (root) reviewPage(root);
})();
