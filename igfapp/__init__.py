"""The GH/IGF-1 axis site: one source document at three depths, with what editors add to it.

Imports run one way: a module imports only from a lower floor. Within a package the package's own
docstring gives its floors; across the app, these do (tests/test_layout.py reads both, and fails on
an import from the same or a higher floor, a circle, or a private name imported across modules).
The read side (a reader's GET) climbs from the models through selectors and the stored tiers to the
views; the write side (an edit, an import) runs the other way down: the admin and the importer call
after_change, which renders what the change affects, each piece from the floors below it.

Floor 1   wsgi, logs, models, rendering, content_files, citation_export, bundles, middleware, outage, throttling
Floor 2   settings, content_revision, plain_words, search_index, sitemaps, context_processors, factor_evidence, factor_details, problem_reports
Floor 3   kinds, html_fields, caching, diagram, review_records, search
Floor 4   editorial
Floor 5   apps, page_questions, factor_drafts, templatetags, change_log
Floor 6   factor_table, selectors, learning_downloads
Floor 7   reader_pages, factor_downloads, review_page
Floor 8   after_change
Floor 9   importing
Floor 10  exporting, admin
Floor 11  management, views
Floor 12  urls

One word, one meaning:
- *render*: make HTML, from markdown (html_fields.py, once per change) or from a template;
- *stored*: kept in the database for readers: an item's HTML fields, a factor row's details, a
  tier as readers get it (reader_pages.py);
- *publish*: make an item or its draft visible to readers (the admin's "Publish");
- *draft*: what readers cannot see yet: an unpublished item, or a published item's unpublished
  changes (PendingChange); a *preview* shows a draft, or unsaved text, as readers would see it;
- *version*: an item's own counter, moved on by every save (the stamp an admin page carries); a
  *revision* is one recorded save in the history (django-reversion), holding the item as it was;
- *kind*: a kind of content file (kinds/), one folder of content/;
- *report*: what a reader sends through "Report a problem" (ProblemReport: private, plain text);
  a *correction* is the public side of a report the editors accepted (listed on /corrections/);
- *site page*: a page about the site itself (content/pages/, e.g. the editorial standards).
"""
