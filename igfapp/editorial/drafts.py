"""Drafts of published items: the `PendingChange` kept aside, and showing it instead of the published values.

Articles, glossary terms, lifestyle factors and questions that are already published keep an editor's unpublished
edits in one `PendingChange` each: the submitted form (to reload and to publish it) and a preview
rendered at save time (see previews.py), so readers see the published text until someone publishes.
Showing a draft only ever changes instances in memory; nothing here writes the item itself.
A draft that goes without being published (discarded, its item deleted, replaced by an older one
brought back) is kept as a `DiscardedDraft` first, so nothing an editor saved is lost.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from ..models import (
    Article,
    Choice,
    DiscardedDraft,
    FactorMechanism,
    GlossaryTerm,
    LifestyleFactor,
    Mechanism,
    PendingChange,
    Question,
    Section,
)

DRAFTABLE = (Article, GlossaryTerm, LifestyleFactor, Question)
# What a question's draft keeps of each of its choices (see previews.question_preview).
CHOICE_VALUES = ("order", "text_md", "correct", "explanation_md", "text_html", "explanation_html")
# What a draft keeps of each section of an article (see previews.article_preview).
SECTION_VALUES = ("order", "heading", "anchor", "topic", "body_md", "body_html", "word_count")


def is_draftable(model) -> bool:
    return issubclass(model, DRAFTABLE)


def pending_change(obj) -> PendingChange | None:
    """The unpublished draft of `obj`, or None (also for a new item or a model without drafts)."""
    if obj is None or obj.pk is None or not is_draftable(type(obj)):
        return None
    content_type = ContentType.objects.get_for_model(type(obj))
    return PendingChange.objects.select_related("saved_by").filter(content_type=content_type, object_id=obj.pk).first()


def pending_changes_of(items) -> dict[int, PendingChange]:
    """Pending drafts of `items` (all of one draftable model), by item id, in one query."""
    items = list(items)
    if not items:
        return {}
    content_type = ContentType.objects.get_for_model(type(items[0]))
    found = PendingChange.objects.filter(content_type=content_type, object_id__in=[item.pk for item in items])
    return {pending.object_id: pending for pending in found}


def save_pending_change(obj, *, form_data: dict, preview: dict, user) -> PendingChange:
    """Keep (or replace) the draft of `obj`; each save moves the draft's token on. Another editor's
    draft that this one replaces is kept as a DiscardedDraft (its author may want it back)."""
    content_type = ContentType.objects.get_for_model(type(obj))
    pending, created = PendingChange.objects.get_or_create(
        content_type=content_type,
        object_id=obj.pk,
        defaults={"form_data": form_data, "preview": preview, "base_version": obj.version, "saved_by": user},
    )
    if not created:
        if pending.saved_by_id != getattr(user, "pk", None):
            name = user.get_username() if user is not None else "someone"
            DiscardedDraft.keep(pending, str(obj), user=user, reason=f"Replaced by a draft of {name}.")
        pending.form_data, pending.preview, pending.saved_by = form_data, preview, user
        pending.base_version = obj.version
        pending.draft_token += 1
        pending.save()
    return pending


def discard_pending_change(obj, *, user, reason: str) -> DiscardedDraft | None:
    """Take away the draft of `obj` (if any), keeping it as a DiscardedDraft: who set it aside and why."""
    pending = pending_change(obj)
    if pending is None:
        return None
    kept = DiscardedDraft.keep(pending, str(obj), user=user, reason=reason)
    pending.delete()
    return kept


def drop_published_draft(obj) -> None:
    """The draft of `obj` after it was published: its content is the item's newest recorded version."""
    content_type = ContentType.objects.get_for_model(type(obj))
    PendingChange.objects.filter(content_type=content_type, object_id=obj.pk).delete()


def discarded_drafts(obj) -> list[DiscardedDraft]:
    """The drafts of `obj` that were set aside, newest first."""
    content_type = ContentType.objects.get_for_model(type(obj))
    return list(
        DiscardedDraft.objects.filter(content_type=content_type, object_id=obj.pk).select_related(
            "saved_by", "discarded_by"
        )
    )


def restore_discarded_draft(obj, kept: DiscardedDraft, *, user) -> PendingChange:
    """Make `kept` the draft of `obj` again (a draft it has now is set aside first)."""
    discard_pending_change(obj, user=user, reason=f"Replaced by the draft of {kept.saved_at:%Y-%m-%d %H:%M}, restored.")
    pending = save_pending_change(obj, form_data=kept.form_data, preview=kept.preview, user=user)
    # It still started from the version it was written against: publishing it warns if that moved on.
    PendingChange.objects.filter(pk=pending.pk).update(base_version=kept.base_version)
    pending.base_version = kept.base_version
    return pending


def as_pending_change(kept: DiscardedDraft) -> PendingChange:
    """A discarded draft in the shape of a draft (unsaved), to show or diff it like one."""
    return PendingChange(
        content_type=kept.content_type,
        object_id=kept.object_id,
        form_data=kept.form_data,
        preview=kept.preview,
        base_version=kept.base_version,
        saved_by=kept.saved_by,
        saved_at=kept.saved_at,
    )


def show_pending_values(instance, pending: PendingChange) -> None:
    """Set the draft's column values and rendered HTML on `instance` (in memory only)."""
    for f in instance._meta.concrete_fields:
        if f.attname in pending.preview.get("fields", {}) and not f.primary_key:
            setattr(instance, f.attname, f.to_python(pending.preview["fields"][f.attname]))
    for html_field, html in pending.preview.get("html", {}).items():
        setattr(instance, html_field, html)


def preview_instance(obj, pending: PendingChange):
    """A fresh copy of `obj` showing the pending values (never saved)."""
    copy = type(obj)._default_manager.get(pk=obj.pk)
    show_pending_values(copy, pending)
    return copy


def draft_sections(article: Article, pending: PendingChange) -> list[Section]:
    """The sections of an article's draft as unsaved rows, in order, with their rendered HTML."""
    sections = []
    for index, row in enumerate(pending.preview.get("sections", []), start=1):
        values = {name: row[name] for name in SECTION_VALUES}
        # Drafts saved before sections had cautions carry none.
        values |= {
            name: row.get(name, "") for name in ("caution_md", "caution_html", "plain_words_md", "plain_words_html")
        }
        values["plain_words_evidence"] = row.get("plain_words_evidence", [])
        # A section added in the draft has no row yet; a negative id lets templates ask for its
        # (empty) relations without a query error.
        sections.append(Section(pk=row["pk"] or -index, article=article, **values))
    return sections


def draft_mechanism_links(factor: LifestyleFactor, preview: dict, mechanisms=None) -> list[FactorMechanism]:
    """The draft's mechanism links as unsaved rows (`mechanisms`: id -> Mechanism, else read here)."""
    rows = preview.get("mechanism_links", [])
    if mechanisms is None:
        mechanisms = Mechanism.objects.in_bulk([row["mechanism"] for row in rows])
    return [
        FactorMechanism(
            pk=row["pk"], factor=factor, mechanism=mechanisms[row["mechanism"]], order=row["order"], note=row["note"]
        )
        for row in rows
        if row["mechanism"] in mechanisms  # a mechanism deleted since the draft was saved drops out
    ]


def draft_choices(question: Question, preview: dict) -> list[Choice]:
    """A question draft's choices as unsaved rows, in order, with their rendered HTML."""
    return [
        Choice(pk=row["pk"], question=question, **{name: row[name] for name in CHOICE_VALUES})
        for row in sorted(preview.get("choices", []), key=lambda row: row["order"])
    ]
