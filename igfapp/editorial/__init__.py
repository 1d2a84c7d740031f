"""The editorial workflow: history, drafts, previews, no lost edits and checks, which the admin is built on.

Each module owns one concern and says so in its docstring. The admin's classes and forms are
igfapp/admin/; the site's pages use `public` and `drafts` to show editors a draft. History is
registered with django-reversion by `IgfappConfig.ready`, not when a module is imported.

Floor 1  history, drafts, content_sync, prose, check_results, previews, live_preview
Floor 2  snapshots, public, review_checks
Floor 3  diffs, checks
Floor 4  conflicts, revert

- history: what django-reversion records of an item and reading it back; drafts: a published
  item's unpublished changes (PendingChange), showing them, and keeping the ones that go unpublished
  (DiscardedDraft); content_sync: whether the database and content/ agree, so an import never
  loses admin work (and the lock imports and admin writes share); previews: what a draft keeps,
  rendered from the admin form; live_preview: the markdown editor's preview.
- snapshots: an item and what it owns as plain values (now, a revision, a draft); public: what
  editors see on public pages and which draft a page shows; diffs: readable diffs of texts and
  snapshots; conflicts: the stamp every admin action carries and what changed since it; revert:
  restoring a recorded version, or recovering a deleted item.
- prose, check_results, review_checks, checks: the editorial checks on the change forms.
"""
