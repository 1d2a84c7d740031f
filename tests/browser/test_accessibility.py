"""axe-core finds no WCAG 2.2 AA violation on any page type, desktop and phone, light and dark,
nor in the states readers put pages in (a factor chosen, the menu open, a pop-up open)."""

import pytest

from tests.page_types import PAGE_IDS, PAGE_TYPES

from .axe import axe_context, axe_violations
from .htmx import wait_for_htmx

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)
SCHEMES = ("light", "dark")


def check(browser, url: str, *, width: int, schemes=SCHEMES, prepare=None, **options) -> list[str]:
    """axe-core's violations on `url` at `width`, in each colour scheme in turn.

    The page is loaded (and `prepare`d) once; the system's colour scheme then changes under it, as it
    does when a reader's system switches to dark: the CSS follows prefers-color-scheme live, and
    with reduced motion nothing is mid-transition when axe reads the colours."""
    context = axe_context(browser, width=width, scheme=schemes[0], reduced_motion="reduce", **options)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(url)
        if prepare is not None:
            prepare(page)
        problems = []
        for scheme in schemes:
            page.emulate_media(color_scheme=scheme)
            assert page.evaluate(_SCHEME_APPLIED) == (scheme == "dark")
            problems += [f"{width}px {scheme}: {line}" for line in axe_violations(page)]
        return problems
    finally:
        context.close()


# After a change of scheme: two frames, so the new styles are computed before axe reads them.
_SCHEME_APPLIED = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(
  () => done(matchMedia("(prefers-color-scheme: dark)").matches))))"""


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=PAGE_IDS)
def test_page_type_has_no_axe_violations(browser, site, page_type):
    url = site + page_type.path()
    problems = []
    for width in WIDTHS:
        problems += check(browser, url, width=width)
    assert not problems, "axe-core violations:\n" + "\n".join(problems)


def choose_chronic_stress(page):
    page.locator("#axis-diagram a[data-axis-factor='chronic-stress']").click()
    page.wait_for_selector("#axis-diagram [data-axis-key='gh'].is-active")


def open_menu(page):
    page.get_by_text("Menu", exact=True).click()
    page.wait_for_selector(".site-menu[open] .site-nav a")


def open_term_popup(page):
    page.locator(".prose a.term").first.focus()
    page.wait_for_selector("[data-popup-card]")


def open_diagram_popup(page):
    page.locator("#axis-diagram a.axis-node[data-term='growth-hormone']").focus()
    page.wait_for_selector("[data-popup-card]")


def answer_a_question_in_place(page):
    """The first question answered wrongly with htmx: its result in place, focus on it."""
    question = page.locator("[data-question]").first
    question.locator("input[type=radio]").nth(1).check()
    wait_for_htmx(page)  # reaching for the form loads htmx (static/js/htmx_loader.js)
    question.get_by_role("button", name="Check answer").click()
    question.locator("[data-answered]").wait_for()


def answer_a_question_without_script(page):
    """The URL a question's form submits to without JavaScript (the first question, second choice)."""
    slug = page.locator("[data-question]").first.get_attribute("data-question")
    page.goto(page.url.split("?")[0] + f"?question={slug}&answer=2#question-{slug}")


STATES = [
    ("factor-chosen", "/", choose_chronic_stress, 1280),
    ("factor-chosen-no-js-url", "/?factor=chronic-stress", None, 390),
    ("menu-open", "/", open_menu, 390),
    ("term-popup-open", "/learn/fundamentals/", open_term_popup, 390),
    ("diagram-popup-open", "/", open_diagram_popup, 1280),
    ("question-answered-in-place", "/learn/fundamentals/", answer_a_question_in_place, 390),
    ("question-answered-no-js-url", "/learn/intermediate/", answer_a_question_without_script, 1280),
]


@pytest.mark.parametrize(("path", "prepare", "width"), [s[1:] for s in STATES], ids=[s[0] for s in STATES])
def test_interactive_states_have_no_axe_violations(browser, site, path, prepare, width):
    problems = check(browser, site + path, width=width, prepare=prepare)
    assert not problems, "axe-core violations:\n" + "\n".join(problems)


def test_chosen_dark_theme_on_a_light_system_has_no_axe_violations(browser, site):
    def dark_was_applied(page):  # the preference lives in localStorage (static/js/prefs.js)
        assert page.evaluate("document.documentElement.getAttribute('data-theme')") == "dark"

    problems = check(
        browser,
        site + "/learn/academic/",
        width=1280,
        schemes=("light",),
        prepare=dark_was_applied,
        storage_state={"origins": [{"origin": site, "localStorage": [{"name": "igf:theme", "value": "dark"}]}]},
    )
    assert not problems, "axe-core violations:\n" + "\n".join(problems)


def test_what_editors_see_on_the_public_pages_has_no_axe_violations(browser, site, live_server):
    """Draft banners, the factor table's draft notices and a previewed draft, as staff see them."""
    from django.contrib.auth.models import User
    from django.test import Client
    from django.urls import reverse

    from igfapp.models import Article, LifestyleFactor
    from tests.admin_helpers import editors_group, form_data, submit

    user = User.objects.create_user("axe-editor", password="not used", is_staff=True)
    user.groups.add(editors_group())
    client = Client()
    client.force_login(user)
    factor_url = reverse(
        "admin:igfapp_lifestylefactor_change", args=[LifestyleFactor.objects.get(slug="deep-sleep").pk]
    )
    data = form_data(client.get(factor_url), "lifestylefactor")
    data["summary"] = ["A draft summary, shown to editors only."]
    assert submit(client, factor_url, data, "_draft").status_code == 302
    article_url = reverse("admin:igfapp_article_change", args=[Article.objects.get(slug="intermediate").pk])
    data = form_data(client.get(article_url), "article")
    data["summary"] = ["A draft summary of the tier, shown to editors only."]
    assert submit(client, article_url, data, "_draft").status_code == 302

    host = live_server.url.split("//", 1)[1].split(":")[0]
    session = {
        "cookies": [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    }
    staff = browser.new_context(storage_state=session)
    page = staff.new_page()
    page.goto(site + "/learn/intermediate/?preview=draft&open=deep-sleep")
    assert page.locator(".banner--draft").count() == 2  # the tier's draft and the table's
    assert page.get_by_text("A draft summary, shown to editors only.").is_visible()
    staff.close()
    problems = []
    for path in ("/factors/", "/factors/?preview=draft&open=deep-sleep", "/learn/intermediate/?preview=draft"):
        for width, scheme in [(1280, "light"), (390, "dark")]:
            problems += check(browser, site + path, width=width, schemes=(scheme,), storage_state=session)
    assert not problems, "axe-core violations:\n" + "\n".join(problems)
