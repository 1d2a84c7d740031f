// Typed text survives: while an editor types in a change form, what they changed is kept in this
// browser (localStorage, never sent anywhere); when they come back to the form and it does not hold
// that text (a refused action, an expired session and a new login, a restart, a closed tab), a
// notice offers it back. It is cleared once the form holds it again, or after a successful save.
// Progressive enhancement: without JavaScript or storage the form works as usual.
(function () {
  "use strict";

  var PREFIX = "igf-admin-text:";
  var MAX_AGE_MS = 30 * 24 * 3600 * 1000; // kept for a month, then forgotten
  var SAVED_WITHIN_MS = 10 * 60 * 1000; // a success message this soon after a submit means it was saved

  function storage() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function read(store, key) {
    try {
      return JSON.parse(store.getItem(key) || "null");
    } catch (e) {
      return null;
    }
  }

  function normal(value) {
    return String(value).replace(/\r\n?/g, "\n").trim();
  }

  // What an editor types into: text fields, text areas, selects, check boxes (not the hidden
  // bookkeeping: the stamp, the CSRF token, the inlines' management form).
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") return false;
      if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
      if (el.tagName !== "INPUT") return false;
      return ["hidden", "submit", "button", "image", "file", "reset", "password", "radio"].indexOf(el.type) < 0;
    });
  }

  function valueOf(el) {
    if (el.type === "checkbox") return el.checked ? "on" : "";
    if (el.tagName === "SELECT" && el.multiple) {
      return Array.prototype.filter.call(el.options, function (o) { return o.selected; })
        .map(function (o) { return o.value; }).join("\n");
    }
    return el.value;
  }

  function setValue(el, value) {
    if (el.type === "checkbox") el.checked = value === "on";
    else if (el.tagName === "SELECT" && el.multiple) {
      var chosen = value.split("\n");
      Array.prototype.forEach.call(el.options, function (o) { o.selected = chosen.indexOf(o.value) >= 0; });
    } else el.value = value;
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function labelOf(form, name) {
    var el = form.elements.namedItem(name);
    var label = el && el.id ? form.querySelector('label[for="' + el.id + '"]') : null;
    return label ? label.textContent.replace(/:$/, "").trim() : name;
  }

  function snapshot(form) {
    var values = {};
    fields(form).forEach(function (el) { values[el.name] = valueOf(el); });
    return values;
  }

  // The stored text the form does not hold now, field by field.
  function missing(form, kept) {
    var now = snapshot(form);
    return Object.keys(kept.fields).filter(function (name) {
      return !(name in now) || normal(now[name]) !== normal(kept.fields[name]);
    });
  }

  function forgetSavedEntries(store) {
    var saved = document.querySelector(".messagelist .success");
    var now = Date.now();
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (!key || key.indexOf(PREFIX) !== 0) continue;
      var kept = read(store, key);
      if (!kept || now - kept.savedAt > MAX_AGE_MS) store.removeItem(key);
      else if (saved && kept.submittedAt && now - kept.submittedAt < SAVED_WITHIN_MS) store.removeItem(key);
    }
  }

  function notice(form, key, kept, names, store) {
    var box = document.createElement("section");
    box.className = "kept-text";
    box.setAttribute("role", "region");
    box.setAttribute("aria-labelledby", "kept-text-title");
    box.tabIndex = -1;
    var title = document.createElement("h2");
    title.id = "kept-text-title";
    title.textContent = "Unsaved text from " + new Date(kept.savedAt).toLocaleString();
    var text = document.createElement("p");
    text.textContent = "This browser kept what you typed here and did not save (" +
      names.map(function (name) { return labelOf(form, name); }).join(", ") +
      "). The form below does not hold it. Put it back, then check it and save; or discard it.";
    var list = document.createElement("details");
    var summary = document.createElement("summary");
    summary.textContent = "Show the kept text";
    list.appendChild(summary);
    names.forEach(function (name) {
      var label = document.createElement("p");
      label.className = "kept-text__name";
      label.textContent = labelOf(form, name) + (form.elements.namedItem(name) ? "" : " (no longer in the form: copy it)");
      var value = document.createElement("pre");
      value.className = "kept-text__value";
      value.textContent = kept.fields[name];
      list.appendChild(label);
      list.appendChild(value);
    });
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button kept-text__restore";
    restore.textContent = "Put it back";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button kept-text__discard";
    discard.textContent = "Discard it";
    restore.addEventListener("click", function () {
      names.forEach(function (name) {
        var el = form.elements.namedItem(name);
        if (el && !(el instanceof RadioNodeList)) setValue(el, kept.fields[name]);
      });
      text.textContent = "Put back. Check it, then save; the kept copy stays here until you do.";
      restore.remove();
      discard.remove();
      title.focus();
    });
    discard.addEventListener("click", function () {
      store.removeItem(key);
      box.remove();
      form.dataset.keptBaseline = JSON.stringify(snapshot(form));
    });
    box.appendChild(title);
    box.appendChild(text);
    box.appendChild(restore);
    box.appendChild(discard);
    box.appendChild(list);
    form.parentNode.insertBefore(box, form);
    box.focus();
  }

  function watch(form, marker, store) {
    var key = PREFIX + marker.dataset.keepText;
    var baseline = snapshot(form);
    var kept = read(store, key);
    if (kept && kept.fields) {
      var names = missing(form, kept);
      if (names.length) notice(form, key, kept, names, store);
      else store.removeItem(key); // the form holds it: saved, or shown again with a refusal
    }

    var timer = null;
    function keep(submitting) {
      var now = snapshot(form);
      var base = form.dataset.keptBaseline ? JSON.parse(form.dataset.keptBaseline) : baseline;
      var changed = {};
      Object.keys(now).forEach(function (name) {
        if (normal(now[name]) !== normal(base[name] === undefined ? "" : base[name])) changed[name] = now[name];
      });
      var previous = read(store, key);
      if (!Object.keys(changed).length && !(previous && submitting)) {
        if (previous && !document.querySelector(".kept-text")) store.removeItem(key);
        return;
      }
      var entry = { savedAt: Date.now(), fields: Object.keys(changed).length ? changed : previous.fields };
      if (submitting) entry.submittedAt = Date.now();
      try {
        store.setItem(key, JSON.stringify(entry));
      } catch (e) { /* storage full: the form still works */ }
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { keep(false); }, 300);
    });
    form.addEventListener("change", function () { keep(false); });
    form.addEventListener("submit", function () { clearTimeout(timer); keep(true); });
    window.addEventListener("pagehide", function () { clearTimeout(timer); keep(false); });
  }

  function start() {
    var store = storage();
    if (!store) return;
    forgetSavedEntries(store);
    var marker = document.querySelector("[data-keep-text]");
    var form = marker && marker.closest("form");
    if (form) watch(form, marker, store);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
