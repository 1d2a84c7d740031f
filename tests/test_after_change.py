"""after_change.py and html_fields.py: what an edit re-renders."""

from igfapp.after_change import after_edit
from igfapp.html_fields import render_page
from igfapp.models import GlossaryTerm, Section, Status
from igfapp.rendering import GlossaryMatcher
from tests.admin_helpers import committed


def test_a_glossary_change_rerenders_every_page_that_links_terms(small_site):
    term = GlossaryTerm.objects.get(slug="igf-1")
    term.status = Status.DRAFT
    term.save()
    with committed():  # other items' links: in the background render
        after_edit(term)
    assert 'data-term="igf-1"' not in Section.objects.get(article__slug="basics", anchor="introduction").body_html


def test_render_page_numbers_citations_across_the_page():
    """The one page-wide numbering: the stored page, draft previews and the live preview all use it."""
    html, citations = render_page(["First [@b].", "Then [@a] and [@b] again."], GlossaryMatcher({}, str))
    assert 'data-ref="b">1</a>' in html[0]
    assert 'data-ref="a">2</a>' in html[1] and 'id="cite-b-2"' in html[1]
    assert citations.index() == [
        {"key": "b", "number": 1, "places": ["cite-b-1", "cite-b-2"]},
        {"key": "a", "number": 2, "places": ["cite-a-1"]},
    ]
