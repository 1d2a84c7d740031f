"""Readable diffs: of two texts (changed words marked), and of two snapshots, item by item.

Everything shown is escaped here (format_html); the admin's History, compare, revert and conflict
screens print the result as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .history import history_fields
from .snapshots import Snapshot

# Bookkeeping a reader of a diff does not need.
NOT_DIFFED = {"version", "updated_at"}
TOKEN_RE = re.compile(r"\s+|[^\s]+")
CONTEXT_LINES = 1


@dataclass
class FieldChange:
    name: str
    diff: SafeString


@dataclass
class ObjectChange:
    label: str
    kind: str  # "changed", "added" or "removed"
    changes: list[FieldChange] = field(default_factory=list)


# --- Snapshots ----------------------------------------------------------------------------------


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
        changes = _field_changes(state.model, before.fields if before else None, after.fields if after else None)
        if changes or kind != "changed":
            result.append(ObjectChange(f"{state.model._meta.verbose_name.capitalize()}: {state.label}", kind, changes))
    return result


def _field_changes(model, before: dict | None, after: dict | None) -> list[FieldChange]:
    changes = []
    for name in history_fields(model):
        if name in NOT_DIFFED:
            continue
        old_value = before.get(name) if before else None
        new_value = after.get(name) if after else None
        field_obj = model._meta.get_field(name)
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
    return changes


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


# --- Texts ------------------------------------------------------------------------------------


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
