"""The three tiers (Article) and their sections, the document's text."""

from django.db import models
from django.urls import reverse

from .base import Editable, KeptInFiles, PublishableQuerySet, Status, Topic


class Article(KeptInFiles, Editable):
    slug = models.SlugField(unique=True, help_text="URL name of the tier, e.g. 'fundamentals'.")
    title = models.CharField(max_length=120)
    summary = models.TextField(help_text="One or two sentences for the home page card (ours).")
    order = models.PositiveSmallIntegerField(help_text="1 = shallowest tier.")
    status = models.CharField(max_length=10, choices=Status, default=Status.PUBLISHED)
    # Filled when the sections are rendered: [{key, number, places}] in citation-number order, so
    # the page's reference list matches the numbers stored in the sections' HTML.
    citation_index = models.JSONField(default=list, editable=False)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("article", kwargs={"slug": self.slug})


class Section(Editable):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    anchor = models.SlugField(max_length=120, help_text="Stable URL fragment; unique per article.")
    topic = models.CharField(max_length=20, choices=Topic)
    body_md = models.TextField("body (markdown)")
    body_html = models.TextField(editable=False, default="")
    # The editors' caution shown at the top of the section (e.g. where it discusses prescription
    # medicines): ours, never the document's, so kept apart from the body and never counted as reading.
    caution_md = models.TextField(
        "editors' caution (markdown)",
        blank=True,
        help_text="Shown at the top of the section, marked as the editors'. Leave empty for none.",
    )
    caution_html = models.TextField(editable=False, default="")
    # "In plain words": the editors' 2-4 point summary of the section (Fundamentals and Intermediate,
    # never a Reflection), a markdown bulleted list ("- point" per line), ours like the caution.
    plain_words_md = models.TextField(
        "in plain words (markdown list)",
        blank=True,
        help_text="2 to 4 short points, one per line, each starting '- '. Leave empty for none.",
    )
    plain_words_html = models.TextField(editable=False, default="")
    plain_words_evidence = models.JSONField(
        "evidence notes the summary follows",
        default=list,
        blank=True,
        help_text="Evidence-note slugs, one per line: the summary says what these notes say.",
    )
    # The fingerprint (plain_words.fingerprint) of the body the summary was last checked against.
    plain_words_written_for = models.CharField(max_length=12, blank=True, editable=False)
    word_count = models.PositiveIntegerField(editable=False, default=0)
    # Filled from the body's [@key] citations when it is rendered.
    cited_references = models.ManyToManyField("Reference", related_name="citing_sections", blank=True, editable=False)
    # Filled from the glossary links made when the body is rendered: the glossary's "appears in".
    glossary_terms = models.ManyToManyField("GlossaryTerm", related_name="sections", blank=True, editable=False)
    # The rendered body as plain text (no markup, no citation numbers), for site search.
    body_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["article__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["article", "anchor"], name="unique_anchor_per_article"),
        ]

    def __str__(self) -> str:
        return f"{self.article.title}: {self.heading}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#{self.anchor}"
