"""`{% new_reports %}`: the admin home's count of readers' problem reports nobody has triaged yet."""

from django import template
from django.urls import reverse

from ..models import ProblemReport

register = template.Library()


@register.inclusion_tag("admin/includes/new_reports.html", takes_context=True)
def new_reports(context) -> dict:
    user = context["request"].user
    if not user.has_perm("igfapp.view_problemreport"):
        return {"shown": False}
    count = ProblemReport.objects.filter(status=ProblemReport.Status.NEW).count()
    url = reverse("admin:igfapp_problemreport_changelist") + f"?status__exact={ProblemReport.Status.NEW}"
    return {"shown": True, "count": count, "url": url}
