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


class ScopedBackend:
    """Answers permission questions about one row (``user.has_perm(perm, obj)``) with the
    scope rule of :mod:`core.scopes`: the model permission (Django's model backend) and, for a
    write on a scoped model, the row in the account's scope. Questions without a row are left
    to the model backend (Django's ``ModelBackend`` answers False to any question with a row,
    so this backend alone decides those)."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        if obj is None or not user_obj.is_active:
            return False
        from . import scopes

        if not user_obj.has_perm(perm):  # the role, asked without the row
            return False
        return scopes.refusal(user_obj, obj, perm) is None
