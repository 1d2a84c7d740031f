"""Running axe-core (npm package `axe-core`, installed by `make test`) in a Playwright page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 AA and everything below it, plus axe's best practices (heading order, landmarks).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]

_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 6).map(n => n.target.join(" ") + " -- " + (n.failureSummary || "").replace(/\\s+/g, " ")),
  }));
}"""


def axe_context(browser, *, width: int, scheme: str, **options):
    """A browser context axe can be injected into.

    Playwright's add_script_tag(path=...) inlines the file, which the site's CSP (rightly) blocks;
    only these accessibility contexts bypass the CSP.
    """
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run 'make test' (it runs 'npm ci' for axe-core)")
    return browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, bypass_csp=True, **options
    )


def axe_violations(page) -> list[str]:
    """One line per violation: rule, impact, help and the first offending elements. axe-core is
    injected once per page load."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    violations = page.evaluate(_RUN, AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']}\n      " + "\n      ".join(v["nodes"]) for v in violations]
