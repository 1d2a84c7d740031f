"""What serving readers keeps: the content revision every cached page is keyed by, and the tiers
rendered once per change as readers get them."""

from django.db import models

from .articles import Article


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
