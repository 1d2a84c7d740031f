"""The content domain: three tiered articles, their sections, and what supports them.

Markdown is the editors' source; every `*_html` field is rendered from it once, on import or save
(see `rendering.py`), so requests only ever read stored HTML.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

# The largest id a BigAutoField (every table's primary key) can hold.
MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """A primary key from a URL, a query string or a form field; None for anything else.

    ASCII digits only: `str.isdigit()` accepts "²" and `int()` accepts "١" (other scripts' digits),
    and a number too large for the column makes the database raise, so each of them was a 500.
    """
    text = str(value)
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Topic(models.TextChoices):
    """Subjects shared across tiers, in reading order.

    The order matters: when a tier has no section on the reader's topic, the depth switch lands
    on the nearest *earlier* topic that tier does have.
    """

    OVERVIEW = "overview", "Overview"
    REGULATION = "regulation", "Regulation of the axis"
    NUTRITION = "nutrition", "Nutrition"
    EXERCISE = "exercise", "Exercise"
    SLEEP_STRESS = "sleep-stress", "Sleep and stress"
    HORMONE_CROSSTALK = "hormone-crosstalk", "Cross-talk with other hormones"
    THERAPIES = "therapies", "Peptide therapies"
    REFLECTION = "reflection", "Reflection"

    @classmethod
    def rank(cls, key: str) -> int:
        return list(cls.values).index(key)


def is_editor(user) -> bool:
    """The staff-visibility rule: active staff see drafts and the editorial notices; nobody else does."""
    return bool(user is not None and user.is_active and user.is_staff)


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Drafts are for editors only (`is_editor`); everyone else sees published items."""
        if is_editor(user):
            return self
        return self.published()


class Editable(models.Model):
    """Fields every editor-maintained model shares."""

    updated_at = models.DateTimeField(auto_now=True)
    # Bumped on every save; the admin refuses a save whose form carried an older version.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class KeptInFiles(models.Model):
    """An item with its own file in content/ (its parts, e.g. an article's sections, go with it).

    `synced_version` is the item's `version` when the database and content/ last agreed (the last
    import or export). An item whose version has moved on was edited in the admin and not yet
    exported, so an import refuses to overwrite or delete it (see `editorial/content_sync.py`).
    """

    synced_version = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class Article(KeptInFiles, Editable):
    slug = models.SlugField(unique=True, help_text="URL name of the tier, e.g. 'fundamentals'.")
    title = models.CharField(max_length=120)
    summary = models.TextField(help_text="One or two sentences for the home page card (ours).")
    order = models.PositiveSmallIntegerField(help_text="1 = shallowest tier.")
    status = models.CharField(max_length=10, choices=Status, default=Status.PUBLISHED)
    last_reviewed = models.DateField(null=True, blank=True)
    reviewed_by = models.CharField(max_length=120, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    review_note = models.TextField(blank=True, help_text="Public note: what changed at this review.")
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
    # templates/factors/_detail.html (factor_table.render_stored_details): headings at h2 under
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


class ContentRevision(models.Model):
    """A single row whose number database triggers bump on every write to a content table.

    Pages are validated (ETag / Last-Modified) and cached against it, so an edit from any path —
    admin save, draft published, import, revert, even raw SQL — is visible on the next request.
    The triggers are installed after every `migrate` (see `content_revision.install_content_revision_triggers`).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    # Writes to this table must not bump it (see content_revision.content_tracked_models).
    content_revision_exempt = True

    def __str__(self) -> str:
        return f"content revision {self.number} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


class DeletedItem(models.Model):
    """An item deleted in the admin whose file content/ still has (until the next export or import).

    Without it, the next import would quietly bring the item back; with it, the import refuses and
    says so (see `editorial/content_sync.py`).
    """

    kind = models.CharField(max_length=20, help_text="The content/ folder, e.g. 'glossary'.")
    name = models.CharField(max_length=200, help_text="The item's slug or key (its file name).")
    deleted_at = models.DateTimeField(auto_now=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Bookkeeping: the deletion itself already changed the content revision.
    content_revision_exempt = True

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="one_deletion_record_per_item")]

    def __str__(self) -> str:
        return f"{self.kind}/{self.name}"


class PendingChange(models.Model):
    """Unpublished edits to a published item, kept aside so readers see the published text.

    Saved by the admin's "Save draft" on a published Article, GlossaryTerm or LifestyleFactor
    (see `editorial/drafts.py`): `form_data` is what the editor submitted (to reload the form and to publish
    it), `preview` the values and HTML rendered at save time (for `?preview=draft`).
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    form_data = models.JSONField(default=dict)
    preview = models.JSONField(default=dict)
    base_version = models.PositiveIntegerField(help_text="The item's version the draft started from.")
    # Bumped on every draft save; the admin refuses a draft save whose form carried an older one
    # (not a django-reversion revision, nor the content revision: this draft's own counter).
    draft_token = models.PositiveIntegerField(default=1)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now=True)

    # Staff-only data: saving a draft must not invalidate readers' cached pages.
    content_revision_exempt = True

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_pending_change_per_item"),
        ]

    def __str__(self) -> str:
        return f"pending change to {self.content_type.model} {self.object_id}"


class DiscardedDraft(models.Model):
    """A draft that left `PendingChange` without being published, kept so it can be brought back.

    Written when an editor discards a draft, when its item is deleted, and when an older draft is
    restored over it (editorial/drafts.py): the same form data and preview the draft had, who saved
    it and when, and who set it aside, when and why. The item's History lists these beside its
    recorded versions; "Restore as the draft" makes one the item's draft again.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=300)
    form_data = models.JSONField(default=dict)
    preview = models.JSONField(default=dict)
    base_version = models.PositiveIntegerField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField()
    discarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    discarded_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=200)

    content_revision_exempt = True  # staff-only, like the draft it was

    class Meta:
        ordering = ["-discarded_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="discarded_draft_item")]

    def __str__(self) -> str:
        return f"discarded draft of {self.object_repr}"

    @classmethod
    def keep(cls, pending: "PendingChange", object_repr: str, *, user, reason: str) -> "DiscardedDraft":
        """Keep what `pending` holds now (before it is deleted or replaced)."""
        return cls.objects.create(
            content_type=pending.content_type,
            object_id=pending.object_id,
            object_repr=object_repr[:300],
            form_data=pending.form_data,
            preview=pending.preview,
            base_version=pending.base_version,
            saved_by=pending.saved_by,
            saved_at=pending.saved_at,
            discarded_by=user if user is not None and user.is_authenticated else None,
            reason=reason,
        )


class ReaderPage(models.Model):
    """A tier as readers get it, rendered once per content change (igfapp/reader_pages.py).

    Used only while `content_revision` and `release` are the current ones, so it is never stale.
    """

    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="+")
    page_html = models.TextField()
    fragment_html = models.TextField(help_text="The article alone: what the depth switch swaps in.")
    # The page brotli-compressed, once per change, when its bytes are the same whatever the Host (empty if not).
    page_br = models.BinaryField(default=b"")
    content_revision = models.BigIntegerField()
    release = models.CharField(max_length=300)
    rendered_at = models.DateTimeField(auto_now=True)

    # A rendering of the content, not content: storing it must not change the content revision.
    content_revision_exempt = True

    def __str__(self) -> str:
        return f"readers' page of {self.article_id} at content revision {self.content_revision}"
