"""The sitemap search engines read (/sitemap.xml): every public page, `lastmod` from the content."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Article, ContentRevision, GlossaryTerm, SitePage


class ArticleSitemap(Sitemap):
    """The three tiers; a tier changed when it or any of its sections did."""

    priority = 1.0

    def items(self):
        return Article.objects.published().annotate(sections_changed=Max("sections__updated_at")).order_by("order")

    def lastmod(self, article):
        return max(filter(None, (article.updated_at, article.sections_changed)))


class GlossarySitemap(Sitemap):
    priority = 0.5

    def items(self):
        return GlossaryTerm.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, term):
        return term.updated_at


class SitePagesSitemap(Sitemap):
    """Pages built from all the content at once: changed whenever any content did."""

    priority = 0.7
    names = ("home", "factors", "glossary", "references", "sources", "corrections")

    def items(self):
        return list(self.names)

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        revision = ContentRevision.objects.filter(pk=1).only("changed_at").first()
        return revision.changed_at if revision else None


class AboutSitemap(Sitemap):
    """The pages about the site (content/pages/: the editorial standards)."""

    priority = 0.3

    def items(self):
        return SitePage.objects.only("slug", "updated_at").order_by("slug")

    def lastmod(self, page):
        return page.updated_at


SITEMAPS = {"tiers": ArticleSitemap, "glossary": GlossarySitemap, "pages": SitePagesSitemap, "about": AboutSitemap}
