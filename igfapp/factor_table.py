"""The lifestyle-factor table: its state in the query string, and the reads behind it.

The table (on /factors/ and embedded in the Intermediate article) keeps everything a reader chose
(sort, direction, filters, expanded rows) in the query string, so a view is a shareable URL, the
back button restores it, and the page works the same without JavaScript.

`TableState.from_query` never fails: a value it does not recognise is dropped and the default is
used instead, so a hand-edited or stale URL shows the table rather than an error.

`factor_table` reads a fixed number of queries however many factors, mechanisms, terms, passages,
references and evidence notes there are: readers' rows show their details as stored at save time
(factor_details.render_stored_details); editors' are rendered live from prefetched relations
(factor_details.py), drafts shown in place on request (factor_drafts.py). The downloads' records
are factor_downloads.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When, prefetch_related_objects
from django.db.models.functions import Lower
from django.http import QueryDict
from django.urls import reverse
from django.utils.safestring import mark_safe

from .editorial.drafts import pending_changes_of
from .editorial.public import PREVIEW_PARAMETER, asks_for_draft
from .factor_details import FactorLinks, RowUrls, detail_lookups, prepare_details
from .factor_drafts import show_drafts
from .factor_evidence import direction_phrase, evidence_marks, evidence_subquery
from .models import (
    Article,
    FactorMechanism,
    LifestyleFactor,
    Mechanism,
    is_editor,
)
from .rendering import embed_marker
from .search import clean_query

Effect = LifestyleFactor.Effect
Location = Mechanism.Location

# --- Columns and sort keys ----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # the value of ?sort=
    label: str  # the header text; the document's own wording for its three columns
    ours: str = ""  # a column the editors added: what of it is ours, shown after the label


COLUMNS = (
    Column("name", "Lifestyle Factor"),
    Column("mechanism", "Primary Mechanism of Influence"),
    Column("observed", "Observed Effect on IGF-1"),
    # The document's direction in our words, with the standing of the note that checked it (if any):
    # factor_evidence.py.
    Column("effect", "The document’s direction", ours="our words; evidence notes ours"),
)
DEFAULT_SORT = "order"  # the document's own row order, then the editors' additions
SORT_LABELS = {DEFAULT_SORT: "Document order", **{c.key: c.label for c in COLUMNS}}
DIRECTIONS = {"asc": "ascending", "desc": "descending"}

# Effect directions from most to least favourable to IGF-1, for sorting the Direction column.
EFFECT_RANK = [Effect.RAISES, Effect.SUPPORTS, Effect.MIXED, Effect.UNCLEAR, Effect.SUPPRESSES]

ORIGINS = {"document": "The document’s table", "editors": "Editors’ additions"}

MAX_OPEN_ROWS = 50


# --- State in the query string ----------------------------------------------------------------


def _choice(value: str | None, allowed) -> str:
    return value if value in allowed else ""


@dataclass(frozen=True)
class TableState:
    """What the reader chose. Empty strings mean "no filter"."""

    sort: str = DEFAULT_SORT
    direction: str = "asc"
    effect: str = ""
    location: str = ""
    mechanism: str = ""  # a mechanism slug; checked against the database by `factor_table`
    origin: str = ""  # "document" | "editors"
    q: str = ""
    open: tuple[str, ...] = ()  # slugs of expanded rows (the no-JS disclosure)
    # Staff asked to see unpublished drafts (?preview=draft); ignored for readers by `factor_table`.
    preview: bool = False

    @classmethod
    def from_query(cls, query: QueryDict) -> TableState:
        sort = _choice(query.get("sort"), SORT_LABELS) or DEFAULT_SORT
        slugs = [s for s in query.getlist("open") if s and len(s) <= 120 and s.replace("-", "").isalnum()]
        return cls(
            sort=sort,
            direction=_choice(query.get("dir"), DIRECTIONS) or "asc",
            effect=_choice(query.get("effect"), Effect.values),
            location=_choice(query.get("location"), Location.values),
            mechanism=(query.get("mechanism") or "")[:120],
            origin=_choice(query.get("origin"), ORIGINS),
            q=clean_query(query.get("q")),
            open=tuple(dict.fromkeys(slugs))[:MAX_OPEN_ROWS],
            preview=asks_for_draft(query),
        )

    # Query strings -------------------------------------------------------------------------

    def params(self) -> list[tuple[str, str]]:
        """The non-default values, in a stable order (so equal states give equal URLs)."""
        pairs = [
            ("q", self.q),
            ("effect", self.effect),
            ("location", self.location),
            ("mechanism", self.mechanism),
            ("origin", self.origin),
            ("sort", "" if self.sort == DEFAULT_SORT else self.sort),
            ("dir", "" if self.direction == "asc" else self.direction),
        ]
        pairs += [("open", slug) for slug in self.open]
        pairs.append((PREVIEW_PARAMETER, "draft" if self.preview else ""))
        return [(name, value) for name, value in pairs if value]

    @property
    def query_string(self) -> str:
        """'?…' for this state, or '' for the default view."""
        params = self.params()
        return "?" + urlencode(params) if params else ""

    @property
    def filter_query_string(self) -> str:
        """The state without expanded rows: what downloads and the filter form carry."""
        return replace(self, open=()).query_string

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.effect or self.location or self.mechanism or self.origin)

    @property
    def cleared(self) -> TableState:
        """Filters removed; the sort (and an editor's draft preview) is kept."""
        return TableState(sort=self.sort, direction=self.direction, preview=self.preview)

    def sorted_by(self, key: str) -> TableState:
        """Sort by `key`; choosing the current column again reverses it."""
        direction = "desc" if key == self.sort and self.direction == "asc" else "asc"
        return replace(self, sort=key, direction=direction)

    def toggled(self, slug: str) -> TableState:
        """The same view with row `slug` expanded or collapsed."""
        if slug in self.open:
            return replace(self, open=tuple(s for s in self.open if s != slug))
        return replace(self, open=(*self.open, slug))

    def aria_sort(self, key: str) -> str:
        return DIRECTIONS[self.direction] if key == self.sort else ""


# --- Reading the factors ------------------------------------------------------------------------


def _effect_rank() -> Case:
    return Case(
        *(When(effect=effect, then=Value(rank)) for rank, effect in enumerate(EFFECT_RANK)),
        default=Value(len(EFFECT_RANK)),
        output_field=IntegerField(),
    )


SORT_EXPRESSIONS = {
    DEFAULT_SORT: lambda: F("order"),
    "name": lambda: Lower("name"),
    "mechanism": lambda: Lower("table_mechanism"),
    "observed": lambda: Lower("observed_effect"),
    "effect": _effect_rank,
}


def _ordering(state: TableState) -> list:
    expression = SORT_EXPRESSIONS[state.sort]()
    primary = expression.desc() if state.direction == "desc" else expression.asc()
    # Ties keep the document's order, whichever way the column runs.
    return [primary, "order", "pk"]


def filtered_factors(state: TableState, *, user) -> QuerySet[LifestyleFactor]:
    """The visible factors matching `state`, in its order (no prefetching), each with the evidence
    notes that check its claim (`evidence_joined`, read by `factor_evidence.evidence_marks`)."""
    factors = LifestyleFactor.objects.visible_to(user).annotate(evidence_joined=evidence_subquery())
    if state.effect:
        factors = factors.filter(effect=state.effect)
    if state.origin:
        factors = factors.filter(in_document_table=state.origin == "document")
    if state.location:
        factors = factors.filter(
            pk__in=FactorMechanism.objects.filter(mechanism__location=state.location).values("factor")
        )
    if state.mechanism:
        factors = factors.filter(
            pk__in=FactorMechanism.objects.filter(mechanism__slug=state.mechanism).values("factor")
        )
    if state.q:
        by_mechanism = FactorMechanism.objects.filter(mechanism__name__icontains=state.q).values("factor")
        factors = factors.filter(
            Q(name__icontains=state.q)
            | Q(table_mechanism__icontains=state.q)
            | Q(observed_effect__icontains=state.q)
            | Q(summary__icontains=state.q)
            | Q(pk__in=by_mechanism)
        )
    return factors.order_by(*_ordering(state))


@dataclass(frozen=True)
class HeaderCell:
    column: Column
    url: str  # the sort link: this column, or this column reversed when it is the current sort
    aria_sort: str  # "ascending" | "descending" | "" (not the sorted column)


@dataclass
class FactorTable:
    """Everything the table template needs, read once."""

    state: TableState
    factors: list[LifestyleFactor]
    total: int  # visible factors before filtering
    mechanisms: list[Mechanism]  # choices for the mechanism filter
    base_url: str  # where the table's links point: /factors/ or the article embedding it
    embedded: bool = False
    drafts: dict = field(default_factory=dict)  # factor id -> PendingChange, for editors only
    urls: RowUrls | None = None  # the rows' links (`factor_table` sets it)
    effects: list = field(default_factory=lambda: list(Effect.choices))
    locations: list = field(default_factory=lambda: list(Location.choices))
    origins: list = field(default_factory=lambda: list(ORIGINS.items()))
    sort_choices: list = field(default_factory=lambda: list(SORT_LABELS.items()))
    directions: list = field(default_factory=lambda: list(DIRECTIONS.items()))

    @property
    def fragment(self) -> str:
        """Embedded in an article, no-JS links land on the table rather than the top of the page."""
        return "#factor-table" if self.embedded else ""

    def url(self, state: TableState, *, fragment: bool = True) -> str:
        return f"{self.base_url}{state.query_string}{self.fragment if fragment else ''}"

    @property
    def header(self) -> list[HeaderCell]:
        return [
            HeaderCell(column, self.url(self.state.sorted_by(column.key)), self.state.aria_sort(column.key))
            for column in COLUMNS
        ]

    @property
    def heading_level(self) -> int:
        """Headings inside expanded rows sit under the page's h1, or under the article section's h2."""
        return 3 if self.embedded else 2

    @property
    def form_action(self) -> str:
        # A GET form replaces the action's query with its fields; the fragment survives.
        return f"{self.base_url}{self.fragment}"

    @property
    def drafted_factors(self) -> list[LifestyleFactor]:
        return [factor for factor in self.factors if factor.pk in self.drafts]

    @property
    def draft_preview_url(self) -> str:
        return self.url(replace(self.state, preview=True))

    @property
    def published_url(self) -> str:
        return self.url(replace(self.state, preview=False))

    @property
    def clear_url(self) -> str:
        return self.url(self.state.cleared)

    @property
    def standalone_url(self) -> str:
        return reverse("factors") + self.state.filter_query_string

    @property
    def csv_url(self) -> str:
        return reverse("factors-csv") + self.state.filter_query_string

    @property
    def json_url(self) -> str:
        return reverse("factors-json") + self.state.filter_query_string

    @property
    def sort_description(self) -> str:
        if self.state.sort == DEFAULT_SORT:
            return "in the document’s order" + (", reversed" if self.state.direction == "desc" else "")
        return f"sorted by {SORT_LABELS[self.state.sort]}, {DIRECTIONS[self.state.direction]}"


def factor_table(
    *, query: QueryDict, user, base_url: str, embedded: bool = False, relations: bool = False
) -> FactorTable:
    """The table for `query` as `user` may see it, whatever the amount of content: three queries
    for a reader, whose rows' details are the HTML stored at save time.

    Editors get every row's details rendered live from its relations (six queries more), so a
    draft preview and the stored HTML come from the same template; they also learn which rows have
    unpublished drafts (one query more), and `?preview=draft` shows those drafts in place (three
    more). Filters and sorting still work on the published values: a preview shows a draft, it does
    not re-file it. `relations`: read the rows' relations for a reader too (the downloads list them).
    A row whose details were never stored (created outside the import and the admin) makes the
    whole table render live rather than show a row without details.
    """
    state = TableState.from_query(query)
    editor = is_editor(user)
    if state.preview and not editor:
        state = replace(state, preview=False)
    mechanisms = list(Mechanism.objects.only("slug", "name", "location").order_by(Lower("name")))
    if state.mechanism and state.mechanism not in {m.slug for m in mechanisms}:
        state = replace(state, mechanism="")
    stored_field = "embedded_details_html" if embedded else "details_html"
    factors = list(filtered_factors(state, user=user).defer("detail_md", _other_details_field(stored_field)))
    live = editor or relations or any(not getattr(factor, stored_field) for factor in factors)
    if live:
        prefetch_related_objects(factors, *detail_lookups(user))
    drafts = pending_changes_of(factors) if editor else {}
    drafted_links = show_drafts(factors, drafts, user=user) if state.preview else {}
    table = FactorTable(
        state=state,
        factors=factors,
        total=LifestyleFactor.objects.visible_to(user).count(),
        mechanisms=mechanisms,
        base_url=base_url,
        embedded=embedded,
        drafts=drafts,
    )
    urls = RowUrls.build()
    for factor in factors:
        if live:
            prepare_details(factor, drafted_links.get(factor.pk) or FactorLinks.published(factor), urls)
            factor.stored_details = None  # the template renders _detail.html
        else:
            factor.stored_details = mark_safe(getattr(factor, stored_field))  # rendered by us at save time
        factor.evidence = evidence_marks(factor.evidence_joined)
        factor.direction = direction_phrase(factor.effect)  # after a draft's values are shown
        factor.has_draft = factor.pk in drafts
        factor.shows_draft = factor.pk in drafted_links or getattr(factor, "shows_draft", False)
        factor.is_open = factor.slug in state.open
        factor.toggle_url = table.url(state.toggled(factor.slug), fragment=False) + f"#factor-{factor.slug}"
    table.urls = urls
    return table


def _other_details_field(stored_field: str) -> str:
    return "details_html" if stored_field == "embedded_details_html" else "embedded_details_html"


def embedding_article(*, user) -> Article | None:
    """The visible tier whose text embeds the table (the Intermediate one), for a link to it."""
    marker = embed_marker("factor-table")
    return Article.objects.visible_to(user).filter(sections__body_html__contains=marker).first()
