"""What both content commands report: per kind of file, how many items were created, updated,
left unchanged or deleted (import_content counts rows, export_content counts files)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

OUTCOMES = ("created", "updated", "unchanged", "deleted")


@dataclass
class KindCounts:
    counts: dict[str, Counter] = field(default_factory=dict)

    def count(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1

    def include(self, kind: str) -> None:
        """List `kind` in the report even when nothing of it was counted."""
        self.counts.setdefault(kind, Counter())

    def lines(self) -> list[str]:
        """One line per kind: "articles: 0 created, 1 updated, 2 unchanged, 0 deleted"."""
        return [
            f"{kind}: " + ", ".join(f"{counts[outcome]} {outcome}" for outcome in OUTCOMES)
            for kind, counts in self.counts.items()
        ]
