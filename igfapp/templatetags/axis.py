"""`{% axis_diagram %}`: the GH/IGF-1 axis diagram, with the factor chosen by `?factor=` lit up."""

from django import template

from ..diagram import axis_diagram as build_axis_diagram

register = template.Library()


@register.inclusion_tag("includes/axis_diagram.html", takes_context=True)
def axis_diagram(context, heading_level: int = 2) -> dict:
    """Render the diagram; `heading_level` fits its heading into the page's outline (2 or 3)."""
    request = context.get("request")
    factor = request.GET.get("factor", "") if request is not None else ""
    level = heading_level if heading_level in (2, 3) else 2
    return {
        "diagram": build_axis_diagram(factor=factor[:120] or None),
        "request": request,
        "path": request.path if request is not None else "",
        "h": f"h{level}",
        "hsub": f"h{level + 1}",
    }
