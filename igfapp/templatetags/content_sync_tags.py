"""`{% unexported_work %}`: the admin home's notice of admin work not yet exported to content/."""

from django import template
from django.urls import reverse

from ..content_sync import unexported_items
from ..models import DeletedItem

register = template.Library()

SHOWN = 12


@register.inclusion_tag("admin/includes/unexported_work.html")
def unexported_work() -> dict:
    items, total = unexported_items(SHOWN)
    rows = [
        {
            "label": str(item),
            "kind": item._meta.verbose_name,
            "changed": item.updated_at,
            "url": reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk]),
        }
        for item in items
    ]
    deletions = list(DeletedItem.objects.select_related("deleted_by").order_by("-deleted_at"))
    return {"rows": rows, "more": total - len(rows), "deletions": deletions, "total": total + len(deletions)}
