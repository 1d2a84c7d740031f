"""References: the document's eight, as printed and as checked, and the editors' own."""

from django.db import models
from django.urls import reverse

from .base import Editable, KeptInFiles


class Reference(KeptInFiles, Editable):
    class Origin(models.TextChoices):
        DOCUMENT = "document", "Printed in the document"
        EDITORS = "editors", "Added by the editors"

    class Kind(models.TextChoices):
        """What sort of work it is: decides the export entry type (BibTeX/RIS) and how it is shown."""

        ARTICLE = "journal-article", "Journal article"
        REGULATORY = "regulatory-document", "Regulatory document"
        WEB_PAGE = "web-page", "Web page"

    class Accuracy(models.TextChoices):
        UNVERIFIED = "as-printed-unverified", "Not verified"
        MISMATCH = "mismatch", "Details do not match the real paper"
        VERIFIED = "verified", "Verified by an editor"

    key = models.SlugField(max_length=60, unique=True, help_text="Citation key, used as [@key].")
    origin = models.CharField(max_length=10, choices=Origin)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.ARTICLE)
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The number the document prints (document references)."
    )
    printed = models.TextField(blank=True, help_text="The reference exactly as the document prints it.")
    authors = models.JSONField(
        default=list, blank=True, help_text="Ordered list, e.g. 'Le Roith, D.', or an organisation's name."
    )
    et_al = models.BooleanField(
        "et al.", default=False, help_text="The list names only the first authors: more follow ('et al.')."
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True, help_text="Full date, where the source gives one.")
    title = models.TextField(blank=True)
    journal = models.CharField(
        "journal or publication",
        max_length=200,
        blank=True,
        help_text="The journal, or for a regulatory document or web page the publication or site.",
    )
    volume = models.CharField(max_length=20, blank=True)
    issue = models.CharField(max_length=20, blank=True)
    pages = models.CharField(max_length=40, blank=True)
    document_number = models.CharField(
        max_length=120, blank=True, help_text="A regulatory document's own number, e.g. 'FR Doc 2013-04827'."
    )
    doi = models.CharField("DOI", max_length=120, blank=True)
    pmid = models.CharField("PMID", max_length=20, blank=True)
    url = models.URLField(blank=True)
    status = models.CharField(max_length=25, choices=Accuracy, default=Accuracy.UNVERIFIED)
    status_note = models.TextField(blank=True, help_text="Plain-language account of the check (ours).")
    corrected_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrects",
        help_text="For a mismatch: the editors' reference with the real details.",
    )
    see_also = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="suggested_for",
        help_text="The closest real papers (editors' references).",
    )
    note_md = models.TextField("note (markdown)", blank=True)
    note_html = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["origin", "number", "key"]

    def __str__(self) -> str:
        return self.key

    def get_absolute_url(self) -> str:
        return f"{reverse('references')}#ref-{self.key}"
