"""The content domain: three tiered articles, their sections, and what supports them.

Markdown is the editors' source; every `*_html` field is rendered from it once, on import or save
(see `rendering.py`), so requests only ever read stored HTML.

Floor 1  base
Floor 2  articles, references, admin_work, reports, site_pages, search
Floor 3  glossary, serving
Floor 4  factors
Floor 5  evidence
Floor 6  questions, record
"""

from .admin_work import DeletedItem, DiscardedDraft, PendingChange
from .articles import Article, Section
from .base import MAX_ID, Editable, KeptInFiles, PublishableQuerySet, Status, Topic, is_editor, parse_id
from .evidence import EvidenceNote
from .factors import FactorMechanism, LifestyleFactor, Mechanism
from .glossary import GlossaryTerm
from .questions import Choice, Question
from .record import REASON_MAX_LENGTH, PublicChange, PublishedText, Review, Reviewer
from .references import Reference
from .reports import Correction, ProblemReport
from .search import SearchEntry
from .serving import ContentRevision, ReaderPage
from .site_pages import SitePage

__all__ = [
    "MAX_ID",
    "REASON_MAX_LENGTH",
    "Article",
    "Choice",
    "ContentRevision",
    "Correction",
    "DeletedItem",
    "DiscardedDraft",
    "Editable",
    "EvidenceNote",
    "FactorMechanism",
    "GlossaryTerm",
    "KeptInFiles",
    "LifestyleFactor",
    "Mechanism",
    "PendingChange",
    "ProblemReport",
    "PublicChange",
    "PublishableQuerySet",
    "PublishedText",
    "Question",
    "ReaderPage",
    "Reference",
    "Review",
    "Reviewer",
    "SearchEntry",
    "Section",
    "SitePage",
    "Status",
    "Topic",
    "is_editor",
    "parse_id",
]
