"""`{% editorial_checks original %}`: the editorial checks box on an admin change form."""

from django import template

from ..editorial_checks import INFO, checks_for
from ..models import Article, GlossaryTerm, Section

register = template.Library()

CHECKED_MODELS = (Article, Section, GlossaryTerm)


@register.inclusion_tag("admin/includes/editorial_checks.html")
def editorial_checks(obj) -> dict:
    """The checks for a saved article, section or glossary term; nothing for anything else."""
    applies = isinstance(obj, CHECKED_MODELS) and obj.pk is not None
    checks = checks_for(obj) if applies else []
    return {
        "applies": applies,
        "checks": checks,
        "issues": [check for check in checks if check.level != INFO],
        "notes": [check for check in checks if check.level == INFO],
    }
