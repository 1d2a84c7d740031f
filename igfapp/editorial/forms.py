"""The editors' forms: the markdown editor with its live preview, list fields, and no lost edits.

`EditorialForm` carries the concurrency tokens (conflicts.py) from load to save and refuses a stale
save with what the other editor changed; every form stores LF line ends, as content/ does, and
refuses a markdown text that sanitising would cut (as the importer does).
"""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html

from ..models import EvidenceNote, Question, Section, Topic
from ..plain_words import fingerprint, problems
from ..publishing import markdown_fields
from ..rendering import dropped_text, dropped_text_message
from .conflicts import Conflict, describe_draft_conflict, describe_version_conflict
from .drafts import pending_change

PREVIEW_DELAY_MS = 400


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
    """Carries the item's version (and its draft's token) from load to save.

    A save whose tokens are stale is refused with what the other editor changed; the editor's own
    text stays in the form, and the tokens move to the current ones so a deliberate second save
    (after merging) goes through.
    """

    TOKENS = ("loaded_version", "loaded_draft")
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    loaded_draft = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: Conflict | None = None
        self.pending = pending_change(self.instance) if self.instance.pk else None
        self.fields["loaded_version"].initial = self.instance.version
        self.fields["loaded_draft"].initial = self._draft_token()
        for form_field in self.fields.values():
            if isinstance(form_field.widget, MarkdownWidget):
                form_field.widget.object_id = self.instance.pk

    def _draft_token(self) -> int:
        """The current token of the item's draft; 0 when it has none."""
        return self.pending.draft_token if self.pending else 0

    def clean(self):
        cleaned = normalise_newlines(super().clean())
        refuse_dropped_text(self, cleaned)
        if self.instance.pk is None:
            return cleaned
        loaded = cleaned.get("loaded_version")
        if loaded is None:
            raise ValidationError("This form lost track of the version it was opened at: reload the page.")
        current_version = self._stored_version()
        if current_version is not None and loaded != current_version:
            self.conflict = describe_version_conflict(self.instance, loaded, current_version)
            self._move_token("loaded_version", current_version)
            self._move_token("loaded_draft", self._draft_token())
            raise ValidationError(self.conflict.message, code="conflict")
        loaded_draft = cleaned.get("loaded_draft")
        if loaded_draft is not None and self.pending is not None and loaded_draft != self._draft_token():
            self.conflict = describe_draft_conflict(self.instance, self.pending)
            self._move_token("loaded_draft", self._draft_token())
            raise ValidationError(self.conflict.message, code="conflict")
        return cleaned

    def _stored_version(self) -> int | None:
        """The item's version in the database now, its row locked until the save commits."""
        current = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if connection.in_atomic_block:
            # Locks the row until the save commits (PostgreSQL), so check-then-save cannot
            # interleave. Outside a transaction (a form validated while rendering) PostgreSQL
            # refuses SELECT ... FOR UPDATE, and there is no save to protect anyway.
            current = current.select_for_update()
        return current.values_list("version", flat=True).first()

    def _move_token(self, name: str, value: int) -> None:
        self.data = self.data.copy()
        self.data[self.add_prefix(name)] = str(value)


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
