"""Loading glossary files: validation errors name file and line; links follow the imported terms."""

import pytest

from igfapp.importing import ImportFailed, import_content
from igfapp.models import GlossaryTerm, Section
from tests.conftest import write

BROKEN_GLOSSARY_FILES = {
    "missing plain definition": (
        "glossary/igf-1.md",
        "---\nterm: IGF-1\ntechnical: t\n---\n",
        1,
        "missing required field 'plain'",
    ),
    "missing term": ("glossary/igf-1.md", "---\nplain: p\n---\n", 1, "missing required field 'term'"),
    "unknown field": (
        "glossary/igf-1.md",
        "---\nterm: IGF-1\nplain: p\ndefinition: d\n---\n",
        4,
        "unknown field 'definition'",
    ),
    "aliases not a list": (
        "glossary/igf-1.md",
        "---\nterm: IGF-1\nplain: p\naliases:\n  a: b\n---\n",
        5,
        "'aliases' must be a list",
    ),
    "related twice": (
        "glossary/igf-1.md",
        "---\nterm: IGF-1\nplain: p\nrelated:\n  - growth-hormone\n  - growth-hormone\n---\n",
        5,
        "'growth-hormone' is listed twice in 'related'",
    ),
    "unknown reference": (
        "glossary/igf-1.md",
        "---\nterm: IGF-1\nplain: p\nreferences:\n  - nobody-2000\n---\n",
        5,
        "unknown references 'nobody-2000'",
    ),
    "alias clashes with another term": (
        "glossary/igf-1.md",
        "---\nterm: IGF-1\nplain: p\naliases:\n  - Growth Hormone\n---\n",
        5,
        "glossary name 'Growth Hormone' is also used by",
    ),
    "unknown citation in explanation": (
        "glossary/igf-1.md",
        "---\nterm: IGF-1\nplain: p\n---\nFirst line.\nCited [@nobody].\n",
        6,
        "unknown citation key '[@nobody]'",
    ),
}


@pytest.mark.parametrize("case", BROKEN_GLOSSARY_FILES, ids=list(BROKEN_GLOSSARY_FILES))
def test_a_broken_glossary_file_is_reported_at_its_line_and_nothing_changes(small_site, case):
    relative, text, line, message = BROKEN_GLOSSARY_FILES[case]
    before = list(GlossaryTerm.objects.values().order_by("pk"))
    write(small_site / relative, text)
    with pytest.raises(ImportFailed) as excinfo:
        import_content(small_site)
    errors = [(e.path, e.line, e.message) for e in excinfo.value.errors]
    assert any(
        path == str(small_site / relative) and got == line and message in text_ for path, got, text_ in errors
    ), errors
    assert list(GlossaryTerm.objects.values().order_by("pk")) == before


def test_imported_terms_carry_every_field(small_site):
    gh = GlossaryTerm.objects.get(slug="growth-hormone")
    assert gh.term == "Growth hormone"
    assert gh.aliases == ["GH"]
    assert gh.plain_definition.startswith("A hormone from the pituitary gland")
    assert gh.technical_definition.startswith("A pituitary peptide hormone")
    assert [t.slug for t in gh.related.all()] == ["pituitary-gland"]
    assert "<p>Explained at length.</p>" in gh.explanation_html


def test_sections_record_the_terms_linked_in_them(small_site):
    control = Section.objects.get(article__slug="basics", anchor="control")
    assert sorted(control.glossary_terms.values_list("slug", flat=True)) == ["growth-hormone", "pituitary-gland"]
    assert control.body_text == "The pituitary gland releases growth hormone."


def test_a_new_alias_is_linked_after_the_next_import(small_site):
    path = small_site / "glossary" / "pituitary-gland.md"
    path.write_text(path.read_text().replace("  - pituitary\n", "  - pituitary\n  - hypophysis\n"))
    write(
        small_site / "articles" / "deep.md",
        (small_site / "articles" / "deep.md").read_text().replace("Peptides exist.", "The hypophysis is small."),
    )
    import_content(small_site)
    therapies = Section.objects.get(article__slug="deep", anchor="therapies")
    assert 'data-term="pituitary-gland">hypophysis</a>' in therapies.body_html
    assert list(therapies.glossary_terms.values_list("slug", flat=True)) == ["pituitary-gland"]


def test_a_draft_term_is_never_linked(small_site):
    path = small_site / "glossary" / "pituitary-gland.md"
    path.write_text(path.read_text().replace("status: published", "status: draft"))
    import_content(small_site)
    control = Section.objects.get(article__slug="basics", anchor="control")
    assert "pituitary-gland" not in control.body_html
    assert list(control.glossary_terms.values_list("slug", flat=True)) == ["growth-hormone"]


def test_a_removed_term_disappears_with_its_links(small_site):
    (small_site / "glossary" / "pituitary-gland.md").unlink()
    path = small_site / "glossary" / "growth-hormone.md"
    path.write_text(path.read_text().replace("related:\n  - pituitary-gland\n", "related: []\n"))
    import_content(small_site)
    assert not GlossaryTerm.objects.filter(slug="pituitary-gland").exists()
    control = Section.objects.get(article__slug="basics", anchor="control")
    assert "pituitary-gland" not in control.body_html
