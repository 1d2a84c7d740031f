"""The editorial workflow: history, drafts, previews, no lost edits, checks, and the admin built on them.

Each module owns one concern and says so in its docstring. The import graph is one-way: a module
imports only modules of a lower floor of this package, and from the rest of igfapp only `models`,
`rendering`, `publishing` and `plain_words` (the site's views and selectors import from here, never the reverse).
History is registered with django-reversion by `IgfappConfig.ready`, not when a module is imported.

Floor 1  history, drafts, content_sync, prose, check_results, previews, live_preview
Floor 2  snapshots, public, review_checks
Floor 3  diffs, checks
Floor 4  conflicts, revert
Floor 5  forms, refusals
Floor 6  admin_history
Floor 7  admin_base
Floor 8  admin_drafts

- history: what django-reversion records of an item and reading it back; drafts: a published
  item's unpublished changes (PendingChange) and showing them; content_sync: whether the database
  and content/ agree, so an import never loses admin work (and the lock imports and admin writes share); previews: what a draft keeps, rendered
  from the admin form; live_preview: the markdown editor's preview.
- snapshots: an item and what it owns as plain values (now, a revision, a draft); public: what
  editors see on public pages and which draft a page shows; diffs: readable diffs of texts and
  snapshots; conflicts: the stamp every admin action carries and what changed since it; revert:
  restoring a recorded version, or recovering a deleted item.
- prose, check_results, review_checks, checks: the editorial checks on the change forms.
- refusals: the page an action answers with when what it acts on changed meanwhile.
- forms, admin_history, admin_base, admin_drafts: the admin's forms and base classes
  (igfapp/admin.py only registers the models with them and declares the inlines).
"""
