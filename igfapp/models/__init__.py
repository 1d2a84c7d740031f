"""The content domain: three tiered articles, their sections, and what supports them.

Markdown is the editors' source; every `*_html` field is rendered from it once, on import or save
(see `rendering.py`), so requests only ever read stored HTML.

Floor 1  base
Floor 2  articles, references, admin_work, search
Floor 3  glossary, serving
Floor 4  factors
Floor 5  evidence
Floor 6  questions
"""

from .admin_work import DeletedItem, DiscardedDraft, PendingChange
from .articles import Article, Section
from .base import MAX_ID, Editable, KeptInFiles, PublishableQuerySet, Status, Topic, is_editor, parse_id
from .evidence import EvidenceNote
from .factors import FactorMechanism, LifestyleFactor, Mechanism
from .glossary import GlossaryTerm
from .questions import Choice, Question
from .references import Reference
from .search import SearchEntry
from .serving import ContentRevision, ReaderPage

__all__ = [
    "MAX_ID",
    "Article",
    "Choice",
    "ContentRevision",
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
    "PublishableQuerySet",
    "Question",
    "ReaderPage",
    "Reference",
    "SearchEntry",
    "Section",
    "Status",
    "Topic",
    "is_editor",
    "parse_id",
]
