"""Pages about the site itself (content/pages/), e.g. the editorial standards at /about/standards/."""

from django.db import models
from django.urls import reverse

from .base import Editable, KeptInFiles


class SitePage(KeptInFiles, Editable):
    """A page about the site, written by the editors in markdown; its HTML is rendered once on import
    or save (html_fields.py) and served from there. Its URL is /about/<slug>/."""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, help_text="One sentence: the page's description for search engines.")
    body_md = models.TextField("body (markdown)")
    body_html = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("site-page", kwargs={"slug": self.slug})
