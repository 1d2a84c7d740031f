"""What readers tell us is wrong (a *report*: private, for the editors) and, once the editors accept
one, its public side (a *correction*, listed on /corrections/).

The two are separate tables on purpose. A report holds what only editors may see (the reader's
email, the text as sent, an address fingerprint for the rate limit), and is written by anonymous
readers, so it is exempt from the content revision: a report coming in changes no page. A
correction holds only what readers see, and nothing else: /corrections/ reads that table alone, so
it cannot show a private field, and its writes move the content revision like any content's
(database triggers, content_revision.py), so the cached list changes the moment a report is accepted.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

# The form's limits (views/reports.py shows them to the reader; the model keeps them).
PAGE_MAX_LENGTH = 300
TEXT_MAX_LENGTH = 2000
SOURCE_MAX_LENGTH = 500


class ProblemReport(models.Model):
    """One reader's report of a problem on one page. Plain text throughout: never rendered as HTML."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    page = models.CharField(max_length=PAGE_MAX_LENGTH, help_text="The path on this site the reader reported.")
    text = models.TextField("what is wrong", max_length=TEXT_MAX_LENGTH)
    source = models.CharField(max_length=SOURCE_MAX_LENGTH, blank=True, help_text="Where the reader read otherwise.")
    email = models.EmailField(blank=True, help_text="Private: for replying only; never shown to readers.")
    status = models.CharField(max_length=10, choices=Status, default=Status.NEW, db_index=True)
    public_reply = models.TextField(
        blank=True,
        help_text="Shown on /corrections/ with the page once the report is accepted (plain text).",
    )
    fixed_by = models.ForeignKey(
        "igfapp.PublicChange",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="fixed by change",
        help_text="The published change that fixed it: its number, as in its address /changes/<number>/. "
        "/corrections/ links it.",
    )
    received_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    # A keyed one-way hash of the sender's network address (throttling.py), kept only for the rate
    # limit's window and then cleared; never shown anywhere.
    sender_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)

    # Written by anonymous readers and private: a report coming in must not change any page.
    content_revision_exempt = True

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "problem report"

    def __str__(self) -> str:
        return f"Report {self.pk} on {self.page} ({self.get_status_display().lower()})"

    @transaction.atomic
    def decide(self, user, *, was: str) -> None:
        """Save the editors' decision (its status and public reply, already set; `was` the status
        before), dated when the status changes, and keep the public correction in step with it."""
        if self.status == self.Status.NEW:
            self.decided_at, self.decided_by = None, None
        elif self.status != was or self.decided_at is None:
            self.decided_at, self.decided_by = timezone.now(), user
        self.save()
        self.sync_correction()

    def sync_correction(self) -> None:
        """An accepted report has its correction (page, reply, date); any other has none."""
        if self.status != self.Status.ACCEPTED:
            Correction.objects.filter(report=self).delete()
            return
        wanted = {
            "page": self.page,
            "reply": self.public_reply,
            "fixed_by_id": self.fixed_by_id,
            "accepted_at": self.decided_at or timezone.now(),
        }
        correction = Correction.objects.filter(report=self).first()
        if correction is None:
            Correction.objects.create(report=self, **wanted)
        elif any(getattr(correction, name) != value for name, value in wanted.items() if name != "accepted_at"):
            Correction.objects.filter(pk=correction.pk).update(
                page=self.page, reply=self.public_reply, fixed_by_id=self.fixed_by_id
            )


class Correction(models.Model):
    """The public side of an accepted report: what /corrections/ lists, and nothing more: the page,
    the editors' reply, the date, and the published change that fixed it (on /changes/)."""

    report = models.OneToOneField(ProblemReport, on_delete=models.CASCADE, related_name="correction")
    page = models.CharField(max_length=PAGE_MAX_LENGTH)
    reply = models.TextField(blank=True)
    fixed_by = models.ForeignKey(
        "igfapp.PublicChange", null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections"
    )
    accepted_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-accepted_at", "-pk"]

    def __str__(self) -> str:
        return f"Correction on {self.page} ({self.accepted_at:%Y-%m-%d})"
