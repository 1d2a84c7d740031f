"""The public change log (/changes/, one change at /changes/<id>/) and its Atom feeds, all and per tier.

Every row is read stored (change_log.py records each change with its diff as escaped HTML), so a
page is three queries (the count, the page's rows and the tiers' feeds) however many changes there are. The feeds
leave out minor changes; like every page they are cached by the content revision (caching.py).
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from ..models import Article, PublicChange, parse_id

PER_PAGE = 50
FEED_SIZE = 50


@require_safe
def change_log(request):
    number = request.GET.get("page", "1")
    if parse_id(number) is None:
        raise Http404("No such page of changes.")
    paginator = Paginator(PublicChange.objects.all(), PER_PAGE, allow_empty_first_page=True)
    try:
        page = paginator.page(int(number))
    except InvalidPage:
        raise Http404("No such page of changes.") from None
    tiers = Article.objects.published().only("slug", "title")
    return render(request, "changes/index.html", {"page": page, "changes": list(page.object_list), "feed_tiers": tiers})


@require_safe
def change_detail(request, pk):
    number = parse_id(pk)
    change = PublicChange.objects.filter(pk=number).first() if number is not None else None
    if change is None:
        raise Http404("No such change.")
    return render(request, "changes/detail.html", {"change": change})


class ChangesFeed(Feed):
    """Every change that is not minor, newest first (Atom)."""

    feed_type = Atom1Feed
    title = "The GH/IGF-1 axis, explained: what changed"
    subtitle = "Every published change to what readers see, with the editors' reason (minor changes left out)."
    author_name = "The editors"

    def link(self):
        return reverse("changes")

    def feed_url(self):
        return reverse("changes-feed")

    def changes(self):
        return PublicChange.objects.filter(minor=False)

    def items(self):
        return list(self.changes()[:FEED_SIZE])

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.label}"

    def item_description(self, item):
        # The diff is HTML stored when the change was recorded, every text in it escaped then.
        return format_html("<p>{}</p>{}", item.reason, mark_safe(item.diff_html))

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.when

    def item_updateddate(self, item):
        return item.when


class TierChangesFeed(ChangesFeed):
    """The changes to one tier: its title and summary, its sections and its questions."""

    def get_object(self, request, slug):
        tier = Article.objects.published().filter(slug=slug).first()
        if tier is None:
            raise Http404("No such tier.")
        return tier

    def title(self, obj):
        return f"The GH/IGF-1 axis, explained: what changed in {obj.title}"

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("tier-changes-feed", kwargs={"slug": obj.slug})

    def items(self, obj):
        return list(self.changes().filter(tier=obj.slug)[:FEED_SIZE])


changes_feed = ChangesFeed()
tier_changes_feed = TierChangesFeed()
