"""The editors' forms: the markdown editor with its live preview, list fields, and no lost edits.

`EditorialForm` carries the item's stamp (conflicts.py) from load to save and refuses a stale save
with what the other editor changed; every form stores LF line ends, as content/ does, and
refuses a markdown text that sanitising would cut (as the importer does).
"""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html

from ..editorial.conflicts import Conflict, conflict_since, stamp_of
from ..html_fields import markdown_fields
from ..models import REASON_MAX_LENGTH, EvidenceNote, Question, Section, Topic
from ..plain_words import fingerprint, problems
from ..rendering import dropped_text, dropped_text_message

PREVIEW_DELAY_MS = 400
# What a refused save adds to what happened (conflicts.Conflict.message).
SAVE_REFUSED = (
    "Nothing was saved; your text is still in the form below. Copy what you need of their changes into "
    "your text, then save again to replace their version."
)


def normalise_newlines(cleaned_data: dict) -> dict:
    """Browsers submit textareas with CRLF line ends; content files and the importer use LF.

    Without this, every save through a browser would silently change every text field it touched.
    """
    for name, value in cleaned_data.items():
        if isinstance(value, str) and "\r" in value:
            cleaned_data[name] = value.replace("\r\n", "\n").replace("\r", "\n")
    return cleaned_data


def refuse_dropped_text(form: forms.ModelForm, cleaned_data: dict) -> None:
    """An error on each markdown field whose text sanitising would partly drop (a stray raw-HTML
    construction swallowing what follows it): the save is refused and the editor's text stays."""
    model = form._meta.model
    names = [*markdown_fields(model), *(["caution_md", "plain_words_md"] if model is Section else [])]
    for name in names:
        text = cleaned_data.get(name)
        if name in form.fields and text and (words := dropped_text(text)):
            message = dropped_text_message(words)
            form.add_error(name, message[0].upper() + message[1:] + ".")


class MarkdownWidget(forms.Textarea):
    """A tall monospace textarea with the live preview beside it.

    The preview is progressive enhancement: htmx posts the text (debounced) to the preview view,
    and static/js/admin_preview.js puts the answer into an iframe that loads the site's own CSS, so
    the editor sees exactly the public look. Without JavaScript the textarea works as usual.
    """

    def __init__(self, attrs=None, *, preview_model: str = ""):
        super().__init__({"class": "markdown-input", "rows": 24, "spellcheck": "true", **(attrs or {})})
        self.preview_model = preview_model
        self.object_id = None

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        input_id = attrs.get("id") or f"id_{name}"
        values = {"model": self.preview_model}
        if self.object_id:
            values["object_id"] = str(self.object_id)
        attrs.update(
            {
                "data-hx-post": reverse("markdown-preview"),
                "data-hx-trigger": f"input changed delay:{PREVIEW_DELAY_MS}ms, intersect once",
                "data-hx-swap": "none",
                "data-hx-sync": "this:replace",
                "data-hx-vals": json.dumps(values),
                "data-preview-frame": f"{input_id}-preview",
            }
        )
        textarea = super().render(name, value, attrs, renderer)
        return format_html(
            '<div class="md-editor">{textarea}<div class="md-preview">'
            '<p class="md-preview__label" id="{id}-preview-label">Preview, as readers will see it</p>'
            '<iframe id="{id}-preview" class="md-preview__frame" aria-labelledby="{id}-preview-label" '
            'sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox" srcdoc="{doc}"></iframe>'
            "</div></div>",
            textarea=textarea,
            id=input_id,
            # escape(), not format_html's conditional escape: the rendered document is "safe" HTML, but
            # here it is an attribute value.
            doc=escape(render_to_string("admin/igfapp/preview_frame.html")),
        )


class LinesField(forms.CharField):
    """A list of short texts (aliases, authors) edited one per line, stored as a JSON list."""

    widget = forms.Textarea

    def __init__(self, **kwargs):
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4, "class": "lines-input"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return self.to_python(initial or []) != self.to_python(data)


class EditorialForm(forms.ModelForm):
    """Carries the stamp of the item (and its draft) from load to save (conflicts.stamp_of).

    A save whose stamp is stale is refused with what the other editor changed; the editor's own
    text stays in the form, and the stamp moves to the current one so a deliberate second save
    (after merging) goes through.
    """

    TOKENS = ("loaded_stamp",)
    # The public change log's note (change_log.py), rendered once by the change form template
    # beside the buttons; required when the save shows readers something (`asks_public_reason`).
    PUBLIC_NOTE = ("public_reason", "public_minor")
    asks_public_reason = False
    loaded_stamp = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    public_reason = forms.CharField(
        label="Public reason for this change",
        max_length=REASON_MAX_LENGTH,
        required=False,
        help_text="One line readers see on the public change log (/changes/), e.g. “Corrected the "
        "half-life of IGF-1”. Required to publish.",
        widget=forms.TextInput(attrs={"size": 80, "maxlength": REASON_MAX_LENGTH}),
    )
    public_minor = forms.BooleanField(
        label="Minor change (a typo or wording fix: listed on /changes/, not sent to the feeds)", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: Conflict | None = None
        self.fields["loaded_stamp"].initial = stamp_of(self.instance) if self.instance.pk else ""
        for form_field in self.fields.values():
            if isinstance(form_field.widget, MarkdownWidget):
                form_field.widget.object_id = self.instance.pk

    def clean(self):
        cleaned = normalise_newlines(super().clean())
        refuse_dropped_text(self, cleaned)
        cleaned["public_reason"] = " ".join((cleaned.get("public_reason") or "").split())
        if self.asks_public_reason and not cleaned["public_reason"]:
            self.add_error("public_reason", "Give the public reason for this change: readers see it on /changes/.")
        if self.instance.pk is None:
            return cleaned
        # The admin checks under the content-write lock (admin_base); a form validated outside a
        # save (e.g. while rendering) only compares.
        self.conflict = conflict_since(self.instance, cleaned.get("loaded_stamp"))
        if self.conflict is not None:
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_stamp")] = stamp_of(self.instance)
            raise ValidationError(f"{self.conflict.message} {SAVE_REFUSED}", code="conflict")
        return cleaned


class InlineForm(forms.ModelForm):
    """Rows of an inline (mechanism links, citations): LF line ends like everything else."""

    def clean(self):
        cleaned = normalise_newlines(super().clean())
        refuse_dropped_text(self, cleaned)
        return cleaned


class SectionInlineForm(InlineForm):
    """A section inside its article's form: the body gets the live preview, numbered in page order."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body = self.fields.get("body_md")
        if body is not None and isinstance(body.widget, MarkdownWidget):
            body.widget.object_id = self.instance.pk

    def clean(self):
        cleaned = super().clean()
        summary = cleaned.get("plain_words_md") or ""
        for problem in problems(summary):
            self.add_error("plain_words_md", problem[0].upper() + problem[1:] + ".")
        if summary.strip() and cleaned.get("topic") == Topic.REFLECTION:
            self.add_error("plain_words_md", "The Reflection gets no plain-words summary.")
        slugs = cleaned.get("plain_words_evidence") or []
        known = set(EvidenceNote.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        if unknown := [slug for slug in slugs if slug not in known]:
            self.add_error("plain_words_evidence", f"No evidence note is called: {', '.join(unknown)}.")
        if not summary.strip():
            self.instance.plain_words_written_for = ""
        elif {"plain_words_md", "plain_words_evidence"} & set(
            self.changed_data
        ) or not self.instance.plain_words_written_for:
            # Saving a summary says it was written for the section's text as it is now.
            self.instance.plain_words_written_for = fingerprint(cleaned.get("body_md") or "")
        return cleaned


class ChoiceFormSet(forms.BaseInlineFormSet):
    """A question's choices, refused as the importer refuses them: exactly one correct, each text
    once, and a true-false question's choices exactly "True" and "False" in that order."""

    def clean(self):
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("text_md")
        ]
        kept.sort(key=lambda data: data.get("order") or 0)
        correct = sum(1 for data in kept if data.get("correct"))
        if correct != 1:
            raise ValidationError(f"Exactly one choice must be correct ({correct} are).")
        texts = [data["text_md"].strip() for data in kept]
        if repeated := sorted({text for text in texts if texts.count(text) > 1}):
            raise ValidationError(f"Each choice's text must be unique: '{repeated[0]}' is repeated.")
        if len(texts) < 2:
            raise ValidationError("A question needs at least two choices.")
        if getattr(self.instance, "kind", "") == Question.Kind.TRUE_FALSE and texts != ["True", "False"]:
            raise ValidationError('A true-false question has exactly the choices "True" and "False", in that order.')
