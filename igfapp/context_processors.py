from .models import Article


def site(request):
    """Navigation, available to every template. Nothing from the reader's cookies: pages are the
    same for every reader (their preferences live in the browser, static/js/prefs.js)."""
    return {
        "nav_articles": Article.objects.visible_to(getattr(request, "user", None)).only("slug", "title", "order"),
    }
