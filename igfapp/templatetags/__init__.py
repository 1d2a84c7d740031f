"""Template tags: the axis diagram, citations, the admin's content-sync notice, its count of new reports and editorial checks.

Floor 1  axis, citation_tags, content_sync_tags, editorial_checks, report_tags
"""
