"""Questions at each depth, with their choices: exactly one right, each explaining why."""

from django.db import models
from django.urls import reverse

from .articles import Section
from .base import Editable, KeptInFiles, PublishableQuerySet, Status
from .evidence import EvidenceNote
from .glossary import GlossaryTerm


class Question(KeptInFiles, Editable):
    """A question on one section, in its tier (content/questions/<slug>.md); ours, never the document's."""

    class Kind(models.TextChoices):
        MULTIPLE_CHOICE = "multiple-choice", "Multiple choice"
        TRUE_FALSE = "true-false", "True or false"

    slug = models.SlugField(max_length=120, unique=True, help_text="Its anchor: #question-<slug>.")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(help_text="Position among the section's questions.")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.MULTIPLE_CHOICE)
    text_md = models.TextField("question (inline markdown)")
    text_html = models.TextField(editable=False, default="")
    terms = models.ManyToManyField(GlossaryTerm, blank=True, related_name="questions")
    evidence = models.ForeignKey(
        EvidenceNote,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        help_text="The evidence note the right answer follows (optional).",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PUBLISHED)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["section__article__order", "section__order", "order", "slug"]

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        return f"{reverse('article', kwargs={'slug': self.section.article.slug})}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"question-{self.slug}"


class Choice(Editable):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(default=0)
    text_md = models.TextField("choice (inline markdown)")
    text_html = models.TextField(editable=False, default="")
    correct = models.BooleanField(default=False)
    explanation_md = models.TextField("explanation (inline markdown)", help_text="Why it is right, or wrong.")
    explanation_html = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return self.text_md[:60]
