"""Loading rows inside an import's transaction: create or update by natural key, link in order,
delete what the files no longer hold, each only if nobody changed it since it was read.

A row someone changed after the import read it (an admin save that did not wait for the lock)
raises `ChangedMeanwhile`, which rolls the whole import back (importing.py names the item).
"""

from __future__ import annotations

from .records import ImportReport


class ChangedMeanwhile(Exception):
    """A row changed between the import reading it and writing it."""

    def __init__(self, kind: str, name: str, obj):
        self.kind, self.name, self.obj = kind, name, obj
        super().__init__(f"{kind}/{name} changed while the import ran")


def upsert(model, lookup: dict, values: dict, report: ImportReport, kind: str):
    """Create or update one row, saving only when a value really changed (keeps imports idempotent)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        report.count(kind, "created")
        return obj, True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        claim_version(obj, kind, natural_name(lookup))
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        report.count(kind, "updated")
    else:
        report.count(kind, "unchanged")
    return obj, bool(changed)


def natural_name(lookup: dict) -> str:
    return "/".join(str(getattr(value, "slug", value)) for value in lookup.values())


def claim_version(obj, kind: str, name: str) -> None:
    """Move `obj`'s version on only if it is still the one read (UPDATE ... WHERE version = read):
    a row someone changed since refuses the whole import instead of being overwritten."""
    read = obj.version
    if not type(obj).objects.filter(pk=obj.pk, version=read).update(version=read + 1):
        raise ChangedMeanwhile(kind, name, obj)  # rolls the whole import back
    obj.version = read + 1


def delete_as_read(rows, kind: str, name_of) -> None:
    """Delete `rows`, each only if its version is still the one read (as claim_version)."""
    model = rows.model
    for obj in list(rows):
        _, deleted = model.objects.filter(pk=obj.pk, version=obj.version).delete()
        if not deleted.get(model._meta.label):
            raise ChangedMeanwhile(kind, name_of(obj), obj)


def linked_ids_in_order(manager) -> list[int]:
    """The ids a many-to-many manager links to, in the order the links were added.

    The order of a list in a file (e.g. a term's `related`) lives only in the link rows' ids, so
    that export_content can write the list back exactly as it was read.
    """
    rows = manager.through._default_manager.filter(**{manager.source_field_name: manager.instance.pk})
    return list(rows.order_by("pk").values_list(f"{manager.target_field_name}_id", flat=True))


def set_links(manager, objects: list) -> bool:
    """Link exactly `objects`, in order; True if the links changed."""
    if linked_ids_in_order(manager) == [o.pk for o in objects]:
        return False
    manager.clear()
    for obj in objects:  # one at a time: add(*objs) would insert the rows in set order
        manager.add(obj)
    return True


def delete_missing(model, field_name: str, keep: set, report: ImportReport, kind: str) -> None:
    stale = model.objects.exclude(**{f"{field_name}__in": keep})
    for name in stale.values_list(field_name, flat=True):
        report.count(kind, "deleted")
        report.deleted_items.add((kind, name))
    delete_as_read(stale, kind, lambda obj: getattr(obj, field_name))
