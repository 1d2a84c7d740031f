"""Login throttling: django-axes in front of Django's own ModelBackend.

Axes refuses `authenticate()` calls that carry no request. Web logins (the admin login form)
always carry one; calls without a request come from code (tests' `Client.login`, shell sessions)
and are not something to throttle, so they pass straight to the next backend.
"""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
