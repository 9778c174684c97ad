"""API pieces the REST framework settings name (kept apart from :mod:`core.api`, which imports
the framework's views: the settings are read while those load)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination, status
from rest_framework.response import Response

from .concurrency import EditConflict

PROTECTED = _("This record is still used by other records and cannot be deleted.")
INTEGRITY = _("The data conflicts with a rule of the database: %(error)s")


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


def _conflict_body(conflict: EditConflict) -> dict:
    return {
        "detail": str(conflict),
        "code": "conflict",
        "model": conflict.model_label,
        "expected_version": conflict.expected,
        "current_version": conflict.current,
        "changes": [
            {
                "record": str(change.record),
                "field": change.field,
                "label": str(change.label),
                "value": "" if change.value is None else str(change.value),
                "user": str(change.user) if change.user else "",
                "when": change.when.isoformat() if change.when else None,
            }
            for change in conflict.changes
        ],
    }


def exception_handler(exc, context):
    """DRF's handler, plus the model-level errors the services raise."""
    if isinstance(exc, EditConflict):
        return Response(_conflict_body(exc), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ProtectedError | RestrictedError):
        return Response({"detail": str(PROTECTED)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, IntegrityError):
        return Response(
            {"detail": str(INTEGRITY) % {"error": str(exc).splitlines()[0][:200]}},
            status=status.HTTP_400_BAD_REQUEST,
        )
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)
