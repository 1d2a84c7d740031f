"""What the admin keeps of editors' work besides the content itself: deletions content/ does not
know of yet, drafts of published items, and drafts that went unpublished."""

from django.conf import settings
from django.db import models


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
