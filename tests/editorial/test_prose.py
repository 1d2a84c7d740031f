"""editorial/prose.py: what the checks find in a text (readability, technical terms, links, `## ` lines)."""

from igfapp.editorial import prose
from igfapp.rendering import GlossaryMatcher

EASY = "The cat sat on the mat. The dog ran to the park. We had fun in the sun all day."
HARD = (
    "Circulating insulin-like growth factor concentrations demonstrate considerable interindividual "
    "variability attributable to heterogeneous physiological, nutritional and pharmacological determinants."
)


def matcher(*names: str) -> GlossaryMatcher:
    return GlossaryMatcher({name: name.lower().replace(" ", "-") for name in names}, lambda slug: f"/glossary/{slug}/")


def test_readability_scores_easy_text_as_easier_than_hard_text():
    easy, hard = prose.readability(EASY), prose.readability(HARD)
    assert easy.reading_ease > 80 and easy.ease_label == "easy"
    assert hard.reading_ease < 30 and hard.ease_label == "very difficult"
    assert hard.grade > easy.grade
    assert prose.readability("Too short.") is None


def test_technical_terms_are_curated_axis_words_and_acronyms():
    text = "In TRT, GHRH and IGFBP-3 act via PI3K/Akt/mTOR; hepatic receptors. Insulin-Like Growth Hormone. The End."
    found = [term for term, _, _ in prose.technical_terms(text)]
    assert found == ["TRT", "GHRH", "IGFBP-3", "PI3K", "mTOR", "hepatic", "receptors", "Growth Hormone"]


def test_a_term_counts_as_explained_only_inside_a_glossary_match():
    text = "GHRH from the hypothalamus acts on the pituitary gland; GH raises IGF-1 and IGFBP-3. GHRH again."
    glossary = matcher("pituitary gland", "GH", "IGF-1")
    assert prose.unexplained_terms(text, glossary) == ["GHRH", "hypothalamus", "IGFBP-3"]
    assert prose.unexplained_terms(text, matcher()) == [
        "GHRH",
        "hypothalamus",
        "pituitary gland",
        "GH",
        "IGF-1",
        "IGFBP-3",
    ]


def test_links_and_lines_that_would_break():
    text = (
        "A [@smith] and [@nobody; @smith].\n## Oops\n"
        "See [GH](/glossary/gh/) and [x](https://example.org/glossary/nope/)."
    )
    assert prose.unknown_citation_keys(text, {"smith"}) == ["nobody"]
    assert prose.glossary_link_slugs(text) == ["gh", "nope"]
    assert prose.section_break_lines(text) == [2]
    assert prose.section_break_lines("### Fine\n##Not a section") == []
