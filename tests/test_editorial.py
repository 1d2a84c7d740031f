"""editorial.py: readable diffs, what history stores, re-rendering after an edit."""

from django.test import SimpleTestCase

from igfapp import editorial
from igfapp.models import Article, GlossaryTerm, Section, Status


class TextDiffTests(SimpleTestCase):
    def test_changed_words_are_marked_inside_a_line(self):
        self.assertHTMLEqual(
            editorial.text_diff_html("GH rises at night.", "GH rises sharply at night."),
            '<div class="diff"><div class="diff-line diff-line--changed">'
            "GH rises <ins>sharply </ins>at night.</div></div>",
        )

    def test_long_unchanged_runs_are_folded_with_context(self):
        old = "\n".join(f"line {i}" for i in range(10))
        new = old.replace("line 5", "line five")
        html = editorial.text_diff_html(old, new)
        self.assertIn("unchanged lines", html)
        self.assertIn("line 4", html)  # one line of context before
        self.assertIn("line 6", html)  # and after
        self.assertNotIn("line 0<", html)

    def test_added_and_removed_lines(self):
        html = editorial.text_diff_html("a\nb", "a\nc\nd")
        self.assertIn("<del>b</del>", html)
        self.assertIn("<ins>c</ins>", html)
        self.assertIn("<ins>d</ins>", html)

    def test_markup_in_text_is_escaped(self):
        self.assertIn("&lt;script&gt;", editorial.text_diff_html("", "<script>alert(1)</script>"))

    def test_whitespace_only_changes_are_named(self):
        self.assertIn("only spacing or line endings", editorial.text_diff_html("a\r\nb", "a\nb"))


def test_history_stores_sources_not_rendered_html():
    fields = editorial.history_fields(Section)
    assert "body_md" in fields and "version" in fields
    assert "body_html" not in fields and "word_count" not in fields
    assert "citation_index" not in editorial.history_fields(Article)


def test_a_glossary_change_rerenders_every_page_that_links_terms(small_site):
    term = GlossaryTerm.objects.get(slug="igf-1")
    term.status = Status.DRAFT
    term.save()
    editorial.rerender_after_save(term)
    assert 'data-term="igf-1"' not in Section.objects.get(article__slug="basics", anchor="introduction").body_html


def test_snapshots_of_a_revision_and_of_now_agree_when_nothing_changed(small_site):
    article = Article.objects.get(slug="basics")
    editorial.ensure_baseline(article)
    version = editorial.versions_of(article).first()
    assert (
        editorial.diff_snapshots(editorial.revision_snapshot(version.revision), editorial.current_snapshot(article))
        == []
    )
