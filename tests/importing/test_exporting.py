"""export_content: the database written back into content/, byte for byte in the import format."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from igfapp.content_files import format_scalar, read_entry
from igfapp.exporting import ExportFailed, build_entries, export_content
from igfapp.importing import ImportFailed, import_content
from igfapp.kinds.rows import linked_ids_in_order
from igfapp.models import (
    Article,
    EvidenceNote,
    FactorMechanism,
    GlossaryTerm,
    LifestyleFactor,
    Mechanism,
    Reference,
    Section,
)
from tests.conftest import FIXTURE_CONTENT, write

KINDS = ("articles", "glossary", "references", "mechanisms", "factors", "evidence")


# The fixture tree predates the canonical layout: these files carry the same values in another
# layout (e.g. `references: []` where the canonical file leaves an empty optional list out).
def content_files(root: Path) -> dict[str, bytes]:
    return {
        f"{kind}/{path.name}": path.read_bytes()
        for kind in KINDS
        if (root / kind).is_dir()
        for path in sorted((root / kind).glob("*.md"))
    }


def differing(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


# --- Round trips over real trees -----------------------------------------------------------------


def test_fixture_tree_exports_its_canonical_files_byte_for_byte(small_site, tmp_path):
    export_content(tmp_path / "out")
    assert differing(content_files(FIXTURE_CONTENT), content_files(tmp_path / "out")) == []


def test_fixture_tree_export_import_export_is_stable(small_site, tmp_path):
    first = tmp_path / "first"
    export_content(first)
    exported = content_files(first)
    report = import_content(first)
    assert not report.changed, report.lines()
    assert not export_content(first).changed
    assert content_files(first) == exported


def test_real_content_exports_byte_for_byte(db, tmp_path):
    """The project's content/ is canonical: importing it and exporting it changes no byte.

    If this fails after a content edit, run `manage.py export_content` once and review the diff.
    """
    copy = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, copy)
    import_content(copy)
    report = export_content(copy)
    assert report.changed_files == [], "not in the canonical layout: " + ", ".join(report.changed_files)


def test_real_content_export_import_export_is_stable(db, tmp_path):
    import_content(Path(settings.CONTENT_DIR))
    out = tmp_path / "out"
    export_content(out)
    first = content_files(out)
    assert not import_content(out).changed
    assert not export_content(out).changed
    assert content_files(out) == first


def test_building_the_files_takes_the_same_queries_for_little_or_much_content(small_site):
    with CaptureQueriesContext(connection) as few:
        build_entries()
    import_content(Path(settings.CONTENT_DIR))
    with CaptureQueriesContext(connection) as many:
        entries = build_entries()
    assert len(entries["glossary"]) > 50
    assert len(many) == len(few)


# --- Hostile and edge values --------------------------------------------------------------------

HOSTILE_TEXT = [
    'He said "hello": #1',
    "key: value",
    "# looks like a comment",
    "- looks like a list item",
    "* star",
    "& anchor",
    "! tag",
    "% directive",
    "@ at",
    "` backtick",
    "| literal",
    "> folded",
    "? question",
    "'single quoted'",
    "[flow]",
    "{flow: map}",
    "yes",
    "null",
    "~",
    "123",
    "1.5",
    "0x1F",
    "2026-11-24",
    " leading space",
    "trailing space ",
    "two\nlines",
    "tab\tinside",
    "back\\slash",
    "ünïcödé “curly” – dash … 😀",
    "line\u2028separator and next\x85line",
    "control \x07 bell and \x7f delete",
    "",
]


@pytest.mark.parametrize("value", HOSTILE_TEXT)
@pytest.mark.parametrize("quote", [False, True])
def test_any_text_is_written_so_the_reader_gets_it_back(tmp_path, value, quote):
    path = write(tmp_path / "x.md", f"---\nkey: {format_scalar(value, quote=quote)}\n---\n")
    front = read_entry(path).front
    assert front["key"] == value
    assert isinstance(front["key"], str)


def test_prose_is_quoted_even_when_plain_would_do():
    assert format_scalar("Plain words", quote=True) == '"Plain words"'
    assert format_scalar("Plain words") == "Plain words"


def _make_hostile_rows():
    """Rows an editor could make in the admin, full of characters YAML and markdown care about."""
    article = Article.objects.get(slug="basics")
    article.title = 'Basics: "quoted" #1'
    article.summary = "Line one,\nline two: with # and 'quotes'"
    article.save()
    Section.objects.filter(article=article, anchor="control").update(
        heading='Control: the "axis" {really}',
        body_md="### A sub-heading\n\n---\n\n# not a section\n\n- list\n  - nested\n\ntrailing spaces  \nend",
    )
    Section.objects.filter(article=article, anchor="reflection").update(body_md="")
    term = GlossaryTerm.objects.get(slug="growth-hormone")
    term.term = "Growth hormone (GH): “the” #1"
    term.aliases = ["- dash", "a: b", "ünï", "'single'", "yes"]
    term.plain_definition = "Two\nlines"
    term.technical_definition = ""
    term.explanation_md = "---\nA rule above.\n\n## A level-two heading is fine outside articles"
    term.save()
    smith = Reference.objects.get(key="smith")
    smith.authors = ["O'Brien, J.", "#1: Group", ""]
    smith.title = "Title: a [sub] {study} & more"
    smith.volume, smith.pages, smith.doi = "12", "1–2", "10.1000/x:y#z"
    smith.url = "https://example.org/a?b=c#d"
    smith.corrected_by = Reference.objects.get(key="jones")
    smith.status = Reference.Accuracy.MISMATCH
    smith.save()
    mechanism = Mechanism.objects.create(
        slug="odd-mechanism", name="Odd: mechanism", location="liver", explanation_md="Why, [@jones]."
    )
    mechanism.glossary_terms.add(GlossaryTerm.objects.get(slug="pituitary-gland"))
    mechanism.glossary_terms.add(term)  # added second: the file must keep this order
    factor = LifestyleFactor.objects.create(
        slug="odd-factor",
        name="#1 factor",
        order=1,
        effect="mixed",
        in_document_table=True,
        table_mechanism="a: b",
        observed_effect="[bracketed]",
        summary="",
        detail_md="",
    )
    FactorMechanism.objects.create(factor=factor, mechanism=mechanism, order=0, note='Note with "quotes"\nand a line')
    factor.passages.add(Section.objects.get(article__slug="deep", anchor="axis"))
    factor.passages.add(Section.objects.get(article__slug="basics", anchor="control"))
    note = EvidenceNote.objects.create(
        slug="odd-note", claim="Claim: \u2028odd", standing="contested", explanation_md="Because [@smith]."
    )
    note.factors.add(factor)


def test_hostile_values_round_trip_exactly(small_site, tmp_path):
    _make_hostile_rows()
    out = tmp_path / "out"
    export_content(out)
    report = import_content(out)
    assert not report.changed, report.lines()  # every value read back equal to what was written
    assert not export_content(out).changed
    mechanism = Mechanism.objects.get(slug="odd-mechanism")
    linked = linked_ids_in_order(mechanism.glossary_terms)
    assert [GlossaryTerm.objects.get(pk=pk).slug for pk in linked] == ["pituitary-gland", "growth-hormone"]
    text = (out / "mechanisms" / "odd-mechanism.md").read_text()
    assert "glossary:\n  - pituitary-gland\n  - growth-hormone\n" in text
    factor_text = (out / "factors" / "odd-factor.md").read_text()
    assert "passages:\n  - deep/axis\n  - basics/control\n" in factor_text


def test_the_order_of_a_list_in_a_file_is_kept_and_a_new_order_is_imported(small_site, tmp_path):
    path = small_site / "glossary" / "growth-hormone.md"
    two = "related:\n  - pituitary-gland\n  - igf-1\n"
    path.write_text(path.read_text().replace("related:\n  - pituitary-gland\n", two))
    import_content(small_site)
    export_content(tmp_path / "a")
    assert two in (tmp_path / "a" / "glossary" / "growth-hormone.md").read_text()

    swapped = "related:\n  - igf-1\n  - pituitary-gland\n"
    path.write_text(path.read_text().replace(two, swapped))
    import_content(small_site)
    export_content(tmp_path / "b")
    assert swapped in (tmp_path / "b" / "glossary" / "growth-hormone.md").read_text()


def test_article_layout(small_site, tmp_path):
    _make_hostile_rows()
    export_content(tmp_path)
    text = (tmp_path / "articles" / "basics.md").read_text()
    assert text.startswith(
        '---\ntitle: "Basics: \\"quoted\\" #1"\nsummary: "Line one,\\nline two: with # and \'quotes\'"\n'
        "order: 1\nstatus: published\n---\n\n"
        "## Introduction {#introduction topic=overview}\n"
    )
    assert '\n\n## Control: the "axis" {really} {#control topic=regulation}\n### A sub-heading\n' in text
    assert text.endswith("end\n\n## Reflection {#reflection topic=reflection}\n")


def test_empty_optional_keys_are_left_out_and_empty_lists_written_as_brackets(small_site, tmp_path):
    export_content(tmp_path)
    igf = (tmp_path / "glossary" / "igf-1.md").read_text()
    assert igf == (
        '---\nterm: IGF-1\naliases:\n  - insulin-like growth factor 1\nplain: "A messenger made mostly in the liver '
        'when growth hormone asks for it."\nrelated: []\nstatus: published\n---\n'
    )
    assert "last_reviewed" not in (tmp_path / "articles" / "basics.md").read_text()


@pytest.mark.parametrize("key", ["last_reviewed", "reviewed_by", "next_review_due", "review_note"])
def test_a_tier_file_with_a_former_review_field_is_told_where_reviews_went(small_site, key):
    path = small_site / "articles" / "basics.md"
    before = Article.objects.get(slug="basics").title
    text = path.read_text().replace("title: Basics\n", "title: Basics, renamed\n", 1)
    path.write_text(text.replace("status: published\n", f"status: published\n{key}: 2026-11-24\n", 1))
    with pytest.raises(ImportFailed) as failure:
        import_content(small_site)
    message = str(failure.value)
    assert "articles/basics.md" in message and f"'{key}' is no longer read" in message and "content/reviews/" in message
    assert Article.objects.get(slug="basics").title == before  # nothing was changed


def test_windows_line_ends_from_a_browser_are_written_as_newlines(small_site, tmp_path):
    GlossaryTerm.objects.filter(slug="igf-1").update(explanation_md="\r\n\r\nOne.\r\n\r\nTwo.\r\n")
    Section.objects.filter(anchor="therapies").update(body_md="First.\r\nSecond.")
    export_content(tmp_path)
    assert (tmp_path / "glossary" / "igf-1.md").read_bytes().endswith(b"---\nOne.\n\nTwo.\n")
    assert b"First.\nSecond.\n" in (tmp_path / "articles" / "deep.md").read_bytes()
    import_content(tmp_path)
    assert not export_content(tmp_path).changed


# --- Writing into an existing tree ---------------------------------------------------------------


def test_files_of_deleted_rows_are_removed_and_nothing_else(small_site):
    readme = write(small_site / "glossary" / "README.md", "About the glossary.\n")
    notes = write(small_site / "glossary" / "notes.txt", "not content\n")
    elsewhere = write(small_site / "drafts" / "idea.md", "---\n---\n")
    write(small_site / "mechanisms" / "orphan.md", "---\nname: x\n---\n")
    GlossaryTerm.objects.filter(slug="igf-1").delete()
    report = export_content(small_site)
    assert not (small_site / "glossary" / "igf-1.md").exists()
    assert not (small_site / "mechanisms" / "orphan.md").exists()
    assert readme.exists() and notes.exists() and elsewhere.exists()
    assert report.counts["glossary"]["deleted"] == 1
    assert report.counts["mechanisms"]["deleted"] == 1


def test_unchanged_files_are_not_rewritten(small_site):
    path = small_site / "articles" / "basics.md"
    before = path.stat().st_mtime_ns
    report = export_content(small_site)
    assert path.stat().st_mtime_ns == before
    assert report.counts["articles"]["unchanged"] == 3


def test_a_section_line_starting_a_new_section_is_refused_and_nothing_is_written(small_site):
    before = content_files(small_site)
    GlossaryTerm.objects.filter(slug="igf-1").delete()  # an export would otherwise remove its file
    Section.objects.filter(anchor="therapies").update(body_md="Text.\n## Sneaky {#sneaky topic=therapies}\nMore.")
    with pytest.raises(ExportFailed) as excinfo:
        export_content(small_site)
    assert excinfo.value.errors == [
        (
            "articles/deep.md: a section body has a line starting with '## ', which the importer would read as a "
            "new section heading (use '### ' for a heading inside a section)"
        )
    ]
    assert content_files(small_site) == before


def test_a_slug_the_importer_would_reject_is_reported(small_site, tmp_path):
    GlossaryTerm.objects.create(slug="Bad_Slug", term="Bad", plain_definition="p")
    with pytest.raises(ExportFailed) as excinfo:
        export_content(tmp_path)
    assert excinfo.value.errors == ["glossary/Bad_Slug.md:1: file name must be a lower-case-with-hyphens slug"]
    assert not (tmp_path / "articles").exists()


def test_a_citation_that_no_longer_resolves_is_reported_with_its_line(small_site, tmp_path):
    Section.objects.filter(anchor="therapies").update(body_md="Fine.\nCites [@nobody].")
    with pytest.raises(ExportFailed) as excinfo:
        export_content(tmp_path)
    assert excinfo.value.errors == ["articles/deep.md:16: unknown citation key '[@nobody]'"]


# --- The command ------------------------------------------------------------------------------------


def test_command_writes_and_reports(small_site, tmp_path, capsys):
    call_command("export_content", content_dir=tmp_path)
    out = capsys.readouterr().out
    assert "articles: 3 created, 0 updated, 0 unchanged, 0 deleted" in out
    assert (tmp_path / "articles" / "basics.md").read_bytes() == (
        FIXTURE_CONTENT / "articles" / "basics.md"
    ).read_bytes()


def test_command_check_lists_differences_and_writes_nothing(small_site, capsys):
    GlossaryTerm.objects.filter(slug="igf-1").update(plain_definition="Changed.")
    before = content_files(small_site)
    with pytest.raises(CommandError, match="differ from the database"):
        call_command("export_content", content_dir=small_site, check=True)
    assert "would change: glossary/igf-1.md" in capsys.readouterr().out
    assert content_files(small_site) == before


def test_command_reports_problems_and_fails(small_site, tmp_path, capsys):
    Section.objects.filter(anchor="therapies").update(body_md="## Oops")
    with pytest.raises(CommandError, match="no file was written"):
        call_command("export_content", content_dir=tmp_path)
    assert "articles/deep.md" in capsys.readouterr().err
