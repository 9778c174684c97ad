"""Who may do what with a record: the one place the API, exports, imports and attachments ask.

Without a row, :func:`may` is the model permission (the role groups of :mod:`core.roles`).
With a row it is ``user.has_perm(permission, row)``, which :class:`core.auth_backends.ScopedBackend`
answers with the scope rule (:mod:`core.scopes`: a staff member writes only where their agency
or one of its units is a party or a lead), so ``may(user, "change", program)``,
``user.has_perm("programs.change_program", program)`` and Django admin agree. Every caller in
``core.api``, ``core.exports``, ``core.imports``, ``attachments`` and the pages follows.
:func:`require` raises the 403 with the reason.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from . import scopes

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"


def permission_name(model: type[models.Model] | models.Model, action: str) -> str:
    """ "programs.change_program" for ``(Program, "change")``; an action that already names a
    permission ("reports.export_report") is that permission."""
    if "." in action:
        return action
    opts = model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def may(
    user: AbstractBaseUser | None,
    action: str,
    model: type[models.Model] | models.Model,
    obj: models.Model | None = None,
) -> bool:
    """Whether ``user`` may ``action`` ("view", "add", "change", "delete") rows of ``model``,
    or the row ``obj`` when given (then the account's scope decides writes too)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if obj is None:
        return user.has_perm(permission_name(model, action))
    return user.has_perm(permission_name(model, action), obj)


NO_ROLE = _(
    "You are signed in, but your role does not allow this page or action. Ask an "
    "administrator if you need it."
)


def reason(
    user: AbstractBaseUser | None,
    action: str,
    model: type[models.Model] | models.Model,
    obj: models.Model | None = None,
) -> str | None:
    """Why :func:`may` says no (the role, or the row out of the account's scope), or None."""
    if may(user, action, model, obj):
        return None
    if obj is not None and user is not None and user.has_perm(permission_name(model, action)):
        return scopes.refusal(user, obj, permission_name(model, action)) or str(NO_ROLE)
    return str(NO_ROLE)


def require(
    user: AbstractBaseUser | None,
    action: str,
    model: type[models.Model] | models.Model,
    obj: models.Model | None = None,
) -> None:
    """Raise ``PermissionDenied`` with the reason (shown on the 403 page) unless :func:`may`."""
    why = reason(user, action, model, obj)
    if why is not None:
        raise PermissionDenied(why)


_ACTIONS = {
    "GET": VIEW,
    "HEAD": VIEW,
    "OPTIONS": VIEW,
    "POST": ADD,
    "PUT": CHANGE,
    "PATCH": CHANGE,
    "DELETE": DELETE,
}


class RecordPermission(permissions.BasePermission):
    """The pages' permissions for the API: reading needs ``view``, creating ``add``, editing
    ``change``, deleting ``delete`` on the view's model (``permission_model``, else the
    queryset's), each asked through :func:`core.access.may` (also with the row, for scoping)."""

    def _model(self, view):
        model = getattr(view, "permission_model", None)
        if model is None and hasattr(view, "get_queryset"):
            model = view.get_queryset().model
        return model

    def _action(self, request, view) -> str:
        return getattr(view, "permission_actions", {}).get(
            request.method, _ACTIONS.get(request.method, CHANGE)
        )

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if getattr(view, "schema_only", False):
            return True
        action = self._action(request, view)
        model = self._model(view)
        if model is None:
            # A view about no model: the API root, which only lists the endpoints.
            return request.method in permissions.SAFE_METHODS
        # Writing implies reading the record.
        return may(request.user, VIEW, model) and may(request.user, action, model)

    def has_object_permission(self, request, view, obj) -> bool:
        action = self._action(request, view)
        why = reason(request.user, action, self._model(view), obj)
        if why is not None and action != VIEW:
            self.message = why  # the API's 403 says why (the row is out of the scope)
        return why is None
