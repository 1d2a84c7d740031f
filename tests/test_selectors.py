import pytest

from igfapp.editorial.drafts import save_pending_change
from igfapp.editorial.previews import article_preview
from igfapp.models import Article
from igfapp.selectors import SectionRef, article_page, matching_anchor

ACADEMIC = [
    SectionRef("introduction", "overview", "Introduction"),
    SectionRef("axis", "regulation", "Axis"),
    SectionRef("crosstalk", "hormone-crosstalk", "Cross-talk"),
]


@pytest.mark.parametrize(
    "topic, expected",
    [
        ("regulation", "axis"),  # same topic
        ("nutrition", "axis"),  # no nutrition: nearest earlier topic is regulation
        ("sleep-stress", "axis"),
        ("therapies", "crosstalk"),  # nearest earlier topic present
        ("overview", "introduction"),
    ],
)
def test_matching_anchor(topic, expected):
    assert matching_anchor(topic, ACADEMIC) == expected


def test_no_earlier_topic_means_the_top():
    assert matching_anchor("overview", [SectionRef("axis", "regulation", "Axis")]) == ""


def test_article_page_depth_links(small_site):
    page = article_page(slug="middle", user=None)
    food = next(s for s in page.sections if s.anchor == "food")
    assert [(tier.slug, href) for tier, href, _ in food.depth_links] == [
        ("basics", "/learn/basics/#control"),
        ("deep", "/learn/deep/#axis"),
    ]
    assert page.previous.slug == "basics" and page.next.slug == "deep"


def test_an_article_draft_is_read_by_the_same_selector(small_site):
    """The staff preview is not a second implementation: `article_page(..., draft=...)` shows the
    draft's values, sections, citation numbers and reference list, and saves nothing."""
    article = Article.objects.get(slug="middle")
    sections = list(article.sections.order_by("order"))
    article.title = "Middle, redrafted"
    sections[0].body_md = "Now [@jones] first, then [@smith]."
    pending = save_pending_change(article, form_data={}, preview=article_preview(article, sections), user=None)

    page = article_page(slug="middle", user=None, draft=pending)
    assert page.article.title == "Middle, redrafted"
    assert [tier.title for tier in page.tiers if tier.slug == "middle"] == ["Middle, redrafted"]
    assert 'data-ref="jones">1</a>' in page.sections[0].body_html
    assert [ref.key for ref in page.references] == ["jones", "smith"]
    food = next(s for s in page.sections if s.anchor == "food")
    assert [(tier.slug, href) for tier, href, _ in food.depth_links] == [
        ("basics", "/learn/basics/#control"),
        ("deep", "/learn/deep/#axis"),
    ]
    published = article_page(slug="middle", user=None)
    assert published.article.title != "Middle, redrafted"
    assert [ref.key for ref in published.references] == ["smith", "jones"]
