"""The editors' caution opens each Academic section on prescription treatments, as a reader sees it:
visible before the document's text, announced as the editors' note, clean under axe-core and the
Nu checker, at desktop and phone widths, light and dark."""

from __future__ import annotations

import pytest

from tests.test_html_validity import vnu_errors

from .axe import axe_context, axe_violations

pytestmark = pytest.mark.browser

THERAPY_SECTIONS = [
    "cross-talk-with-metabolic-and-sex-hormone-systems",
    "targeted-peptide-therapies-and-igf-1-modulation",
]

# What comes first in the section after its heading and the depth links: the caution's class and
# its accessible role and name, as the browser computes them.
FIRST_CONTENT = """(anchor) => {
  const section = document.getElementById(anchor);
  if (!section) return null;
  const first = [...section.children].find(el => !el.matches("h2, .depth-links"));
  const label = first && document.getElementById(first.getAttribute("aria-labelledby") || "");
  return first && {cls: first.className, role: first.getAttribute("role"), label: label && label.textContent,
                   text: first.textContent, proseFollows: !!first.nextElementSibling?.matches(".prose")};
}"""


@pytest.mark.parametrize("width,scheme", [(1280, "light"), (390, "dark")])
def test_each_therapy_section_opens_with_the_editors_caution(browser, site, tmp_path, width, scheme):
    context = axe_context(browser, width=width, scheme=scheme, reduced_motion="reduce")
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(site + "/learn/academic/")
        for anchor in THERAPY_SECTIONS:
            first = page.evaluate(FIRST_CONTENT, anchor)
            assert first, f"section #{anchor} is missing"
            assert first["cls"] == "caution" and first["role"] == "note", f"#{anchor} opens with {first['cls']}"
            assert first["label"] == "Editors’ caution"
            assert "does not recommend" in first["text"] or "not recommend" in first["text"]
            assert first["proseFollows"], "the document's text should follow the caution"
            caution = page.locator(f"#{anchor} > .caution")
            caution.scroll_into_view_if_needed()
            assert caution.is_visible()
            box = caution.bounding_box()
            assert box["height"] > 40 and box["width"] > 250, f"#{anchor}'s caution is not readable: {box}"
        assert page.locator(".caution").count() == len(THERAPY_SECTIONS)
        html_file = tmp_path / f"academic-{width}.html"
        html_file.write_text(page.content(), encoding="utf-8")  # the DOM as rendered, before axe is injected
        problems = axe_violations(page)
        assert not problems, "axe-core violations:\n" + "\n".join(problems)
    finally:
        context.close()
    errors = vnu_errors([html_file])
    assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)
