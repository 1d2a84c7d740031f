"""Helpers for keyboard tests: what has focus, and whether a sighted reader can see it."""

from __future__ import annotations

_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
    && style.outlineColor !== "rgba(0, 0, 0, 0)" && style.outlineColor !== "transparent";
  const shadow = style.boxShadow !== "none" && /\\d+px/.test(style.boxShadow);
  const ring = el.querySelector && el.querySelector(".axis-node__ring");
  const stroke = ring ? getComputedStyle(ring).stroke : "none";
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.getAttribute("aria-label") || el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60),
    href: el.getAttribute("href") || "",
    outline, shadow, svgRing: stroke !== "none",
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
  };
}"""


def focused(page) -> dict | None:
    return page.evaluate(_FOCUS)


def assert_focus_visible(page, where: str = "") -> dict:
    info = focused(page)
    assert info is not None, f"nothing has focus {where}"
    assert info["outline"] or info["shadow"] or info["svgRing"], f"focus is not visible on {info} {where}"
    assert info["onScreen"], f"the focused element is off screen: {info} {where}"
    return info


def assert_focus_visible_once_settled(page, where: str = "", timeout: int = 5000) -> dict:
    """Like assert_focus_visible, after an htmx swap has settled: htmx scrolls to the URL's anchor
    only when the swap settles, so for a moment the focused control may sit where the old content was."""
    page.wait_for_function(
        f"() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling') && ({_FOCUS})()?.onScreen",
        timeout=timeout,
    )
    return assert_focus_visible(page, where)


def tab_until(page, predicate, *, limit: int = 200, backwards: bool = False) -> dict:
    """Press Tab until `predicate(info)` holds, checking visible focus at every stop."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        info = assert_focus_visible(page, f"after {len(seen) + 1} × {key}")
        seen.append(info["text"])
        if predicate(info):
            return info
    raise AssertionError(f"never reached the target after {limit} × {key}; last stops: {seen[-8:]}")
