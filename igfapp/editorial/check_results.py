"""The result of an editorial check, and where it points editors to.

Shared by every check: a level (error, warning, info), a message in the editors' words, and a link
to where the thing can be fixed (an admin change page, or the public page of what has none).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from ..models import Section

INFO, WARNING, ERROR = "info", "warning", "error"
_SEVERITY = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class CheckResult:
    level: str  # "info" | "warning" | "error"
    message: str
    link: str = ""  # where to fix it (an admin change page or the public page), or ""
    link_label: str = ""


SectionLink = Callable[[Section], str]


def by_severity(results: Iterable[CheckResult]) -> list[CheckResult]:
    return sorted(results, key=lambda result: _SEVERITY[result.level])


def admin_url(obj) -> str:
    """The admin change page of `obj`; its public page when it has no admin page of its own."""
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        if isinstance(obj, Section):
            return admin_url(obj.article)
        return obj.get_absolute_url()


def date_text(value: datetime.date) -> str:
    """A date as the checks write it: "24 November 2026"."""
    return f"{value.day} {value:%B %Y}"
