"""django-axes' backend, tolerant of sign-ins without a web request.

The lockout counts failed sign-ins per account and per client address, so it needs the request.
``authenticate()`` called without one (the shell, management commands, the test client's
``login()``) has no address to count: this backend then steps aside and Django's model backend
checks the password as usual. Sign-ins through the site always carry the request.
"""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
