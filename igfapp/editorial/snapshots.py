"""Snapshots: an item and what it owns as plain field values, in one form for every source.

A snapshot can be taken of the item as stored now, of a recorded revision, or of its unpublished
draft; diffs.py compares any two of them. Values are JSON types, relations primary keys, and only
the fields history keeps (history.history_fields).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core import serializers
from django.db import models
from reversion.models import Revision

from ..models import Article, Choice, FactorMechanism, LifestyleFactor, PendingChange, Question, Section
from .drafts import draft_choices, draft_mechanism_links, draft_sections, preview_instance
from .history import followed, history_fields, stored_fields


@dataclass
class ObjectState:
    model: type[models.Model]
    pk: str
    label: str
    fields: dict  # field name -> serialized value (JSON types; relations as primary keys)


Snapshot = dict[tuple[str, str], ObjectState]


def root_key(obj) -> tuple[str, str]:
    """The key of `obj` itself in its snapshots."""
    return (type(obj)._meta.label, str(obj.pk))


def _serialised(instance, fields) -> dict:
    return json.loads(serializers.serialize("json", [instance], fields=fields))[0]["fields"]


def current_snapshot(obj) -> Snapshot:
    """`obj` and what it owns as stored now, in the same form as a recorded revision."""
    snapshot = {}
    for item in followed(type(obj)._default_manager.get(pk=obj.pk)):
        model = type(item)
        data = _serialised(item, history_fields(model))
        snapshot[(model._meta.label, str(item.pk))] = ObjectState(model, str(item.pk), str(item), data)
    return snapshot


def revision_snapshot(revision: Revision) -> Snapshot:
    """What a recorded revision stored."""
    snapshot = {}
    for version in revision.version_set.select_related("content_type"):
        model = version.content_type.model_class()
        key = (model._meta.label, version.object_id)
        snapshot[key] = ObjectState(model, version.object_id, version.object_repr, stored_fields(version))
    return snapshot


def draft_snapshot(obj, pending: PendingChange) -> Snapshot:
    """The draft in snapshot form, to diff it against the published item."""
    snapshot = current_snapshot(obj)
    key = root_key(obj)
    draft = preview_instance(obj, pending)
    snapshot[key] = ObjectState(type(obj), key[1], str(draft), _columns_for_diff(draft, snapshot[key].fields))
    if isinstance(obj, Article) and "sections" in pending.preview:
        _replace_children(snapshot, Section, draft_sections(obj, pending), label=lambda s: str(s.heading))
    if isinstance(obj, LifestyleFactor) and "mechanism_links" in pending.preview:
        root = snapshot[key]
        preview = pending.preview
        root.fields = {**root.fields, "references": preview["references"], "passages": preview["passages"]}
        _replace_children(snapshot, FactorMechanism, draft_mechanism_links(obj, preview), label=str)
    if isinstance(obj, Question) and "choices" in pending.preview:
        root = snapshot[key]
        root.fields = {**root.fields, "terms": pending.preview["terms"]}
        _replace_children(snapshot, Choice, draft_choices(obj, pending.preview), label=str)
    return snapshot


def _replace_children(snapshot: Snapshot, model, rows: list, *, label) -> None:
    """Put the draft's rows of `model` (sections, mechanism links) in place of the stored ones."""
    for key in [k for k in snapshot if k[0] == model._meta.label]:
        del snapshot[key]
    for index, row in enumerate(rows):
        pk = str(row.pk) if row.pk else f"new-{index}"
        snapshot[(model._meta.label, pk)] = ObjectState(model, pk, label(row), _serialised(row, history_fields(model)))


def _columns_for_diff(instance, stored: dict) -> dict:
    """Column values of an unsaved copy; relations to many stay as stored (drafts keep them in the form)."""
    names = [name for name in history_fields(type(instance)) if not instance._meta.get_field(name).many_to_many]
    return {**stored, **_serialised(instance, names)}
