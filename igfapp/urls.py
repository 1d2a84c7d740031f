from django.contrib import admin
from django.urls import path

from .views import articles, cards, crawlers, factors, glossary, health, preview, references, review, search

urlpatterns = [
    path("", articles.home, name="home"),
    path("robots.txt", crawlers.robots_txt, name="robots"),
    path("sitemap.xml", crawlers.sitemap_xml, name="sitemap"),
    path("favicon.ico", crawlers.favicon, name="favicon"),
    path("learn/<slug:slug>/", articles.article_detail, name="article"),
    path("glossary/", glossary.glossary_index, name="glossary"),
    path("glossary/<slug:slug>/", glossary.glossary_term, name="glossary-term"),
    path("preferences/pop-ups/", glossary.popup_preference, name="popup-preference"),
    path("cards/term/<slug:slug>/", cards.term_card, name="glossary-card"),
    path("cards/reference/<slug:key>/", cards.reference_card, name="reference-card"),
    path("search/", search.search_page, name="search"),
    path("factors/", factors.factor_index, name="factors"),
    path("factors/download.csv", factors.factors_csv, name="factors-csv"),
    path("factors/download.json", factors.factors_json, name="factors-json"),
    path("review/", review.review, name="review"),
    path("review/questions.csv", review.questions_csv, name="review-questions-csv"),
    path("review/glossary.csv", review.glossary_csv, name="review-glossary-csv"),
    path("review/igf1-axis.apkg", review.anki_deck, name="review-anki"),
    path("references/", references.reference_list, name="references"),
    path("references/export.bib", references.export_bibtex, name="references-bibtex"),
    path("references/export.ris", references.export_ris, name="references-ris"),
    path("references/<slug:key>.bib", references.reference_bibtex, name="reference-bibtex"),
    path("references/<slug:key>.ris", references.reference_ris, name="reference-ris"),
    path("sources/", references.sources, name="sources"),
    path("healthz", health.healthz, name="healthz"),
    path("livez", health.livez, name="livez"),
    path("readyz", health.readyz, name="readyz"),
    # Before the admin's catch-all: the editors' live preview (staff only).
    path("admin/preview/markdown/", preview.markdown_preview, name="markdown-preview"),
    path("admin/", admin.site.urls),
]
