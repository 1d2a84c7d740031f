"""`{% unexported_work %}`: the admin home's notice of admin work not yet exported to content/."""

from django import template

from ..editorial.content_sync import unexported_work as unexported_work_notice

register = template.Library()

SHOWN = 12


@register.inclusion_tag("admin/includes/unexported_work.html")
def unexported_work() -> dict:
    return unexported_work_notice(SHOWN)
