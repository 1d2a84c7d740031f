"""The glossary linker's rules, on rendered markdown (compared structurally)."""

import random
import string

from django.test import SimpleTestCase

from igfapp.rendering import (
    GlossaryMatcher,
    RenderContext,
    link_glossary_terms,
    linked_term_slugs,
    plain_text,
    render_markdown,
)


def matcher(names: dict[str, str]) -> GlossaryMatcher:
    return GlossaryMatcher(names, lambda slug: f"/glossary/{slug}/")


def term_link(slug: str, text: str) -> str:
    return f'<a class="term" href="/glossary/{slug}/" data-term="{slug}">{text}</a>'


AXIS = {
    "growth hormone": "growth-hormone",
    "GH": "growth-hormone",
    "growth hormone-releasing hormone": "ghrh",
    "GHRH": "ghrh",
    "hormone": "hormone",
    "IGF-1": "igf-1",
    "IGF-1 levels": "igf-1-levels",
    "IGF-1 receptor": "igf-1-receptor",
    "IGF-1R": "igf-1-receptor",
    "insulin": "insulin",
    "insulin resistance": "insulin-resistance",
    "PI3K/Akt/mTOR": "pi3k-akt-mtor",
}


class LinkerRules(SimpleTestCase):
    def render(self, text: str, names=AXIS) -> str:
        return render_markdown(text, RenderContext(glossary=matcher(names)))

    def test_longest_match_wins_over_its_prefixes(self):
        html = self.render("Growth hormone-releasing hormone (GHRH) raises IGF-1 levels.")
        self.assertHTMLEqual(
            html,
            f"<p>{term_link('ghrh', 'Growth hormone-releasing hormone')} (GHRH) raises "
            f"{term_link('igf-1-levels', 'IGF-1 levels')}.</p>",
        )

    def test_the_longer_of_two_overlapping_terms_at_the_same_place_wins(self):
        html = self.render("Insulin resistance differs from insulin.")
        self.assertHTMLEqual(
            html,
            f"<p>{term_link('insulin-resistance', 'Insulin resistance')} differs from {term_link('insulin', 'insulin')}.</p>",
        )

    def test_whole_words_only_with_hyphens_as_part_of_a_word(self):
        html = self.render("GHz, IGF-1R, GH-IGF-1 and insulinoma are not terms; GH is.")
        self.assertHTMLEqual(
            html,
            f"<p>GHz, {term_link('igf-1-receptor', 'IGF-1R')}, GH-IGF-1 and insulinoma are not terms; "
            f"{term_link('growth-hormone', 'GH')} is.</p>",
        )

    def test_case_insensitive_keeping_the_text_as_written(self):
        html = self.render("INSULIN matters.")
        self.assertHTMLEqual(html, f"<p>{term_link('insulin', 'INSULIN')} matters.</p>")

    def test_terms_with_punctuation_inside(self):
        html = self.render("The PI3K/Akt/mTOR pathway.")
        self.assertHTMLEqual(html, f"<p>The {term_link('pi3k-akt-mtor', 'PI3K/Akt/mTOR')} pathway.</p>")

    def test_first_occurrence_per_body_counting_aliases_as_the_same_term(self):
        html = self.render("GH pulses. Growth hormone falls. GH again.\n\nA second paragraph on growth hormone.")
        self.assertHTMLEqual(
            html,
            f"<p>{term_link('growth-hormone', 'GH')} pulses. Growth hormone falls. GH again.</p>"
            "<p>A second paragraph on growth hormone.</p>",
        )

    def test_each_body_starts_afresh(self):
        names = {"insulin": "insulin"}
        first, second = self.render("insulin", names), self.render("insulin", names)
        self.assertHTMLEqual(first, f"<p>{term_link('insulin', 'insulin')}</p>")
        self.assertHTMLEqual(second, first)

    def test_never_inside_headings(self):
        html = self.render("### Insulin\n\nInsulin again.", {"insulin": "insulin"})
        self.assertHTMLEqual(html, f"<h3>Insulin</h3><p>{term_link('insulin', 'Insulin')} again.</p>")

    def test_never_inside_existing_links(self):
        html = self.render("[insulin](https://example.org/) and insulin", {"insulin": "insulin"})
        self.assertHTMLEqual(
            html, f'<p><a href="https://example.org/">insulin</a> and {term_link("insulin", "insulin")}</p>'
        )

    def test_never_inside_code(self):
        html = self.render("`insulin`\n\n    insulin block\n\ninsulin", {"insulin": "insulin"})
        self.assertHTMLEqual(
            html,
            f"<p><code>insulin</code></p><pre><code>insulin block\n</code></pre><p>{term_link('insulin', 'insulin')}</p>",
        )

    def test_never_inside_citations(self):
        html = self.render("Text [@insulin] then insulin.", {"insulin": "insulin"})
        self.assertHTMLEqual(
            html,
            '<p>Text <sup class="cites">[<a class="cite" id="cite-insulin-1" href="#ref-insulin" '
            f'data-ref="insulin">1</a>]</sup> then {term_link("insulin", "insulin")}.</p>',
        )

    def test_inside_emphasis_lists_and_tables(self):
        html = self.render("*insulin*\n\n- GH\n\n| a |\n| --- |\n| IGF-1 |")
        self.assertHTMLEqual(
            html,
            f"<p><em>{term_link('insulin', 'insulin')}</em></p><ul><li>{term_link('growth-hormone', 'GH')}</li></ul>"
            f"<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>{term_link('igf-1', 'IGF-1')}</td></tr></tbody></table>",
        )

    def test_a_term_never_links_on_its_own_page_and_is_not_split_there(self):
        own_page = matcher(AXIS).never_linking("growth-hormone")
        html = render_markdown("Growth hormone is a hormone; GH too.", RenderContext(glossary=own_page))
        self.assertHTMLEqual(html, f"<p>Growth hormone is a {term_link('hormone', 'hormone')}; GH too.</p>")

    def test_markup_in_text_stays_escaped(self):
        html = link_glossary_terms("<p>a &lt;b&gt; &amp; insulin</p>", matcher({"insulin": "insulin"}))
        self.assertHTMLEqual(html, f"<p>a &lt;b&gt; &amp; {term_link('insulin', 'insulin')}</p>")


def test_linked_term_slugs_lists_each_linked_term_once_in_order():
    html = render_markdown("GH and IGF-1; then insulin.\n\n- GH", RenderContext(glossary=matcher(AXIS)))
    assert linked_term_slugs(html) == ["growth-hormone", "igf-1", "insulin"]


def test_plain_text_drops_markup_and_citation_numbers():
    html = render_markdown("**GH** rises [@a; @b].\n\n- one\n- two", RenderContext(glossary=matcher(AXIS)))
    assert plain_text(html) == "GH rises. one two"


def test_every_one_of_a_thousand_terms_is_found_by_the_one_regex():
    """The trie-shaped regex must be exact: each term matches itself, whole, and nothing is lost."""
    rng = random.Random(7)
    names = {}
    while len(names) < 1000:
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 9)))
        if rng.random() < 0.3:
            word += " " + "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 6)))
        names.setdefault(word, f"t{len(names)}")
    big = matcher(names)
    for name, slug in names.items():
        html = big.link(f"before {name} after", set())
        assert f'data-term="{slug}">{name}</a>' in html, name
