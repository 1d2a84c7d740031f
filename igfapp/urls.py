from django.contrib import admin
from django.urls import path

from .views import articles, glossary

urlpatterns = [
    path("", articles.home, name="home"),
    path("learn/<slug:slug>/", articles.article_detail, name="article"),
    path("glossary/", glossary.glossary_index, name="glossary"),
    path("glossary/<slug:slug>/", glossary.glossary_term, name="glossary-term"),
    path("admin/", admin.site.urls),
]
