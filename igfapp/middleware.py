"""Security headers that Django's SecurityMiddleware does not set; odd bytes kept out of the admin."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import reverse


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


class AdminOddInputMiddleware:
    """Query values no editor can mean are a 400 in the admin, before any view runs.

    - a NUL byte anywhere: the admin's list filters, search and sorting pass query values straight
      to the database, and PostgreSQL refuses NUL in text (a DataError, so a 500) where SQLite answers;
    - a date-hierarchy part (`…__year`, `…__month`, `…__day`) that is not a short number: Django
      builds a datetime from it and lets the OverflowError of a huge one through (a 500).
    Posted form fields need nothing here: Django's form fields already refuse NUL
    (ProhibitNullCharactersValidator). Readers' pages answer odd queries with a normal page.
    """

    DATE_PARTS = ("__year", "__month", "__day")

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = reverse("admin:index")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(self.prefix) and any(
            self.odd(key, value) for key, values in request.GET.lists() for value in values or [""]
        ):
            return HttpResponseBadRequest("This address holds a value the admin cannot use.", content_type="text/plain")
        return self.get_response(request)

    def odd(self, key: str, value: str) -> bool:
        if "\x00" in key or "\x00" in value:
            return True
        return key.endswith(self.DATE_PARTS) and not (value.isascii() and value.isdigit() and len(value) <= 4)
