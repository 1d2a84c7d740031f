"""No page repeats an element id, even where content would repeat a component (the axis diagram)."""

from collections import Counter
from html.parser import HTMLParser

import pytest

from igfapp.models import Article, Section, Topic
from tests.page_types import PAGE_IDS, PAGE_TYPES


class IdCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.ids += [value for name, value in attrs if name == "id"]


def repeated_ids(html: str) -> list[str]:
    collector = IdCollector()
    collector.feed(html)
    return [value for value, count in Counter(collector.ids).items() if count > 1]


def add_regulation_sections() -> None:
    """A second `regulation` section in every tier: each used to embed its own axis diagram."""
    for article in Article.objects.all():
        Section.objects.create(
            article=article,
            order=90,
            heading="More on regulation",
            anchor="more-on-regulation",
            topic=Topic.REGULATION,
            body_md="More.",
            body_html="<p>More.</p>",
        )


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=PAGE_IDS)
def test_no_page_type_repeats_an_id(client, real_site, page_type):
    add_regulation_sections()
    response = client.get(page_type.path())
    assert response.status_code == page_type.status
    assert repeated_ids(response.content.decode()) == []


def test_the_diagram_is_drawn_once_in_the_first_regulation_section(client, real_site):
    add_regulation_sections()
    html = client.get("/learn/fundamentals/").content.decode()
    assert html.count('id="axis-diagram"') == 1
    first = html.split('id="what-governs-igf-1-production"', 1)[1].split("</section>", 1)[0]
    assert 'id="axis-diagram"' in first


def test_the_collector_finds_repeats():
    assert repeated_ids('<p id="a"></p><svg><g id="a"/></svg><i id="b"></i>') == ["a"]
