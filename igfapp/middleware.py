"""Security headers that Django's SecurityMiddleware does not set."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def permissions_policy(features: dict[str, list[str]]) -> str:
    """`{"camera": []}` → `camera=()`; `{"fullscreen": ["self"]}` → `fullscreen=(self)`."""
    return ", ".join(f"{name}=({' '.join(origins)})" for name, origins in features.items())


class SecurityHeadersMiddleware:
    """Adds `Permissions-Policy` and `Cross-Origin-Resource-Policy` to every response.

    A reading site needs no camera, microphone, location, payment, USB and so on: every powerful
    feature is switched off for the page and anything it might embed. The feature list is
    `settings.PERMISSIONS_POLICY`; only names Chromium recognises are used, because an unknown one
    makes the browser log a console error on every page.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        # Other sites may link to our pages but not embed our responses (e.g. as <img> or <script>).
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
