import pytest
from django.test import SimpleTestCase

from igfapp.rendering import CitationState, GlossaryMatcher, RenderContext, count_words, render_markdown, sanitise


def matcher(**names):
    return GlossaryMatcher(names, lambda slug: f"/glossary/{slug}/")


def term_link(slug, text):
    return f'<a class="term" href="/glossary/{slug}/" data-term="{slug}">{text}</a>'


XSS_VECTORS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://example.com"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<a href='JaVaScRiPt:alert(1)'>x</a>",
    '<div onclick="alert(1)">x</div>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
]


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_sanitisation_removes_script_handlers_and_javascript_links(vector):
    html = render_markdown(vector).lower()
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html and "onload" not in html and "onclick" not in html
    assert "<iframe" not in html and "style=" not in html
    assert "data:text/html" not in html


class RenderingStructure(SimpleTestCase):
    def test_markdown_tables_and_quotes_render(self):
        html = render_markdown("> Key point.\n\n| A | B |\n| --- | --- |\n| 1 | 2 |")
        self.assertHTMLEqual(
            html,
            "<blockquote><p>Key point.</p></blockquote>"
            "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>",
        )

    def test_citations_are_numbered_per_page_in_order_of_first_use(self):
        state = CitationState()
        first = render_markdown("One [@b].", RenderContext(citations=state))
        second = render_markdown("Two [@a; @b].", RenderContext(citations=state))
        self.assertHTMLEqual(
            first,
            '<p>One <sup class="cites">[<a class="cite" id="cite-b-1" href="#ref-b" data-ref="b">1</a>]</sup>.</p>',
        )
        self.assertHTMLEqual(
            second,
            '<p>Two <sup class="cites">[<a class="cite" id="cite-a-1" href="#ref-a" data-ref="a">2</a>, '
            '<a class="cite" id="cite-b-2" href="#ref-b" data-ref="b">1</a>]</sup>.</p>',
        )
        assert state.index() == [
            {"key": "b", "number": 1, "places": ["cite-b-1", "cite-b-2"]},
            {"key": "a", "number": 2, "places": ["cite-a-1"]},
        ]


class GlossaryLinking(SimpleTestCase):
    def render(self, text, **names):
        return render_markdown(text, RenderContext(glossary=matcher(**names)))

    def test_longest_match_wins(self):
        html = self.render("IGF-1 levels rise.", **{"IGF-1": "igf-1", "IGF-1 levels": "igf-1-levels"})
        self.assertHTMLEqual(html, f"<p>{term_link('igf-1-levels', 'IGF-1 levels')} rise.</p>")

    def test_case_insensitive_and_whole_words_only(self):
        html = self.render("GHRH and gh differ; GH-IGF-1 and IGF-1R are not GH.", GH="growth-hormone")
        self.assertHTMLEqual(
            html, f"<p>GHRH and {term_link('growth-hormone', 'gh')} differ; GH-IGF-1 and IGF-1R are not GH.</p>"
        )

    def test_first_occurrence_only(self):
        html = self.render("Cortisol, cortisol, cortisol.", cortisol="cortisol")
        self.assertHTMLEqual(html, f"<p>{term_link('cortisol', 'Cortisol')}, cortisol, cortisol.</p>")

    def test_aliases_link_to_their_term(self):
        html = self.render("The pituitary gland, or pituitary.", **{"pituitary gland": "pit", "pituitary": "pit"})
        self.assertHTMLEqual(html, f"<p>The {term_link('pit', 'pituitary gland')}, or pituitary.</p>")

    def test_never_inside_headings_links_code_or_citations(self):
        html = render_markdown(
            "### Cortisol\n\n[cortisol](https://example.org) `cortisol` [@cortisol]\n\nthen cortisol",
            RenderContext(glossary=matcher(cortisol="cortisol")),
        )
        self.assertHTMLEqual(
            html,
            "<h3>Cortisol</h3>"
            '<p><a href="https://example.org">cortisol</a> <code>cortisol</code> '
            '<sup class="cites">[<a class="cite" id="cite-cortisol-1" href="#ref-cortisol" data-ref="cortisol">1</a>]</sup></p>'
            f"<p>then {term_link('cortisol', 'cortisol')}</p>",
        )

    def test_terms_split_across_lines_still_match(self):
        html = self.render("deep\nsleep matters", **{"deep sleep": "deep-sleep"})
        self.assertHTMLEqual(html, f"<p>{term_link('deep-sleep', 'deep sleep')} matters</p>")

    def test_text_is_escaped(self):
        html = self.render("a < b & c", cortisol="cortisol")
        self.assertHTMLEqual(html, "<p>a &lt; b &amp; c</p>")


def test_sanitise_keeps_allowed_markup():
    assert sanitise('<p><a class="term" href="/g/x/" data-term="x">x</a></p>') == (
        '<p><a class="term" href="/g/x/" data-term="x">x</a></p>'
    )


def test_count_words_ignores_citations():
    assert count_words("Growth hormone’s role [@leroith] is central.") == 5


# --- Content never borrows the page's classes or ids; sanitising never drops text silently ------


def test_content_cannot_borrow_the_pages_classes_or_ids():
    """An author's raw HTML with the site's pop-up classes (a fixed overlay over the article) or a
    second id="main" keeps its text but loses the class and the id."""
    html = render_markdown(
        '<a class="popup-card is-open" id="main" href="/glossary/">Overlay</a> and '
        '<a class="term" data-term="igf-1" href="/x">fake term</a> and <sup class="cites">[9]</sup>'
        ' and <a id="cite-smith-1" href="#ref-smith">forged place</a>'
    )
    assert "class=" not in html and "id=" not in html and "data-term" not in html
    for text in ("Overlay", "fake term", "[9]", "forged place"):
        assert text in html


def test_the_sites_own_citation_and_glossary_markup_keeps_its_classes_and_ids():
    html = render_markdown(
        "IGF-1 rises [@smith].", RenderContext(glossary=matcher(**{"IGF-1": "igf-1"}), citations=CitationState())
    )
    SimpleTestCase().assertInHTML(term_link("igf-1", "IGF-1"), html)
    assert (
        '<sup class="cites">[<a class="cite" id="cite-smith-1" href="#ref-smith" data-ref="smith">1</a>]</sup>' in html
    )


def test_a_citation_placeholder_cannot_be_forged():
    # The private-use characters that hold citations during rendering are removed from the source.
    html = render_markdown("Text \ue0000\ue001 here [@smith].")
    assert html.count('class="cite"') == 1 and "\ue000" not in html


def test_text_swallowed_by_raw_html_is_reported_with_its_line():
    from igfapp.rendering import dropped_text, dropped_text_line

    text = "First paragraph.\n\n<math><style>\n\nSecond paragraph is lost.\n\nThird."
    dropped = dropped_text(text)
    assert dropped == ["second", "paragraph", "is", "lost", "third"]
    assert dropped_text_line(text, dropped) == 5


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>\n\nKept.",  # a closed script: nothing visible is lost
        "Plain [link](https://example.org) and &amp; entity, `<b>code</b>`, <span>span</span>, ![alt](x.png)",
        "<!-- an editors' comment -->\nText.",
        "| a | b |\n| --- | --- |\n| c | d |",
    ],
)
def test_ordinary_markdown_and_removed_script_lose_no_text(text):
    from igfapp.rendering import dropped_text

    assert dropped_text(text) == []
