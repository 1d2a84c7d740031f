"""The open editorial record: every published change to what readers see, and clinicians' reviews.

`PublishedText` is what readers saw of one item at the last recorded change (the baseline the next
change is compared with); `PublicChange` one recorded change, with its diff stored as HTML when it
was recorded (change_log.py), so /changes/ and the feeds only read stored rows. `Reviewer` and
`Review` are the review records (content/reviewers/, content/reviews/): a tier shows its latest
review from them, never from anything else.
"""

from django.db import models
from django.urls import reverse

from .articles import Article, Section
from .base import Editable, KeptInFiles
from .evidence import EvidenceNote

REASON_MAX_LENGTH = 200


class PublishedText(models.Model):
    """What readers saw of one item (its reader-visible fields as text) at the last recorded change.

    One row per item, by natural key (`item_type`, `item_key`: e.g. "section", "fundamentals/introduction"),
    so an item deleted and imported again keeps its record. `note` and `note_minor` are the public
    reason its content file carries (`change:`), kept so export writes it back unchanged.
    """

    item_type = models.CharField(max_length=20)
    item_key = models.CharField(max_length=200)
    fields = models.JSONField(default=dict)
    note = models.CharField(max_length=REASON_MAX_LENGTH, blank=True)
    note_minor = models.BooleanField(default=False)

    # The record's bookkeeping: the change it follows already moved the content revision on.
    content_revision_exempt = True

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item_type", "item_key"], name="one_published_text_per_item")]

    def __str__(self) -> str:
        return f"{self.item_type} {self.item_key}"


class PublicChange(models.Model):
    """One published change to what readers see: when, which item, the editors' public reason and
    the word-level diff of its reader-visible text (stored HTML, escaped when recorded)."""

    class Kind(models.TextChoices):
        ADDED = "added", "Added"
        CHANGED = "changed", "Changed"
        REMOVED = "removed", "Removed"

    when = models.DateTimeField()
    item_type = models.CharField(max_length=20)
    item_key = models.CharField(max_length=200)
    # Stored, so a deleted item still lists: its name and where readers saw it.
    label = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    tier = models.CharField(max_length=60, blank=True, help_text="The tier's slug, for a tier's own parts.")
    place = models.CharField(max_length=120, blank=True, help_text="The section's anchor within its tier.")
    kind = models.CharField(max_length=10, choices=Kind)
    reason = models.CharField(max_length=REASON_MAX_LENGTH)
    minor = models.BooleanField(default=False, help_text="A typo-style change: listed, never in the feeds.")
    diff_html = models.TextField()

    class Meta:
        ordering = ["-when", "-pk"]
        indexes = [
            models.Index(fields=["-when", "-id"], name="public_change_newest"),
            models.Index(fields=["tier", "-when"], name="public_change_tier"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label} ({self.when:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("change", kwargs={"pk": self.pk})

    @property
    def anchor(self) -> str:
        return f"change-{self.pk}"


class Reviewer(KeptInFiles, Editable):
    """A clinician or expert who reviews content: a public profile (content/reviewers/<slug>.md)."""

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    qualification = models.CharField(max_length=200, help_text="E.g. their degree and specialty.")
    role = models.CharField(max_length=200, help_text="Their role, e.g. where they practise.")
    conflicts = models.TextField(
        "conflicts of interest", help_text="Their conflict-of-interest statement, public ('None declared.' if none)."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Review(KeptInFiles, Editable):
    """One review by one reviewer of a tier, some sections, evidence notes or the glossary
    (content/reviews/<slug>.md): when, the outcome, a public note and when the next is due."""

    class Scope(models.TextChoices):
        TIER = "tier", "A whole tier"
        SECTIONS = "sections", "Sections of a tier"
        NOTES = "notes", "Evidence notes"
        GLOSSARY = "glossary", "The glossary"

    class Outcome(models.TextChoices):
        NO_CHANGES = "no-changes", "Checked: no changes needed"
        CHANGES_MADE = "changes-made", "Checked: changes made"
        CHANGES_REQUESTED = "changes-requested", "Changes requested, not yet made"

    slug = models.SlugField(max_length=120, unique=True)
    reviewer = models.ForeignKey(Reviewer, on_delete=models.PROTECT, related_name="reviews")
    scope = models.CharField(max_length=10, choices=Scope)
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reviews",
        help_text="The tier (for a tier or its sections).",
    )
    sections = models.ManyToManyField(Section, blank=True, related_name="reviews")
    notes = models.ManyToManyField(EvidenceNote, blank=True, related_name="reviews")
    reviewed_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=Outcome)
    note = models.TextField("public note", blank=True, help_text="What the reviewer found, for readers.")
    next_review_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-reviewed_on", "slug"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} reviewed by {self.reviewer} on {self.reviewed_on:%Y-%m-%d}"
