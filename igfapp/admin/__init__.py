"""The editors' admin: every content model registered with the editorial admin classes, and the inlines.

Every model's admin is an `EditorialAdmin` (editorial_admin.py: editing, saving, recording history,
refusing stale actions), and the models with a status (Article, GlossaryTerm, LifestyleFactor,
Question) a `DraftableAdmin` (draftable_admin.py: save draft, publish, discard); both have the
History screens of history_admin.py. The forms and the refusal page are their own modules. What
they build on (history, drafts, conflicts, checks, previews) is igfapp/editorial/. This module only
registers the models and says, per model, what its list and form show.

Floor 1  forms, refusals, report_admin
Floor 2  history_admin
Floor 3  editorial_admin
Floor 4  draftable_admin
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from ..models import (
    Article,
    Choice,
    EvidenceNote,
    FactorMechanism,
    GlossaryTerm,
    LifestyleFactor,
    Mechanism,
    ProblemReport,
    Question,
    Reference,
    Review,
    Reviewer,
    Section,
    SitePage,
)
from .draftable_admin import DraftableAdmin
from .editorial_admin import EditorialAdmin, MarkdownFieldsMixin
from .forms import ChoiceFormSet, InlineForm, SectionInlineForm
from .report_admin import ProblemReportAdmin

admin.site.site_header = "GH/IGF-1 axis: editors"
admin.site.site_title = "GH/IGF-1 editors"
admin.site.index_title = "Content"


# --- Inlines ----------------------------------------------------------------------------------


class SectionInline(MarkdownFieldsMixin, admin.StackedInline):
    model = Section
    form = SectionInlineForm
    fields = ("order", "heading", "anchor", "topic", "caution_md", "plain_words_md", "plain_words_evidence", "body_md")
    prepopulated_fields = {"anchor": ("heading",)}
    extra = 0
    show_change_link = False


class FactorMechanismLinkInline(admin.TabularInline):
    """A factor's links to mechanisms (with the note on how it uses each), seen from either side."""

    form = InlineForm
    model = FactorMechanism
    extra = 0


class FactorMechanismInline(FactorMechanismLinkInline):
    fields = ("order", "mechanism", "note")
    autocomplete_fields = ["mechanism"]
    verbose_name = "mechanism"
    verbose_name_plural = "Mechanisms (how this factor acts on the axis)"


class MechanismFactorInline(FactorMechanismLinkInline):
    fields = ("factor", "order", "note")
    autocomplete_fields = ["factor"]
    verbose_name = "factor"
    verbose_name_plural = "Factors acting through this mechanism"


class ChoiceInline(MarkdownFieldsMixin, admin.StackedInline):
    """A question's choices, each with why it is right or wrong (refused unless exactly one is right)."""

    model = Choice
    form = InlineForm
    formset = ChoiceFormSet
    markdown_rows = 3
    fields = ("order", "text_md", "correct", "explanation_md")
    extra = 0
    min_num = 2
    verbose_name_plural = "Choices (exactly one correct; each explains why it is right or wrong)"


class FactorCitationInline(admin.TabularInline):
    form = InlineForm
    model = LifestyleFactor.references.through
    autocomplete_fields = ["reference"]
    extra = 0
    verbose_name = "citation"
    verbose_name_plural = "Citations (references supporting this factor)"


# --- One admin per content model ------------------------------------------------------------------


@admin.register(Article)
class ArticleAdmin(DraftableAdmin):
    list_display = (
        "title",
        "order",
        "status_column",
        "section_count",
        "updated_at",
    )
    list_filter = ("status",)
    search_fields = ("title", "summary", "sections__heading")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [SectionInline]
    fieldsets = [
        (None, {"fields": ("title", "slug", "summary", "order", "publication_status")}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_sections=models.Count("sections"))

    @admin.display(description="Sections", ordering="number_of_sections")
    def section_count(self, obj) -> int:
        return obj.number_of_sections


@admin.register(Section)
class SectionAdmin(EditorialAdmin):
    """Sections are listed and searched here but edited inside their article.

    Citation numbers run across the whole page, and an article's draft and history cover all its
    sections, so one form per page keeps numbering, drafts and conflict checks whole.
    """

    list_display = ("heading", "article", "topic", "order", "word_count", "updated_at")
    list_filter = ("article", "topic")
    search_fields = ("heading", "anchor", "body_md")
    list_select_related = ("article",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # only inside the article, where its history can bring a section back

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        section = self.get_object(request, unquote(object_id)) if object_id else None
        if section is None:
            raise Http404("Sections are added inside their article.")
        position = list(section.article.sections.order_by("order").values_list("pk", flat=True)).index(section.pk)
        url = reverse("admin:igfapp_article_change", args=[section.article_id])
        return HttpResponseRedirect(f"{url}#sections-{position}")


@admin.register(Reference)
class ReferenceAdmin(EditorialAdmin):
    list_display = ("key", "origin", "kind", "number", "year", "short_title", "status")
    list_filter = ("origin", "kind", "status", "year")
    search_fields = ("key", "title", "printed", "journal", "doi", "pmid")
    autocomplete_fields = ["corrected_by", "see_also"]

    @admin.display(description="Title", ordering="title")
    def short_title(self, obj) -> str:
        return obj.title[:80] + ("…" if len(obj.title) > 80 else "")


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(DraftableAdmin):
    list_display = ("term", "slug", "alias_list", "status_column", "updated_at")
    list_filter = ("status",)
    search_fields = ("term", "slug", "aliases", "plain_definition")
    prepopulated_fields = {"slug": ("term",)}
    autocomplete_fields = ["related", "references"]
    fields = (
        "term",
        "slug",
        "publication_status",
        "aliases",
        "plain_definition",
        "technical_definition",
        "explanation_md",
        "related",
        "references",
    )

    @admin.display(description="Aliases")
    def alias_list(self, obj) -> str:
        return ", ".join(obj.aliases)


@admin.register(Mechanism)
class MechanismAdmin(EditorialAdmin):
    list_display = ("name", "location", "slug", "updated_at")
    list_filter = ("location",)
    search_fields = ("name", "slug", "explanation_md")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["glossary_terms", "references"]
    inlines = [MechanismFactorInline]


@admin.register(LifestyleFactor)
class LifestyleFactorAdmin(DraftableAdmin):
    list_display = ("name", "order", "effect", "in_document_table", "status_column", "updated_at")
    list_filter = ("effect", "status", "in_document_table")
    search_fields = ("name", "slug", "table_mechanism", "observed_effect", "summary")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["passages"]
    exclude = ("references", "status")
    inlines = [FactorMechanismInline, FactorCitationInline]


@admin.register(EvidenceNote)
class EvidenceNoteAdmin(EditorialAdmin):
    list_display = ("short_claim", "standing", "slug", "updated_at")
    list_filter = ("standing",)
    search_fields = ("slug", "claim", "explanation_md")
    prepopulated_fields = {"slug": ("claim",)}
    autocomplete_fields = ["sections", "factors", "references"]

    @admin.display(description="Claim", ordering="claim")
    def short_claim(self, obj) -> str:
        return obj.claim[:90] + ("…" if len(obj.claim) > 90 else "")


@admin.register(Question)
class QuestionAdmin(DraftableAdmin):
    list_display = ("slug", "section", "order", "kind", "evidence", "status_column", "updated_at")
    list_filter = ("section__article", "kind", "status")
    search_fields = ("slug", "text_md", "choices__text_md", "choices__explanation_md")
    list_select_related = ("section__article", "evidence")
    prepopulated_fields = {"slug": ("text_md",)}
    autocomplete_fields = ["section", "terms", "evidence"]
    fields = ("slug", "section", "order", "kind", "publication_status", "text_md", "terms", "evidence")
    markdown_rows = 3
    inlines = [ChoiceInline]


# --- The review records: who reviewed what, and when (shown on the tiers and evidence notes) ------


@admin.register(Reviewer)
class ReviewerAdmin(EditorialAdmin):
    """A reviewer's public profile. Only real people who agreed to review: never a placeholder."""

    records_public_changes = False
    list_display = ("name", "qualification", "role", "updated_at")
    search_fields = ("name", "qualification", "role")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "qualification", "role", "conflicts")


@admin.register(Review)
class ReviewAdmin(EditorialAdmin):
    """One review: recorded when it happened, shown on the tier (or beside the notes) it covers."""

    records_public_changes = False
    list_display = ("__str__", "reviewer", "scope", "article", "reviewed_on", "outcome", "next_review_due")
    list_filter = ("scope", "outcome", "article")
    list_select_related = ("reviewer", "article")
    search_fields = ("slug", "note", "reviewer__name")
    autocomplete_fields = ["reviewer", "sections", "notes"]
    fields = (
        "slug",
        "reviewer",
        "scope",
        "article",
        "sections",
        "notes",
        "reviewed_on",
        "outcome",
        "note",
        "next_review_due",
    )


@admin.register(SitePage)
class SitePageAdmin(EditorialAdmin):
    """Pages about the site (the editorial standards): markdown with the live preview, and history."""

    list_display = ("title", "slug", "updated_at")
    search_fields = ("title", "slug", "body_md")
    prepopulated_fields = {"slug": ("title",)}
    fields = ("title", "slug", "summary", "body_md")


admin.site.register(ProblemReport, ProblemReportAdmin)
