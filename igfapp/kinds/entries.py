"""The database in the shape the readers produce, for writing content/ back (export_content).

`Names` looks up once what each row is called in the files; each kind's `entries` builds its
(values, links) per file from it, in a fixed number of queries however much content there is.
"""

from __future__ import annotations

from collections import defaultdict

from ..models import EvidenceNote, GlossaryTerm, LifestyleFactor, Mechanism, Reference, Section

Links = dict[str, list[str]]


def canonical_body(markdown: str) -> str:
    """The body as the importer will read it back: newlines normalised, no blank lines around it.

    Browsers submit textareas with CRLF line ends; files use LF.
    """
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines).rstrip("\n")


def ordered_links(model, field_name: str) -> dict[int, list[int]]:
    """{source id: [target ids in the order they were linked]} for one many-to-many field (one query)."""
    m2m = model._meta.get_field(field_name)
    source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
    links: dict[int, list[int]] = defaultdict(list)
    rows = m2m.remote_field.through.objects.order_by("pk").values_list(f"{source}_id", f"{target}_id")
    for source_id, target_id in rows:
        links[source_id].append(target_id)
    return links


def values_of(obj, names: list[str]) -> dict:
    return {name: getattr(obj, name) for name in names}


Entries = dict[str, dict[str, tuple[dict, Links]]]


class Names:
    """What each row is called in the files (slug, key, article/anchor), looked up once per export."""

    def __init__(self):
        self.glossary = dict(GlossaryTerm.objects.values_list("pk", "slug"))
        self.references = dict(Reference.objects.values_list("pk", "key"))
        self.mechanisms = dict(Mechanism.objects.values_list("pk", "slug"))
        self.factors = dict(LifestyleFactor.objects.values_list("pk", "slug"))
        self.evidence = dict(EvidenceNote.objects.values_list("pk", "slug"))
        self.sections = {
            pk: f"{slug}/{anchor}" for pk, slug, anchor in Section.objects.values_list("pk", "article__slug", "anchor")
        }

    def linked(self, model, field_name: str, names: dict[int, str]):
        """A function giving an object's links (as file names, in order) through one many-to-many field."""
        links = ordered_links(model, field_name)
        return lambda obj: [names[target] for target in links.get(obj.pk, [])]
