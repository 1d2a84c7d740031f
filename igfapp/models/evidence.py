"""Evidence notes: one claim of the document, quoted, and its standing against the literature."""

from django.db import models

from .articles import Section
from .base import Editable, KeptInFiles
from .factors import LifestyleFactor
from .references import Reference


class EvidenceNote(KeptInFiles, Editable):
    class Standing(models.TextChoices):
        SUPPORTED = "supported", "Supported"
        NUANCED = "supported-with-nuance", "Supported, with nuance"
        CONTESTED = "contested", "Contested"
        UNSUPPORTED = "unsupported", "Unsupported"
        # A claim of benefit worded to promote a treatment, which the checked literature does not back.
        PROMOTIONAL = "promotional", "Promotional, not supported"

    slug = models.SlugField(max_length=120, unique=True)
    claim = models.TextField(help_text="The document's claim this note concerns.")
    standing = models.CharField(max_length=25, choices=Standing)
    explanation_md = models.TextField("explanation (markdown)")
    explanation_html = models.TextField(editable=False, default="")
    sections = models.ManyToManyField(Section, blank=True, related_name="evidence_notes")
    factors = models.ManyToManyField(LifestyleFactor, blank=True, related_name="evidence_notes")
    references = models.ManyToManyField(Reference, blank=True, related_name="evidence_notes")

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.claim
