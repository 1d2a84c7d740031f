"""editorial/diffs.py: readable diffs of texts (changed words marked, context folded, all escaped)."""

from django.test import SimpleTestCase

from igfapp.editorial.diffs import text_diff_html


class TextDiffTests(SimpleTestCase):
    def test_changed_words_are_marked_inside_a_line(self):
        self.assertHTMLEqual(
            text_diff_html("GH rises at night.", "GH rises sharply at night."),
            '<div class="diff"><div class="diff-line diff-line--changed">'
            "GH rises <ins>sharply </ins>at night.</div></div>",
        )

    def test_long_unchanged_runs_are_folded_with_context(self):
        old = "\n".join(f"line {i}" for i in range(10))
        new = old.replace("line 5", "line five")
        html = text_diff_html(old, new)
        self.assertIn("unchanged lines", html)
        self.assertIn("line 4", html)  # one line of context before
        self.assertIn("line 6", html)  # and after
        self.assertNotIn("line 0<", html)

    def test_added_and_removed_lines(self):
        html = text_diff_html("a\nb", "a\nc\nd")
        self.assertIn("<del>b</del>", html)
        self.assertIn("<ins>c</ins>", html)
        self.assertIn("<ins>d</ins>", html)

    def test_markup_in_text_is_escaped(self):
        self.assertIn("&lt;script&gt;", text_diff_html("", "<script>alert(1)</script>"))

    def test_whitespace_only_changes_are_named(self):
        self.assertIn("only spacing or line endings", text_diff_html("a\r\nb", "a\nb"))
