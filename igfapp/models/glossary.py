"""Glossary terms: what the site links in every text, with plain and technical definitions."""

from django.db import models
from django.urls import reverse

from .base import Editable, KeptInFiles, PublishableQuerySet, Status
from .references import Reference


class GlossaryTerm(KeptInFiles, Editable):
    term = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names matched in the text.")
    plain_definition = models.TextField(help_text="One or two sentences a 12-year-old can follow.")
    technical_definition = models.TextField(blank=True, help_text="For the Academic tier; optional.")
    explanation_md = models.TextField("explanation (markdown)", blank=True)
    explanation_html = models.TextField(editable=False, default="")
    related = models.ManyToManyField("self", symmetrical=False, blank=True)
    references = models.ManyToManyField(Reference, blank=True, related_name="glossary_terms")
    status = models.CharField(max_length=10, choices=Status, default=Status.PUBLISHED)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def get_absolute_url(self) -> str:
        return reverse("glossary-term", kwargs={"slug": self.slug})
