"""Who may do what with a record: the one place the API, exports, imports and attachments ask.

Today :func:`may` delegates to Django's model permissions (the role groups of
:mod:`core.roles`). Scoped permissions (a staff member writes only where their agency is a party
or the lead) plug in here: give :func:`may` the object and decide on it, and every caller in
``core.api``, ``core.exports``, ``core.imports`` and ``attachments`` follows.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from rest_framework import permissions

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
    or the row ``obj`` when given (the hook for scoped permissions)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.has_perm(permission_name(model, action))


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
        return getattr(view, "permission_model", None) or view.get_queryset().model

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
        # Writing implies reading the record.
        return may(request.user, VIEW, model) and may(request.user, action, model)

    def has_object_permission(self, request, view, obj) -> bool:
        return may(request.user, self._action(request, view), self._model(view), obj)
