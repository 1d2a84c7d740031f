import pytest

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
