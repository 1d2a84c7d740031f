"""What every content model shares: ids from URLs, the publication status, the shared topics, the
staff-visibility rule, and the version counter every edit moves on."""

from django.db import models

# The largest id a BigAutoField (every table's primary key) can hold.
MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """A primary key from a URL, a query string or a form field; None for anything else.

    ASCII digits only: `str.isdigit()` accepts "²" and `int()` accepts "١" (other scripts' digits),
    and a number too large for the column makes the database raise, so each of them was a 500.
    """
    text = str(value)
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Topic(models.TextChoices):
    """Subjects shared across tiers, in reading order.

    The order matters: when a tier has no section on the reader's topic, the depth switch lands
    on the nearest *earlier* topic that tier does have.
    """

    OVERVIEW = "overview", "Overview"
    REGULATION = "regulation", "Regulation of the axis"
    NUTRITION = "nutrition", "Nutrition"
    EXERCISE = "exercise", "Exercise"
    SLEEP_STRESS = "sleep-stress", "Sleep and stress"
    HORMONE_CROSSTALK = "hormone-crosstalk", "Cross-talk with other hormones"
    THERAPIES = "therapies", "Peptide therapies"
    REFLECTION = "reflection", "Reflection"

    @classmethod
    def rank(cls, key: str) -> int:
        return list(cls.values).index(key)


def is_editor(user) -> bool:
    """The staff-visibility rule: active staff see drafts and the editorial notices; nobody else does."""
    return bool(user is not None and user.is_active and user.is_staff)


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Drafts are for editors only (`is_editor`); everyone else sees published items."""
        if is_editor(user):
            return self
        return self.published()


class Editable(models.Model):
    """Fields every editor-maintained model shares."""

    updated_at = models.DateTimeField(auto_now=True)
    # Bumped on every save; the admin refuses a save whose form carried an older version.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class KeptInFiles(models.Model):
    """An item with its own file in content/ (its parts, e.g. an article's sections, go with it).

    `synced_version` is the item's `version` when the database and content/ last agreed (the last
    import or export). An item whose version has moved on was edited in the admin and not yet
    exported, so an import refuses to overwrite or delete it (see `editorial/content_sync.py`).
    """

    synced_version = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
