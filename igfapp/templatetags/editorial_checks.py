"""`{% editorial_checks original %}`: the editorial checks box on an admin change form."""

from django import template

from ..editorial.checks import checks_box

register = template.Library()
register.inclusion_tag("admin/includes/editorial_checks.html", name="editorial_checks")(checks_box)
