"""Template helpers for references: accuracy badges, "Cite this page", and page metadata.

Only formatting: the data comes from the view's context (no queries here).
"""

from __future__ import annotations

import json

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .. import citation_export as export

register = template.Library()


# --- Accuracy of a reference, in plain words --------------------------------------------------

# (origin, status) → (badge text, what it means for the reader). The badge is text, never colour alone.
ACCURACY = {
    ("document", "as-printed-unverified"): (
        "Not found as printed",
        "We could not find a paper with the details the document prints.",
    ),
    ("document", "mismatch"): (
        "Printed details wrong",
        "A real paper exists, but some of the details the document prints do not match it.",
    ),
    ("document", "verified"): ("Verified", "An editor has checked these details against the paper."),
    ("editors", "as-printed-unverified"): (
        "Not yet confirmed",
        "Details from our reference check; an editor still has to confirm them against the paper.",
    ),
    ("editors", "mismatch"): ("Details wrong", "Some of these details do not match the real paper."),
    ("editors", "verified"): ("Verified", "An editor has checked these details against the paper."),
}


@register.filter
def accuracy_label(ref) -> str:
    return ACCURACY.get((ref.origin, ref.status), ("Unknown", ""))[0]


@register.filter
def accuracy_explanation(ref) -> str:
    return ACCURACY.get((ref.origin, ref.status), ("", ""))[1]


@register.filter
def apa_authors(authors, et_al: bool = False) -> str:
    """`{{ work.authors|apa_authors:work.et_al }}`: the list, ending 'et al.' when cut short."""
    return export.apa_authors(authors, bool(et_al))


@register.filter
def page_range(pages: str) -> str:
    return export.page_range(pages or "")


@register.filter
def doi_url(doi: str) -> str:
    return export.doi_url(doi)


@register.filter
def pubmed_url(pmid: str) -> str:
    return export.pubmed_url(pmid)


@register.filter
def sentence(text: str) -> str:
    """End with a full stop unless the text already ends with punctuation ('…insufficiency?')."""
    return export.sentence(text or "")


@register.filter
def apa_date(work) -> str:
    return export.apa_date(work.year, work.published_on)


@register.filter
def author_year(ref) -> str:
    return export.reference_label(ref)


# --- "Cite this page" and metadata ------------------------------------------------------------


def page_title(article) -> str:
    # The same words as the page's <title>, so a reference manager records what the reader saw.
    return f"{article.title}: the GH/IGF-1 axis"


def public_url(request, path: str) -> str:
    """`path` under the site's public origin (settings.SITE_ORIGIN), else under the request's."""
    return f"{settings.SITE_ORIGIN}{path}" if settings.SITE_ORIGIN else request.build_absolute_uri(path)


def _page_citation(context, article) -> export.PageCitation:
    request = context["request"]
    return export.PageCitation(
        title=page_title(article),
        url=public_url(request, article.get_absolute_url()),
        reviewed=reviewed_on(article),
    )


def reviewed_on(article):
    """The date of the tier's latest review record (selectors.article_page sets it), or None."""
    review = getattr(article, "latest_review", None)
    return review.reviewed_on if review is not None else None


@register.simple_tag(takes_context=True)
def page_citation(context, article) -> dict:
    """{'apa', 'apa_html', 'bibtex', 'url'} for citing this article page."""
    cite = _page_citation(context, article)
    # The same words as cite.apa(), with the page title in italics as APA sets it.
    apa_html = format_html("{}. ({}). <i>{}</i>. {}", export.SITE_NAME, cite.date_text, cite.title, cite.url)
    return {
        "apa": cite.apa(),
        "apa_html": apa_html,
        "bibtex": cite.bibtex(f"gh-igf1-axis-{article.slug}"),
        "url": cite.url,
    }


# Audiences by tier: the shallower tiers are written for lay readers, the deepest for students and
# clinicians.
AUDIENCES = {
    1: {"@type": "PeopleAudience", "audienceType": "General public"},
    2: {"@type": "PeopleAudience", "audienceType": "General public"},
    3: {"@type": "MedicalAudience", "audienceType": "Clinician"},
}


# schema.org's educationalLevel of each tier (by its order), for the tiers and their review quizzes.
EDUCATIONAL_LEVELS = {1: "Beginner", 2: "Intermediate", 3: "Advanced"}


def json_ld_data(*, article, references, url: str, home_url: str, teaches: list[str] = ()) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": page_title(article),
        "headline": page_title(article),
        "description": article.summary,
        "inLanguage": "en-GB",
        "isPartOf": {"@type": "WebSite", "name": export.SITE_NAME, "url": home_url},
        "audience": AUDIENCES.get(article.order, AUDIENCES[1]),
        "educationalLevel": EDUCATIONAL_LEVELS.get(article.order, EDUCATIONAL_LEVELS[1]),
        "teaches": list(teaches),
        "citation": [export.schema_org_work(export.citation_for_export(ref)) for ref in references],
    }
    review = getattr(article, "latest_review", None)  # the review records only (review_records.py)
    if review is not None:
        data["lastReviewed"] = review.reviewed_on.isoformat()
        data["reviewedBy"] = {"@type": "Person", "name": review.reviewer.name}
    return data


# What Django's json_script escapes: inside <script>, "</script>" or "<!--" in a value must not
# end or change the element, so <, > and & are written as JSON \u escapes.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_safe_json(data) -> SafeString:
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))


@register.simple_tag(takes_context=True)
def article_metadata(context, page) -> dict:
    """Open Graph, Highwire and JSON-LD values for an article page."""
    request, article = context["request"], page.article
    url = public_url(request, article.get_absolute_url())
    citations = [export.citation_for_export(ref) for ref in page.references]
    return {
        "title": page_title(article),
        "url": url,
        "site_name": export.SITE_NAME,
        "highwire_references": [export.highwire_reference(c) for c in citations],
        "json_ld": script_safe_json(
            json_ld_data(
                article=article,
                references=page.references,
                url=url,
                home_url=public_url(request, reverse("home")),
                teaches=[section.heading for section in page.sections],
            )
        ),
    }
