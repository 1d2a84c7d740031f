import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from igfapp.importing import ImportFailed, import_content
from igfapp.models import Article, GlossaryTerm, Reference, Section
from tests.conftest import write


def database_snapshot():
    """Every content row's values, to prove a failed import changed nothing."""
    return (
        list(Article.objects.values().order_by("pk")),
        list(Section.objects.values().order_by("pk")),
        list(GlossaryTerm.objects.values().order_by("pk")),
        list(Reference.objects.values().order_by("pk")),
    )


def test_import_creates_articles_sections_and_html(small_site):
    assert list(Article.objects.values_list("slug", flat=True)) == ["basics", "middle", "deep"]
    control = Section.objects.get(article__slug="basics", anchor="control")
    assert control.topic == "regulation"
    assert control.word_count > 0
    assert '<a class="term" href="/glossary/pituitary-gland/"' in control.body_html


def test_import_is_idempotent(small_site):
    before = database_snapshot()
    report = import_content(small_site)
    assert not report.changed
    assert all(c["updated"] == c["created"] == 0 for c in report.counts.values())
    assert database_snapshot() == before


def test_a_changed_file_updates_only_its_rows(small_site):
    path = small_site / "articles" / "deep.md"
    path.write_text(path.read_text().replace("Peptides exist.", "Peptides exist, and more."))
    report = import_content(small_site)
    assert report.counts["sections"]["updated"] == 1
    assert Section.objects.get(anchor="therapies").body_md == "Peptides exist, and more."


def test_a_removed_section_is_deleted(small_site):
    path = small_site / "articles" / "deep.md"
    text = path.read_text()
    path.write_text(text[: text.index("## Therapies")])
    import_content(small_site)
    assert not Section.objects.filter(article__slug="deep", anchor="therapies").exists()


BROKEN_FILES = {
    "bad front matter": (
        "articles/basics.md",
        "---\ntitle: [unclosed\n---\n## A {#a topic=overview}\nx\n",
        2,
        "not valid YAML",
    ),
    "missing title": (
        "articles/basics.md",
        "---\nsummary: s\norder: 1\n---\n## A {#a topic=overview}\nx\n",
        1,
        "missing required field 'title'",
    ),
    "unknown topic": (
        "articles/basics.md",
        "---\ntitle: T\nsummary: s\norder: 1\n---\n\n## A {#a topic=astrology}\nx\n",
        7,
        "unknown topic 'astrology'",
    ),
    "duplicate anchor": (
        "articles/basics.md",
        "---\ntitle: T\nsummary: s\norder: 1\n---\n## A {#a topic=overview}\nx\n## B {#a topic=regulation}\ny\n",
        8,
        "duplicate section anchor '#a'",
    ),
    "duplicate article order": (
        "articles/middle.md",
        "---\ntitle: T\nsummary: s\norder: 1\n---\n## A {#a topic=overview}\nx\n",
        4,
        "duplicate article order",
    ),
    "duplicate glossary name": (
        "glossary/somatotropin.md",
        "---\nterm: Somatotropin\naliases:\n  - GH\nplain: p\n---\n",
        4,
        "glossary name 'GH' is also used",
    ),
    "unknown citation key": (
        "articles/deep.md",
        "---\ntitle: Deep\nsummary: s\norder: 3\n---\n## A {#a topic=overview}\nfine\nnot fine [@nobody]\n",
        8,
        "unknown citation key '[@nobody]'",
    ),
    "unknown related term": (
        "glossary/igf-1.md",
        "---\nterm: IGF-1\nplain: p\nrelated:\n  - no-such-term\n---\n",
        5,
        "unknown glossary 'no-such-term'",
    ),
    "bad status": (
        "glossary/igf-1.md",
        "---\nterm: IGF-1\nplain: p\nstatus: maybe\n---\n",
        4,
        "unknown status 'maybe'",
    ),
    "bad file name": ("articles/Bad Name.md", "---\ntitle: x\n---\n", 1, "file name must be"),
    "raw HTML that swallows the text after it": (
        "glossary/igf-1.md",
        "---\nterm: IGF-1\nplain: p\n---\nFirst paragraph.\n\n<math><style>\n\nSecond paragraph, lost.\n",
        9,
        "sanitising would drop 3 word(s) of this text: «second paragraph lost»",
    ),
    "caution for an unknown section": (
        "articles/deep.md",
        '---\ntitle: Deep\nsummary: s\norder: 3\ncautions:\n  - section: no-such-section\n    text: "Careful."\n---\n## Therapies {#therapies topic=therapies}\nPeptides exist.\n',
        6,
        "caution for unknown section '#no-such-section'",
    ),
    "caution citing an unknown key": (
        "articles/deep.md",
        '---\ntitle: Deep\nsummary: s\norder: 3\ncautions:\n  - section: therapies\n    text: "Careful [@nobody]."\n---\n## Therapies {#therapies topic=therapies}\nPeptides exist.\n',
        6,
        "unknown citation key '[@nobody]'",
    ),
}


@pytest.mark.parametrize("case", BROKEN_FILES, ids=list(BROKEN_FILES))
def test_broken_file_names_file_and_line_and_changes_nothing(small_site, case, capsys):
    relative, text, line, message = BROKEN_FILES[case]
    before = database_snapshot()
    write(small_site / relative, text)
    with pytest.raises(CommandError, match="the database was not changed"):
        call_command("import_content", content_dir=small_site)
    stderr = capsys.readouterr().err
    assert f"{small_site / relative}:{line}: " in stderr
    assert message in stderr
    assert database_snapshot() == before


def test_every_problem_is_reported_not_just_the_first(content_dir, db):
    write(content_dir / "articles" / "basics.md", "---\ntitle: T\nsummary: s\norder: 1\n---\n## A {#a topic=x}\n")
    write(content_dir / "glossary" / "igf-1.md", "---\nterm: IGF-1\n---\n")
    with pytest.raises(ImportFailed) as excinfo:
        import_content(content_dir)
    messages = [str(e) for e in excinfo.value.errors]
    assert any("unknown topic 'x'" in m for m in messages)
    assert any("missing required field 'plain'" in m for m in messages)


def test_failure_during_apply_rolls_back(small_site, monkeypatch):
    """Even an error after validation (here: in rendering) leaves the database as it was."""
    before = database_snapshot()
    path = small_site / "articles" / "deep.md"
    path.write_text(path.read_text().replace("Peptides exist.", "Changed text."))

    def explode():
        raise RuntimeError("renderer failed")

    monkeypatch.setattr("igfapp.importing.after_everything_changed", explode)
    with pytest.raises(RuntimeError):
        import_content(small_site)
    assert database_snapshot() == before


def test_real_content_imports_cleanly(real_site):
    assert Article.objects.count() == 3
    assert Section.objects.filter(topic="reflection").count() == 3
    fundamentals = Article.objects.get(slug="fundamentals")
    assert [s.heading for s in fundamentals.sections.all()] == [
        "Introduction",
        "What Governs IGF-1 Production?",
        "Reflection",
    ]


def test_a_caution_is_the_editors_text_beside_the_section_not_inside_it(small_site):
    path = small_site / "articles" / "deep.md"
    text = path.read_text()
    path.write_text(
        text.replace(
            "status: published\n",
            'status: published\ncautions:\n  - section: therapies\n    text: "Describes, does not recommend [@smith]."\n',
            1,
        )
    )
    import_content(small_site)
    section = Section.objects.get(article__slug="deep", anchor="therapies")
    assert section.caution_md == "Describes, does not recommend [@smith]."
    assert section.body_md == "Peptides exist."
    # Author–year, as in evidence notes: the page's citation numbers belong to the document's text.
    assert 'href="/references/#ref-smith"' in section.caution_html and "<sup" not in section.caution_html


def test_the_release_step_migrates_imports_marks_the_release_and_queues_the_renders(db, content_dir):
    """`manage.py release` (what compose's release service and `make prod` run once per deploy)."""
    from io import StringIO

    from django.core.management import call_command
    from django.test import override_settings

    from igfapp.content_revision import current_content_revision
    from igfapp.models import Article, ReaderPage
    from tests.admin_helpers import committed

    before = current_content_revision().number
    out = StringIO()
    with committed(), override_settings(CONTENT_DIR=content_dir):  # the render queued runs at commit
        call_command("release", "--no-collectstatic", stdout=out)
    assert "Released: content revision" in out.getvalue()
    assert Article.objects.count() == 3
    assert current_content_revision().number > before
    assert ReaderPage.objects.count() == Article.objects.published().count()
