"""The factor table: lifestyle factors, the mechanisms of the axis they act through, and the links."""

from django.db import models
from django.urls import reverse

from .articles import Section
from .base import Editable, KeptInFiles, PublishableQuerySet, Status
from .glossary import GlossaryTerm
from .references import Reference


class Mechanism(KeptInFiles, Editable):
    class Location(models.TextChoices):
        HYPOTHALAMUS = "hypothalamus", "Hypothalamus"
        PITUITARY = "pituitary", "Pituitary"
        LIVER = "liver", "Liver"
        TISSUE = "tissue", "Tissues"
        CIRCULATION = "circulation", "Circulation"

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    location = models.CharField(max_length=20, choices=Location)
    explanation_md = models.TextField("explanation (markdown)")
    explanation_html = models.TextField(editable=False, default="")
    glossary_terms = models.ManyToManyField(GlossaryTerm, blank=True, related_name="mechanisms")
    references = models.ManyToManyField(Reference, blank=True, related_name="mechanisms")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LifestyleFactor(KeptInFiles, Editable):
    class Effect(models.TextChoices):
        RAISES = "raises", "Raises"
        SUPPORTS = "supports", "Supports"
        SUPPRESSES = "suppresses", "Suppresses"
        MIXED = "mixed", "Mixed"
        # The claims behind the factor are not checked: no direction is claimed for it.
        UNCLEAR = "unclear", "Unclear"

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField()
    effect = models.CharField(max_length=12, choices=Effect)
    in_document_table = models.BooleanField(default=False, help_text="One of the document's table rows.")
    table_mechanism = models.TextField(help_text="'Primary Mechanism of Influence' column.")
    observed_effect = models.TextField(help_text="'Observed Effect on IGF-1' column.")
    summary = models.TextField(blank=True)
    detail_md = models.TextField("detail (markdown)", blank=True)
    detail_html = models.TextField(editable=False, default="")
    # The expanded row's details as readers see them, rendered at import/save time from
    # templates/factors/_detail.html (factor_details.render_stored_details): headings at h2 under
    # /factors/'s h1, and at h3 inside the article section that embeds the table. "" = not rendered yet.
    details_html = models.TextField(editable=False, default="")
    embedded_details_html = models.TextField(editable=False, default="")
    mechanisms = models.ManyToManyField(Mechanism, through="FactorMechanism", related_name="factors")
    passages = models.ManyToManyField(Section, blank=True, related_name="factors")
    references = models.ManyToManyField(Reference, blank=True, related_name="factors")
    status = models.CharField(max_length=10, choices=Status, default=Status.PUBLISHED)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('factors')}#factor-{self.slug}"


class FactorMechanism(models.Model):
    factor = models.ForeignKey(LifestyleFactor, on_delete=models.CASCADE, related_name="mechanism_links")
    mechanism = models.ForeignKey(Mechanism, on_delete=models.CASCADE, related_name="factor_links")
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(blank=True, help_text="How this factor uses the mechanism (ours).")

    class Meta:
        ordering = ["factor", "order"]
        constraints = [
            models.UniqueConstraint(fields=["factor", "mechanism"], name="unique_factor_mechanism"),
        ]

    def __str__(self) -> str:
        return f"{self.factor} → {self.mechanism}"
