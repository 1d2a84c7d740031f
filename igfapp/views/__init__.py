"""The site's views, one module per area; htmx fragments are the same views' template partials.

Floor 1  htmx, health, cards, crawlers, preview, references, changes, reports, pages
Floor 2  factors, search, review
Floor 3  articles, glossary
"""
