// Pop-up cards for glossary terms (a.term[data-term]) and citations (a.cite[data-ref]).
//
// Progressive enhancement only: without this file a term is a link to its glossary page and a
// citation a link to its reference. With it, hovering (after a short delay), keyboard focus or a
// first tap opens a small card beside the link; Escape, moving away, blur or tapping elsewhere
// closes it; a second tap follows the link. One card at a time. The card is fetched from the server
// (cards are public and cached with an ETag) and inserted right after its link, so Tab moves from
// the link into the card; it is position: fixed, so the text never moves. While open, the link's
// accessible description is the card's definition. A reader can turn cards off from any card; the
// choice is kept in this browser by static/js/prefs.js (also used by the preference page).
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !window.fetch || !("content" in document.createElement("template"))) return;
  var TERM_CARD_URL = script.dataset.termCard; // e.g. /cards/term/__key__/
  var REFERENCE_CARD_URL = script.dataset.referenceCard;
  var PLACEHOLDER = "__key__";
  var TRIGGERS = "a.term[data-term], a.cite[data-ref]";
  var HOVER_DELAY = 300; // ms of hovering before a card opens
  var CLOSE_DELAY = 250; // ms of grace to move the pointer from a term onto its card
  var GAP = 6; // px between the term and the card
  var MARGIN = 8; // px the card keeps from the viewport's edges

  var cards = new Map(); // card URL → {html, promise}
  var open = null; // {trigger, card, byKeyboard}
  var pending = null; // the trigger whose card is being fetched
  var hoverTimer = 0;
  var closeTimer = 0;
  var lastPointer = "mouse";
  var pointerInside = false; // the mouse is over the open card's trigger or the card
  var ignoreFocus = null; // a trigger we focus ourselves (after Escape): do not reopen its card
  var status = null;

  function popupsOff() {
    return !!(window.igfPrefs && window.igfPrefs.popupsOff()); // static/js/prefs.js: this browser only
  }

  function triggerOf(node) {
    return node && node.closest ? node.closest(TRIGGERS) : null;
  }

  function inOpenCard(node) {
    return !!(open && node && open.card.contains(node));
  }

  function cardUrl(trigger) {
    if (trigger.matches("a.cite")) {
      return REFERENCE_CARD_URL.replace(PLACEHOLDER, encodeURIComponent(trigger.dataset.ref));
    }
    var scope = trigger.closest("[data-glossary-level]");
    var level = scope && scope.dataset.glossaryLevel === "technical" ? "technical" : "plain";
    return TERM_CARD_URL.replace(PLACEHOLDER, encodeURIComponent(trigger.dataset.term)) + "?level=" + level;
  }

  function load(url) {
    var entry = cards.get(url);
    if (!entry) {
      entry = { html: null, promise: null };
      entry.promise = fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) throw new Error("card " + response.status);
          return response.text();
        })
        .then(function (html) {
          entry.html = html;
          return html;
        });
      entry.promise.catch(function () {
        cards.delete(url); // try again next time
      });
      cards.set(url, entry);
    }
    return entry;
  }

  function prefetch(trigger) {
    if (trigger && !popupsOff()) load(cardUrl(trigger)).promise.catch(function () {});
  }

  // Cards for the next terms a keyboard user will reach, so their definitions are ready (and
  // announced as the description) the moment they get focus.
  function prefetchAfter(node) {
    var all = document.querySelectorAll(TRIGGERS);
    var found = 0;
    for (var i = 0; i < all.length && found < 2; i++) {
      if (node.compareDocumentPosition(all[i]) & Node.DOCUMENT_POSITION_FOLLOWING) {
        prefetch(all[i]);
        found++;
      }
    }
  }

  // --- Opening and closing ----------------------------------------------------------------------

  function openCard(trigger, byKeyboard) {
    if (popupsOff()) return;
    clearTimeout(closeTimer);
    if (open && open.trigger === trigger) return;
    closeCard();
    var entry = load(cardUrl(trigger));
    if (entry.html !== null) {
      show(trigger, entry.html, byKeyboard);
      return;
    }
    pending = trigger;
    entry.promise.then(
      function (html) {
        if (pending !== trigger) return; // the reader has moved on
        pending = null;
        show(trigger, html, byKeyboard);
      },
      function () {
        if (pending === trigger) pending = null;
      }
    );
  }

  // Where the card goes in the document: right after its link (so Tab reaches it next), or after
  // the whole drawing for a link inside an SVG diagram (HTML cannot live inside SVG).
  function anchorFor(trigger) {
    var svg = trigger.ownerSVGElement;
    while (svg && svg.ownerSVGElement) svg = svg.ownerSVGElement;
    return svg || trigger;
  }

  function show(trigger, html, byKeyboard) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var card = template.content.querySelector("[data-popup-card]");
    if (!card || !trigger.isConnected) return;
    card.id = "popup-card";
    anchorFor(trigger).after(card);
    var description = card.querySelector("[data-popup-description]");
    if (description) {
      description.id = "popup-card-description";
      trigger.setAttribute("aria-describedby", description.id);
    }
    open = { trigger: trigger, card: card, byKeyboard: !!byKeyboard };
    place();
  }

  // Closes the open card. A hover waiting on another term is left to run: moving from one term
  // to the next closes the first card and then opens the second.
  function closeCard() {
    clearTimeout(closeTimer);
    pending = null;
    if (!open) return;
    open.trigger.removeAttribute("aria-describedby");
    open.card.remove();
    open = null;
    pointerInside = false;
  }

  function scheduleClose() {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(function () {
      if (open && !pointerInside && !(open.byKeyboard && hasFocusWithin())) closeCard();
    }, CLOSE_DELAY);
  }

  // Move focus to a term without opening its card (focusin runs synchronously inside focus()).
  function focusQuietly(trigger) {
    ignoreFocus = trigger;
    trigger.focus();
    ignoreFocus = null;
  }

  function hasFocusWithin() {
    var active = document.activeElement;
    return !!(open && active && (active === open.trigger || open.card.contains(active)));
  }

  // --- Placement: inside the viewport, below the term (or above it), never over it -------------

  function place() {
    if (!open) return;
    var card = open.card;
    var trigger = open.trigger;
    var viewportWidth = document.documentElement.clientWidth;
    var viewportHeight = document.documentElement.clientHeight;
    var box = trigger.getBoundingClientRect();
    if (box.bottom < 0 || box.top > viewportHeight) {
      closeCard(); // the term has scrolled out of sight
      return;
    }
    card.style.maxHeight = "";
    card.style.left = "0px";
    card.style.top = "0px";
    // Where (0, 0) really lands: an ancestor with a transform would make it other than the viewport's corner.
    var origin = card.getBoundingClientRect();
    var width = Math.min(card.offsetWidth, viewportWidth - 2 * MARGIN);
    card.style.maxWidth = viewportWidth - 2 * MARGIN + "px";
    var left = Math.max(MARGIN, Math.min(box.left, viewportWidth - MARGIN - width));

    var below = viewportHeight - box.bottom - GAP - MARGIN;
    var above = box.top - GAP - MARGIN;
    var height = card.offsetHeight;
    var top;
    if (height <= below || below >= above) {
      if (height > below) card.style.maxHeight = Math.max(below, 0) + "px";
      top = box.bottom + GAP;
    } else {
      if (height > above) card.style.maxHeight = Math.max(above, 0) + "px";
      top = box.top - GAP - card.offsetHeight;
    }
    card.style.left = left - origin.left + "px";
    card.style.top = top - origin.top + "px";
  }

  var placing = false;
  function placeSoon() {
    if (!open || placing) return;
    placing = true;
    requestAnimationFrame(function () {
      placing = false;
      place();
    });
  }

  // --- Hover (mouse only) -----------------------------------------------------------------------

  document.addEventListener("pointerover", function (event) {
    if (event.pointerType !== "mouse" || popupsOff()) return;
    if (inOpenCard(event.target) || (open && triggerOf(event.target) === open.trigger)) {
      pointerInside = true;
      clearTimeout(closeTimer);
      return;
    }
    var trigger = triggerOf(event.target);
    if (!trigger) return;
    clearTimeout(hoverTimer);
    prefetch(trigger); // fetch while the delay runs
    hoverTimer = setTimeout(function () {
      openCard(trigger, false);
      pointerInside = true;
    }, HOVER_DELAY);
  });

  document.addEventListener("pointerout", function (event) {
    if (event.pointerType !== "mouse") return;
    var from = triggerOf(event.target) || (inOpenCard(event.target) ? open.card : null);
    if (!from) return;
    var to = event.relatedTarget;
    if (to && from.contains(to)) return; // still inside the same link or card
    if (open && to && (to === open.trigger || open.trigger.contains(to) || open.card.contains(to))) return;
    clearTimeout(hoverTimer);
    if (pending === from) pending = null; // left before its card arrived
    pointerInside = false;
    if (open) scheduleClose();
  });

  // --- Keyboard focus ---------------------------------------------------------------------------

  document.addEventListener("focusin", function (event) {
    var target = event.target;
    var trigger = triggerOf(target);
    if (trigger && trigger === ignoreFocus) {
      ignoreFocus = null;
      return;
    }
    if (open && (target === open.trigger || inOpenCard(target))) {
      clearTimeout(closeTimer);
      return;
    }
    var keyboard = trigger && trigger.matches(":focus-visible");
    if (open && !pointerInside) closeCard(); // focus went somewhere else
    if (keyboard) openCard(trigger, true);
    if (target.matches && target.matches(":focus-visible")) prefetchAfter(target);
  });

  document.addEventListener("focusout", function (event) {
    if (!open || !(event.target === open.trigger || inOpenCard(event.target))) return;
    var to = event.relatedTarget;
    if (to && (to === open.trigger || inOpenCard(to))) return; // between the term and its card
    if (pointerInside) return; // a hover card stays while the pointer is on it
    closeCard();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    clearTimeout(hoverTimer);
    if (!open) return;
    var trigger = open.trigger;
    // Focus goes back to the term before the card (and whatever had focus in it) disappears.
    if (inOpenCard(document.activeElement)) focusQuietly(trigger);
    closeCard();
  });

  // --- Taps and clicks --------------------------------------------------------------------------

  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType || "mouse";
    if (!open || inOpenCard(event.target) || open.trigger.contains(event.target)) return;
    closeCard(); // a tap or click elsewhere
  });

  document.addEventListener("click", function (event) {
    var off = event.target.closest && event.target.closest("[data-popups-off]");
    if (off && inOpenCard(off)) {
      event.preventDefault();
      turnOff();
      return;
    }
    var trigger = triggerOf(event.target);
    if (!trigger || popupsOff()) return;
    // A mouse click or the Enter key follows the link; so does a second tap on the same term.
    if (lastPointer === "mouse" || event.detail === 0) return;
    if (open && open.trigger === trigger) return;
    event.preventDefault();
    openCard(trigger, false);
  });

  function turnOff() {
    var trigger = open && open.trigger;
    if (window.igfPrefs) window.igfPrefs.set("popups", "off");
    clearTimeout(hoverTimer);
    if (trigger) focusQuietly(trigger);
    closeCard();
    announce("Pop-up definitions are off. Terms now go straight to their glossary page. You can turn pop-ups back on from the glossary page.");
  }

  function announce(message) {
    if (!status) return;
    status.textContent = "";
    setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  // --- Page life ----------------------------------------------------------------------------------

  window.addEventListener("scroll", placeSoon, { passive: true, capture: true });
  window.addEventListener("resize", placeSoon, { passive: true });
  // htmx swaps the article when the reading depth changes (the card's term is gone), and keeps a
  // snapshot of the page for the back button (which must not hold an orphaned card).
  function closeForHtmx() {
    clearTimeout(hoverTimer);
    closeCard();
  }
  document.addEventListener("htmx:beforeHistorySave", closeForHtmx);
  document.addEventListener("htmx:beforeSwap", closeForHtmx);

  function init() {
    // A live region must exist before its message changes for screen readers to announce it.
    status = document.createElement("div");
    status.className = "popup-status";
    status.setAttribute("role", "status");
    document.body.appendChild(status);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
