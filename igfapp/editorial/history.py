"""History: what django-reversion records of each item, and reading it back.

Owns the registration (run by `IgfappConfig.ready`, never at import time), which fields a stored
version keeps (the editors' sources, never derived HTML, counts or caches), recording a revision
of an item together with what it owns (an article's sections, a factor's mechanism links, so a
revert restores the whole page), and the rows of an item's History page.

Words: a *revision* here is always django-reversion's (one recorded save: who, when, what); a
*version* is one item's copy inside it. An item's own `version` field is its concurrency counter
(see conflicts.py); `stored_version_number` reads that counter back out of a stored version.
"""

from __future__ import annotations

import json

import reversion
from django.db import models
from reversion.models import Revision, Version

from ..kinds import CONTENT_MODELS
from ..models import Article, LifestyleFactor, Question

# What a revision of an item also records, so reverting restores what the editor saw in one form.
FOLLOW = {Article: ("sections",), LifestyleFactor: ("mechanism_links",), Question: ("choices",)}
HISTORY_MODELS = CONTENT_MODELS
# Not editable, yet worth keeping in a version: they identify it (`version`) and date it.
KEPT_BOOKKEEPING = {"version", "updated_at"}


def history_fields(model) -> tuple[str, ...]:
    """The fields a version stores: the editors' source, never derived HTML, counts or caches."""
    opts = model._meta
    return tuple(
        f.name
        for f in [*opts.local_fields, *opts.local_many_to_many]
        if not f.primary_key and (f.editable or f.name in KEPT_BOOKKEEPING)
    )


def register_history() -> None:
    """Register every content model with django-reversion (idempotent; called from AppConfig.ready)."""
    for model in HISTORY_MODELS:
        if not reversion.is_registered(model):
            reversion.register(model, fields=history_fields(model), follow=FOLLOW.get(model, ()))


def followed(obj) -> list[models.Model]:
    """`obj` and everything a revision of it records with it (FOLLOW), parents first."""
    found = [obj]
    for name in FOLLOW.get(type(obj), ()):
        for child in getattr(obj, name).all():
            found.extend(followed(child))
    return found


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


def stored_fields(version: Version) -> dict:
    """The field values a version stored (JSON types; relations as primary keys)."""
    return json.loads(version.serialized_data)[0]["fields"]


def stored_version_number(version: Version) -> int | None:
    """The item's own `version` counter as this stored version recorded it."""
    return stored_fields(version).get("version")


def version_numbered(obj, number: int) -> Version | None:
    """The newest recorded version of `obj` whose own version counter was `number`."""
    for version in versions_of(obj):
        if stored_version_number(version) == number:
            return version
    return None


def author_of(revision: Revision | None) -> str:
    """Who made a revision, as editors read it."""
    if revision is None or revision.user is None:
        return "someone (outside the admin, e.g. an import)"
    user = revision.user
    return user.get_full_name() or user.get_username()


def history_rows(obj) -> list[dict]:
    """History rows for the admin: each recorded version with who, when, what and its number."""
    return [
        {
            "version": version,
            "number": stored_version_number(version),
            "when": version.revision.date_created,
            "who": author_of(version.revision),
            "comment": version.revision.get_comment(),
        }
        for version in versions_of(obj)
    ]
