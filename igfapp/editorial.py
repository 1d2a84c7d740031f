"""The editorial workflow's rules, kept out of the admin: history, drafts, reverts, re-rendering.

- History is django-reversion: every admin save, publish and revert records a revision (who, when,
  what) of the edited item *and* what it owns (an article's sections, a factor's mechanism links),
  so a revert restores the whole page. Rendered HTML is not stored: a revert re-renders.
- Drafts: items with a status (Article, GlossaryTerm, LifestyleFactor) that are already published
  keep unpublished edits aside in a `PendingChange` (the submitted form plus values and HTML
  rendered at save time), so readers see the published text until someone publishes.
- `version` on every content model is the optimistic-concurrency token: bumped on every save, a
  form that loaded an older one is refused (see forms.EditorialForm).
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from urllib.parse import urlencode

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from reversion.models import Revision, Version

from .models import (
    Article,
    EvidenceNote,
    FactorMechanism,
    GlossaryTerm,
    LifestyleFactor,
    Mechanism,
    PendingChange,
    Reference,
    Section,
    Status,
    is_editor,
)
from .publishing import (
    STANDALONE_BODIES,
    glossary_matcher,
    render_article,
    render_everything,
    render_standalone,
    standalone_context,
)
from .rendering import CitationState, RenderContext, count_words, render_markdown

# --- History (django-reversion) ---------------------------------------------------------------

# What a revision of an item also records, so reverting restores what the editor saw in one form.
FOLLOW = {Article: ("sections",), LifestyleFactor: ("mechanism_links",)}
HISTORY_MODELS = (Article, Section, Reference, GlossaryTerm, Mechanism, LifestyleFactor, FactorMechanism, EvidenceNote)
# Not editable, yet worth keeping in a version: they identify it (`version`) and date it.
KEPT_BOOKKEEPING = {"version", "updated_at"}
DRAFTABLE = (Article, GlossaryTerm, LifestyleFactor)


def history_fields(model) -> tuple[str, ...]:
    """The fields a version stores: the editors' source, never derived HTML, counts or caches."""
    opts = model._meta
    return tuple(
        f.name
        for f in [*opts.local_fields, *opts.local_many_to_many]
        if not f.primary_key and (f.editable or f.name in KEPT_BOOKKEEPING)
    )


def register_history() -> None:
    for model in HISTORY_MODELS:
        if not reversion.is_registered(model):
            reversion.register(model, fields=history_fields(model), follow=FOLLOW.get(model, ()))


register_history()


def is_draftable(model) -> bool:
    return issubclass(model, DRAFTABLE)


def versions_of(obj) -> models.QuerySet:
    """Recorded versions of `obj`, newest first, with their revision and its author."""
    return Version.objects.get_for_object(obj).select_related("revision__user")


def record_revision(obj, user, comment: str) -> None:
    """Record `obj` (and what it owns) as it is in the database now."""
    with reversion.create_revision(manage_manually=True):
        reversion.add_to_revision(type(obj)._default_manager.get(pk=obj.pk))
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)


def ensure_baseline(obj) -> None:
    """Before the first recorded edit, record the item as it was (as imported), so it can be restored."""
    if obj.pk is not None and not Version.objects.get_for_object(obj).exists():
        record_revision(obj, None, "As it was before the first edit in the admin (e.g. as imported).")


def stored_version_number(version: Version) -> int | None:
    return _stored_fields(version).get("version")


def _stored_fields(version: Version) -> dict:
    return json.loads(version.serialized_data)[0]["fields"]


def revision_for_version(obj, number: int) -> Version | None:
    """The newest recorded version of `obj` whose own version number was `number`."""
    for version in versions_of(obj):
        if stored_version_number(version) == number:
            return version
    return None


# --- Snapshots and readable diffs ------------------------------------------------------------


@dataclass
class ObjectState:
    model: type[models.Model]
    pk: str
    label: str
    fields: dict  # field name -> serialized value (JSON types; relations as primary keys)


Snapshot = dict[tuple[str, str], ObjectState]


def _followed(obj) -> list[models.Model]:
    found = [obj]
    for name in FOLLOW.get(type(obj), ()):
        for child in getattr(obj, name).all():
            found.extend(_followed(child))
    return found


def current_snapshot(obj) -> Snapshot:
    """`obj` and what it owns as stored now, in the same form as a recorded revision."""
    snapshot = {}
    for item in _followed(type(obj)._default_manager.get(pk=obj.pk)):
        model = type(item)
        data = json.loads(serializers.serialize("json", [item], fields=history_fields(model)))[0]["fields"]
        snapshot[(model._meta.label, str(item.pk))] = ObjectState(model, str(item.pk), str(item), data)
    return snapshot


def revision_snapshot(revision: Revision) -> Snapshot:
    snapshot = {}
    for version in revision.version_set.select_related("content_type"):
        model = version.content_type.model_class()
        key = (model._meta.label, version.object_id)
        snapshot[key] = ObjectState(model, version.object_id, version.object_repr, _stored_fields(version))
    return snapshot


# Bookkeeping a reader of a diff does not need.
NOT_DIFFED = {"version", "updated_at"}


@dataclass
class FieldChange:
    name: str
    diff: SafeString


@dataclass
class ObjectChange:
    label: str
    kind: str  # "changed", "added" or "removed"
    changes: list[FieldChange] = field(default_factory=list)


def diff_snapshots(old: Snapshot, new: Snapshot, root_key: tuple[str, str] | None = None) -> list[ObjectChange]:
    """What changed from `old` to `new`, item by item (the edited item first, then in order)."""

    def sort_key(key):
        state = new.get(key) or old.get(key)
        return (key != root_key, state.model._meta.label, state.fields.get("order") or 0, key[1])

    result = []
    for key in sorted(set(old) | set(new), key=sort_key):
        before, after = old.get(key), new.get(key)
        state = after or before
        kind = "added" if before is None else "removed" if after is None else "changed"
        changes = []
        for name in history_fields(state.model):
            if name in NOT_DIFFED:
                continue
            old_value = before.fields.get(name) if before else None
            new_value = after.fields.get(name) if after else None
            field_obj = state.model._meta.get_field(name)
            if field_obj.many_to_many:
                # Links have no order of their own: the same set in another order is no change.
                old_value, new_value = sorted(old_value or []), sorted(new_value or [])
            if old_value == new_value:
                continue
            changes.append(
                FieldChange(
                    str(field_obj.verbose_name).capitalize(),
                    text_diff_html(_display(field_obj, old_value), _display(field_obj, new_value)),
                )
            )
        if changes or kind != "changed":
            result.append(ObjectChange(f"{state.model._meta.verbose_name.capitalize()}: {state.label}", kind, changes))
    return result


def _display(field_obj, value) -> str:
    """A stored value as an editor reads it: related items by name, lists one per line."""
    if value is None or value == "":
        return ""
    if field_obj.is_relation:
        pks = value if isinstance(value, list) else [value]
        names = {str(o.pk): str(o) for o in field_obj.related_model._default_manager.filter(pk__in=pks)}
        return "\n".join(names.get(str(pk), f"(deleted #{pk})") for pk in pks)
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if field_obj.choices:
        return str(dict(field_obj.flatchoices).get(value, value))
    return str(value)


TOKEN_RE = re.compile(r"\s+|[^\s]+")
CONTEXT_LINES = 1


def text_diff_html(old: str, new: str) -> SafeString:
    """A readable diff: changed lines with the changed words marked, a line of context around them."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    parts: list[SafeString] = []
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            parts.extend(_context(old_lines[i1:i2], first=index == 0, last=index == len(opcodes) - 1))
        elif tag == "replace" and i2 - i1 == j2 - j1:
            parts.extend(
                _line("diff-line diff-line--changed", _word_diff(a, b))
                for a, b in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True)
            )
        else:
            parts.extend(
                _line("diff-line diff-line--removed", format_html("<del>{}</del>", a)) for a in old_lines[i1:i2]
            )
            parts.extend(_line("diff-line diff-line--added", format_html("<ins>{}</ins>", b)) for b in new_lines[j1:j2])
    if old != new and all(tag == "equal" for tag, *_ in opcodes):
        parts.append(_line("diff-line diff-line--skipped", "(only spacing or line endings changed)"))
    return format_html('<div class="diff">{}</div>', mark_safe("".join(parts)))


def _line(css_class: str, content) -> SafeString:
    return format_html('<div class="{}">{}</div>', css_class, content)


def _context(lines: list[str], *, first: bool, last: bool) -> list[SafeString]:
    keep_head = 0 if first else CONTEXT_LINES
    keep_tail = 0 if last else CONTEXT_LINES
    if len(lines) <= keep_head + keep_tail + 1:
        return [_line("diff-line", line) for line in lines]
    shown = [_line("diff-line", line) for line in lines[:keep_head]]
    shown.append(_line("diff-line diff-line--skipped", f"… {len(lines) - keep_head - keep_tail} unchanged lines …"))
    shown.extend(_line("diff-line", line) for line in lines[len(lines) - keep_tail :])
    return shown


def _word_diff(old: str, new: str) -> SafeString:
    a, b = TOKEN_RE.findall(old), TOKEN_RE.findall(new)
    out = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(format_html("{}", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(format_html("<del>{}</del>", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(format_html("<ins>{}</ins>", "".join(b[j1:j2])))
    return mark_safe("".join(out))


def root_key(obj) -> tuple[str, str]:
    return (type(obj)._meta.label, str(obj.pk))


# --- Concurrency ------------------------------------------------------------------------------


@dataclass
class Conflict:
    """What another editor changed since a form was loaded."""

    message: str
    changes: list[ObjectChange]


def _author(revision: Revision | None) -> str:
    if revision is None or revision.user is None:
        return "someone (outside the admin, e.g. an import)"
    user = revision.user
    return user.get_full_name() or user.get_username()


def describe_version_conflict(obj, loaded_version: int) -> Conflict:
    latest = versions_of(obj).first()
    latest_revision = latest.revision if latest is not None else None
    when = latest_revision.date_created if latest_revision else obj.updated_at
    message = (
        f"{_author(latest_revision)} saved this item at {timezone.localtime(when):%Y-%m-%d %H:%M} "
        "after you opened it. Nothing was saved; your text is still in the form below. Their changes are "
        "shown here: copy what you need into your text, then save again to replace their version."
    )
    loaded = revision_for_version(obj, loaded_version)
    changes = diff_snapshots(revision_snapshot(loaded.revision), current_snapshot(obj), root_key(obj)) if loaded else []
    return Conflict(message, changes)


def describe_draft_conflict(obj, pending: PendingChange) -> Conflict:
    who = pending.saved_by.get_username() if pending.saved_by else "someone"
    message = (
        f"{who} saved a draft of this item at {timezone.localtime(pending.saved_at):%Y-%m-%d %H:%M} after you "
        "opened it. Nothing was saved; your text is still in the form below. Their draft's changes to the "
        "published version are shown here: merge what you need, then save again to replace their draft."
    )
    return Conflict(message, diff_snapshots(current_snapshot(obj), pending_snapshot(obj, pending), root_key(obj)))


# --- Drafts of published items ------------------------------------------------------------------


def pending_change(obj) -> PendingChange | None:
    if obj is None or obj.pk is None or not is_draftable(type(obj)):
        return None
    content_type = ContentType.objects.get_for_model(type(obj))
    return PendingChange.objects.select_related("saved_by").filter(content_type=content_type, object_id=obj.pk).first()


def save_pending_change(obj, *, form_data: dict, preview: dict, user) -> PendingChange:
    content_type = ContentType.objects.get_for_model(type(obj))
    pending, created = PendingChange.objects.get_or_create(
        content_type=content_type,
        object_id=obj.pk,
        defaults={"form_data": form_data, "preview": preview, "base_version": obj.version, "saved_by": user},
    )
    if not created:
        pending.form_data, pending.preview, pending.saved_by = form_data, preview, user
        pending.base_version = obj.version
        pending.revision += 1
        pending.save()
    return pending


def discard_pending_change(obj) -> None:
    content_type = ContentType.objects.get_for_model(type(obj))
    PendingChange.objects.filter(content_type=content_type, object_id=obj.pk).delete()


def serialisable_fields(instance) -> dict:
    """The instance's own column values as JSON types (dates as ISO strings)."""
    values = {f.attname: f.value_from_object(instance) for f in instance._meta.concrete_fields}
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def markdown_fields(model) -> dict[str, str]:
    """markdown field -> HTML field, for bodies rendered on their own."""
    return {md: html for m, md, html in STANDALONE_BODIES if m is model}


def standalone_preview(instance) -> dict:
    """Values and HTML of an edited (unsaved) item, rendered as publishing would render it."""
    matcher = glossary_matcher()
    html = {
        html_field: render_markdown(getattr(instance, md_field), standalone_context(instance, matcher))
        for md_field, html_field in markdown_fields(type(instance)).items()
    }
    return {"fields": serialisable_fields(instance), "html": html}


def article_preview(article: Article, sections: list[Section]) -> dict:
    """An edited article with its edited sections, numbered and linked as on the published page."""
    matcher = glossary_matcher()
    citations = CitationState()
    rows = []
    for section in sorted(sections, key=lambda s: s.order):
        rows.append(
            {
                "pk": section.pk,
                "order": section.order,
                "heading": section.heading,
                "anchor": section.anchor,
                "topic": section.topic,
                "body_md": section.body_md,
                "body_html": render_markdown(section.body_md, RenderContext(glossary=matcher, citations=citations)),
                "word_count": count_words(section.body_md),
            }
        )
    fields = serialisable_fields(article)
    fields["citation_index"] = citations.index()
    return {"fields": fields, "sections": rows}


def kept_inline_forms(formset) -> list:
    """The inline forms a save would keep: not deleted, and not an untouched blank extra row."""
    return [
        form
        for form in formset.forms
        if form not in formset.deleted_forms and (form.instance.pk is not None or form.has_changed())
    ]


def factor_preview(factor: LifestyleFactor, form, formsets) -> dict:
    """An edited factor as its draft: its own values and detail HTML, and its links as edited.

    The links (mechanisms with their notes, citations, passages) live in inlines and a
    many-to-many field that a draft does not save, so they are kept here to preview and diff.
    """
    preview = standalone_preview(factor)
    preview["passages"] = sorted(section.pk for section in form.cleaned_data.get("passages", []))
    preview["mechanism_links"], preview["references"] = [], []
    for formset in formsets:
        if formset.model is FactorMechanism:
            links = [form.instance for form in kept_inline_forms(formset)]
            preview["mechanism_links"] = [
                {"pk": link.pk, "mechanism": link.mechanism_id, "order": link.order, "note": link.note}
                for link in sorted(links, key=lambda link: link.order)
            ]
        elif formset.model is LifestyleFactor.references.through:
            preview["references"] = sorted(form.instance.reference_id for form in kept_inline_forms(formset))
    return preview


def preview_instance(obj, pending: PendingChange):
    """A copy of `obj` showing the pending values (never saved)."""
    copy = type(obj)._default_manager.get(pk=obj.pk)
    show_pending_values(copy, pending)
    return copy


def show_pending_values(instance, pending: PendingChange) -> None:
    """Set the draft's column values and rendered HTML on `instance` (in memory only)."""
    for f in instance._meta.concrete_fields:
        if f.attname in pending.preview.get("fields", {}) and not f.primary_key:
            setattr(instance, f.attname, f.to_python(pending.preview["fields"][f.attname]))
    for html_field, html in pending.preview.get("html", {}).items():
        setattr(instance, html_field, html)


def pending_changes_of(items) -> dict[int, PendingChange]:
    """Pending drafts of `items` (all of one draftable model), by item id, in one query."""
    items = list(items)
    if not items:
        return {}
    content_type = ContentType.objects.get_for_model(type(items[0]))
    found = PendingChange.objects.filter(content_type=content_type, object_id__in=[item.pk for item in items])
    return {pending.object_id: pending for pending in found}


def preview_sections(article: Article, pending: PendingChange) -> list[Section]:
    sections = []
    for index, row in enumerate(pending.preview.get("sections", []), start=1):
        values = {k: row[k] for k in ("order", "heading", "anchor", "topic", "body_md", "body_html", "word_count")}
        # A section added in the draft has no row yet; a negative id lets templates ask for its
        # (empty) relations without a query error.
        sections.append(Section(pk=row["pk"] or -index, article=article, **values))
    return sections


def pending_snapshot(obj, pending: PendingChange) -> Snapshot:
    """The draft in snapshot form, to diff it against the published item."""
    snapshot = current_snapshot(obj)
    key = root_key(obj)
    draft = preview_instance(obj, pending)
    snapshot[key] = ObjectState(type(obj), key[1], str(draft), _serialise_for_diff(draft, snapshot[key].fields))
    if isinstance(obj, Article) and "sections" in pending.preview:
        for k in [k for k in snapshot if k[0] == Section._meta.label]:
            del snapshot[k]
        for index, section in enumerate(preview_sections(obj, pending)):
            pk = str(section.pk) if section.pk else f"new-{index}"
            data = json.loads(serializers.serialize("json", [section], fields=history_fields(Section)))[0]["fields"]
            snapshot[(Section._meta.label, pk)] = ObjectState(Section, pk, str(section.heading), data)
    if isinstance(obj, LifestyleFactor) and "mechanism_links" in pending.preview:
        _apply_factor_links_to_snapshot(obj, pending.preview, snapshot)
    return snapshot


def _apply_factor_links_to_snapshot(factor: LifestyleFactor, preview: dict, snapshot: Snapshot) -> None:
    """Replace the stored links of `factor` in `snapshot` with the draft's."""
    root = snapshot[root_key(factor)]
    root.fields = {**root.fields, "references": preview["references"], "passages": preview["passages"]}
    for key in [k for k in snapshot if k[0] == FactorMechanism._meta.label]:
        del snapshot[key]
    for index, link in enumerate(draft_mechanism_links(factor, preview)):
        pk = str(link.pk) if link.pk else f"new-{index}"
        data = json.loads(serializers.serialize("json", [link], fields=history_fields(FactorMechanism)))[0]["fields"]
        snapshot[(FactorMechanism._meta.label, pk)] = ObjectState(FactorMechanism, pk, str(link), data)


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


def _serialise_for_diff(instance, stored: dict) -> dict:
    """Column values of an unsaved copy; relations to many stay as stored (drafts keep them in the form)."""
    data = json.loads(
        serializers.serialize(
            "json",
            [instance],
            fields=[name for name in history_fields(type(instance)) if not instance._meta.get_field(name).many_to_many],
        )
    )[0]["fields"]
    return {**stored, **data}


# --- After an edit: re-render, and the editorial view of public pages -----------------------------


def rerender_after_save(obj) -> None:
    """Refresh the stored HTML an edit affects (once, at save time; never per request).

    A glossary term's name, aliases or status change which words are linked on every page, and a
    reference's details appear in every note that cites it, so those re-render everything: a few
    hundred bodies take well under a second at this site's scale, and only changed rows are written.
    """
    if isinstance(obj, (GlossaryTerm, Reference)):
        render_everything()
        return
    matcher = glossary_matcher()
    if isinstance(obj, Article):
        render_article(obj, matcher)
    elif isinstance(obj, Section):
        render_article(obj.article, matcher)
    for model, md_field, html_field in STANDALONE_BODIES:
        if isinstance(obj, model):
            render_standalone(obj, md_field, html_field, matcher)


def bump_version(obj) -> None:
    current = type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
    obj.version = (current or obj.version) + 1


@transaction.atomic
def revert(obj, version: Version, user) -> None:
    """Restore `obj` (and what it owns) to `version`, keep its publication status, re-render, record.

    Versions only grow: restored rows get a new version number, so a form opened before the revert
    is refused rather than silently overwriting it.
    """
    ensure_baseline(obj)
    model = type(obj)
    before = current_snapshot(obj)
    highest = max((state.fields.get("version") or 0) for state in before.values())
    status = getattr(model._default_manager.get(pk=obj.pk), "status", None)
    version.revision.revert(delete=True)
    restored = model._default_manager.get(pk=obj.pk)
    now = timezone.now()
    for item in _followed(restored):
        type(item)._default_manager.filter(pk=item.pk).update(version=highest + 1, updated_at=now)
    if status is not None:
        model._default_manager.filter(pk=obj.pk).update(status=status)
    restored.refresh_from_db()
    rerender_after_save(restored)
    when = timezone.localtime(version.revision.date_created)
    record_revision(restored, user, f"Reverted to the version of {when:%Y-%m-%d %H:%M} ({_author(version.revision)}).")


@dataclass
class EditorialView:
    """What staff see about an item on its public page (readers get None: no queries, no banner)."""

    obj: object
    pending: PendingChange | None
    previewing: bool

    @property
    def is_draft(self) -> bool:
        return getattr(self.obj, "status", Status.PUBLISHED) == Status.DRAFT

    @property
    def admin_url(self) -> str:
        opts = type(self.obj)._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.obj.pk])


PREVIEW_PARAMETER = "preview"


def draft_preview_url(obj) -> str:
    """The public page of `obj` showing its pending draft (the query goes before any #fragment)."""
    path, _, fragment = obj.get_absolute_url().partition("#")
    query = {PREVIEW_PARAMETER: "draft"}
    if isinstance(obj, LifestyleFactor):
        query["open"] = obj.slug  # a factor's draft shows in its row's details: open them
    return f"{path}?{urlencode(query)}" + (f"#{fragment}" if fragment else "")


def editorial_view(request, obj) -> EditorialView | None:
    if not is_editor(request.user):
        return None
    pending = pending_change(obj)
    previewing = pending is not None and request.GET.get(PREVIEW_PARAMETER) == "draft"
    return EditorialView(obj, pending, previewing)


def article_page_preview(page, pending: PendingChange):
    """The article page with its pending draft applied (numbers, links and depth links included)."""
    # Keep in step with selectors.article_page: whatever it prepares per section, do it here too.
    from .selectors import (
        SectionRef,
        TierLinks,
        cited_references,
        matching_anchor,
        reading_minutes,
        split_at_factor_table,
    )

    article = preview_instance(page.article, pending)
    sections = preview_sections(article, pending)
    article.minutes = reading_minutes(sum(s.word_count for s in sections))
    tier_outline: dict[int, list] = {}
    others = Section.objects.filter(article__in=[links.article for links in page.other_tiers]).order_by("order")
    for article_id, anchor, topic, heading in others.values_list("article_id", "anchor", "topic", "heading"):
        tier_outline.setdefault(article_id, []).append(SectionRef(anchor, topic, heading))
    other_tiers = []
    for links in page.other_tiers:
        outline = tier_outline.get(links.article.pk, [])
        other_tiers.append(TierLinks(links.article, {s.anchor: matching_anchor(s.topic, outline) for s in sections}))
    for section in sections:
        section.depth_links = [links.link(section.anchor) for links in other_tiers]
        split_at_factor_table(section)
    tiers = [article if tier.pk == article.pk else tier for tier in page.tiers]
    replaced = {"article": article, "sections": sections, "tiers": tiers, "other_tiers": other_tiers}
    if any(f.name == "references" for f in dataclasses.fields(page)):
        replaced["references"] = cited_references(article)
    return dataclasses.replace(page, **replaced)


def revision_rows(obj) -> list[dict]:
    """History rows for the admin: each recorded version with who, when, what and its number."""
    rows = []
    for version in versions_of(obj):
        rows.append(
            {
                "version": version,
                "number": stored_version_number(version),
                "when": version.revision.date_created,
                "who": _author(version.revision),
                "comment": version.revision.get_comment(),
            }
        )
    return rows
