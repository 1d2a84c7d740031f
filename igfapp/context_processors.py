from django.conf import settings

from .models import Article


def site(request):
    """Navigation and the reader's chosen depth, available to every template."""
    return {
        "nav_articles": Article.objects.visible_to(getattr(request, "user", None)).only("slug", "title", "order"),
        "chosen_depth": request.COOKIES.get(settings.DEPTH_COOKIE, ""),
    }
