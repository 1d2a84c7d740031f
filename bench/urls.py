"""The real site plus one bare view, for bench/bench_server.py only.

Used when IGF_BENCH=1 (igfapp/settings.py); never in production (.dockerignore leaves bench/ out
of the image). The bare view answers with constant bytes — the article page's own bytes, saved by
the benchmark — through the same middleware and server, which is the ceiling a page can reach.
"""

import os
from functools import cache
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from igfapp.urls import urlpatterns as site_patterns


@cache
def _body() -> bytes:
    source = os.environ.get("IGF_BENCH_BODY")
    return Path(source).read_bytes() if source else b"<!doctype html><title>bench</title><p>constant</p>"


def bare(request):
    return HttpResponse(_body(), content_type="text/html; charset=utf-8")


# The site's own patterns at the top level, as in production (an include() would add a level of
# URL resolution to every page but not to the bare view).
urlpatterns = [path("__bench__/bare/", bare, name="bench-bare"), *site_patterns]
