"""Throttling: logins (django-axes in front of Django's own ModelBackend) and readers' reports.

Axes refuses `authenticate()` calls that carry no request. Web logins (the admin login form)
always carry one; calls without a request come from code (tests' `Client.login`, shell sessions)
and are not something to throttle, so they pass straight to the next backend.

A reader's report (problem_reports.py) is limited per network address, the address found the way
axes finds it for logins (`axes.helpers.get_client_ip_address`, so both limits see the same
client behind the same proxy). The address itself is never stored: only `sender_key`, a keyed
one-way hash of it, kept with a report for the limit's window and then cleared.
"""

import hashlib
import hmac

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_ip_address
from django.conf import settings


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def sender_key(request) -> str:
    """A keyed hash of the request's network address: the same for the same address, and no way back."""
    address = get_client_ip_address(request) or ""
    key = hashlib.sha256(f"report-sender:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, address.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
