"""Glossary index and term pages."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ..models import GlossaryTerm


@require_safe
def glossary_index(request):
    terms = GlossaryTerm.objects.visible_to(request.user).only("slug", "term", "plain_definition")
    return render(request, "glossary/index.html", {"terms": terms})


@require_safe
def glossary_term(request, slug):
    term = get_object_or_404(GlossaryTerm.objects.visible_to(request.user), slug=slug)
    return render(request, "glossary/term.html", {"term": term})
