// The admin's live markdown preview: progressive enhancement only (the form works without it).
// htmx posts a markdown textarea's text (debounced, older requests replaced) to the preview view;
// this file trims the request to that one field and puts the answer into the iframe beside it,
// whose document loads the public site's CSS, so the preview looks exactly like the site.
(function () {
  "use strict";

  function isMarkdownInput(elt) {
    return elt && elt.matches && elt.matches("textarea[data-preview-frame]");
  }

  function csrfToken(elt) {
    var form = elt.form || document;
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // htmx sends the whole enclosing form with a POST; the preview needs only this field.
  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    if (!isMarkdownInput(elt)) return;
    var params = event.detail.parameters;
    Object.keys(params).forEach(function (key) {
      if (key !== "model" && key !== "object_id") delete params[key];
    });
    params[elt.name] = elt.value;
    params.source = elt.name;
    event.detail.headers["X-CSRFToken"] = csrfToken(elt);
    var preview = elt.parentNode.querySelector(".md-preview");
    if (preview) preview.classList.add("md-preview--busy");
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (!isMarkdownInput(elt)) return;
    var preview = elt.parentNode.querySelector(".md-preview");
    if (preview) preview.classList.remove("md-preview--busy");
    if (!event.detail.successful) return;
    showInFrame(document.getElementById(elt.dataset.previewFrame), event.detail.xhr.responseText);
  });

  // The answer is the site's own sanitised HTML (nh3 allow-list), safe to insert.
  function showInFrame(frame, html) {
    if (!frame) return;
    var body = frame.contentDocument && frame.contentDocument.querySelector("[data-preview-body]");
    if (body) {
      body.innerHTML = html;
      return;
    }
    // The frame's own document has not loaded yet: fill it in once it has.
    frame.addEventListener("load", function () { showInFrame(frame, html); }, { once: true });
  }

  // Django's admin adds inline rows (a new section) by cloning a template row: let htmx see them,
  // and point the clone at its own preview frame.
  document.addEventListener("formset:added", function (event) {
    var row = event.target;
    row.querySelectorAll("textarea[data-preview-frame]").forEach(function (textarea) {
      var frame = textarea.parentNode.querySelector("iframe");
      if (frame) {
        frame.id = textarea.id + "-preview";
        textarea.dataset.previewFrame = frame.id;
      }
    });
    if (window.htmx) window.htmx.process(row);
  });
})();
