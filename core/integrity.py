"""Concurrent duplicates: the database constraint is the last word, and its refusal reads like
the form's own.

Two people who create the same record at the same moment both pass validation (neither row is
there yet); the second insert then hits the unique constraint and raises ``IntegrityError``.
:func:`as_validation_error` re-runs the model validation once the first row is committed, so the
second person gets the message a sequential duplicate gets, on the form, with nothing saved.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _

CONCURRENT_WRITE = _(
    "Someone saved the same record at the same moment, so your changes were not saved. "
    "Your input is kept: check the record, then save again if it is still needed."
)


def as_validation_error(error: IntegrityError, *instances) -> ValidationError:
    """The ``ValidationError`` that validating ``instances`` now gives (the committed winner is
    visible), or :data:`CONCURRENT_WRITE` when none of them explains ``error``. Call it after the
    transaction that raised ``error`` has been rolled back."""
    for instance in instances:
        if instance is None:
            continue
        try:
            instance.validate_unique()
            instance.validate_constraints()
        except ValidationError as found:
            return found
    return ValidationError(CONCURRENT_WRITE, code="concurrent_write")
