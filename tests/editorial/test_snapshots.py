"""editorial/snapshots.py: an item as stored now and as a revision recorded it, in one comparable form."""

from igfapp.editorial.diffs import diff_snapshots
from igfapp.editorial.history import ensure_baseline, versions_of
from igfapp.editorial.snapshots import current_snapshot, revision_snapshot
from igfapp.models import Article


def test_snapshots_of_a_revision_and_of_now_agree_when_nothing_changed(small_site):
    article = Article.objects.get(slug="basics")
    ensure_baseline(article)
    version = versions_of(article).first()
    assert diff_snapshots(revision_snapshot(version.revision), current_snapshot(article)) == []
