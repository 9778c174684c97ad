"""No silent overwrite: optimistic locking on :class:`core.models.VersionedModel` rows.

A form carries the ``version`` of the row it was opened at. Saving calls :func:`claim_version`
inside the save transaction: it locks the row (``SELECT … FOR UPDATE``), compares its current
version with the one the form was opened at and, when they agree, moves the instance to the next
version so the save that follows records it. When someone saved in between, it raises
:class:`EditConflict`, which lists what changed meanwhile (field, the value they saved, by whom,
when), read from the django-simple-history records written since that version. The view keeps the
second person's input on the form, shows the list, and hands the form the current version, so a
second, deliberate save goes through.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .history import describe_changes

VERSION_CONFLICT = _(
    "Someone else saved this record after you opened it, so your changes were not saved. "
    "Your input is kept below: check what changed meanwhile, then save again."
)
#: How many history records a conflict message reads at most (keeps the queries bounded).
MAX_CONFLICT_RECORDS = 30


@dataclass(frozen=True)
class ConflictChange:
    """One field someone else changed after the form was opened."""

    record: str
    field: str
    label: str
    value: object
    user: object
    when: datetime


@dataclass
class EditConflict(Exception):
    """Raised when a row was saved by someone else after the form was opened at ``expected``."""

    model_label: str
    expected: int
    current: int
    changes: list[ConflictChange] = field(default_factory=list)

    def __str__(self) -> str:
        return str(VERSION_CONFLICT)


def _record_changes(record, previous, *, label: str) -> list[ConflictChange]:
    """The field changes ``record`` made over ``previous`` (``previous`` None: a creation).

    A save that changed no field still gives one line (who saved, when, and the reason if
    any), so the list always says who saved meanwhile.
    """
    who, when = record.history_user, record.history_date
    if previous is None or record.history_type != "~":
        action = {"+": _("created"), "-": _("deleted")}.get(record.history_type, "")
        return [ConflictChange(label, "", "", action, who, when)]
    result = [
        ConflictChange(label, change.field, change.label, change.new, who, when)
        for change in describe_changes([(record, previous)])[0]
    ]
    if not result and getattr(record, "version", None) != getattr(previous, "version", None):
        note = record.history_change_reason or _("saved without changing these fields")
        result.append(ConflictChange(label, "", "", note, who, when))
    return result


def changes_since(instance, version: int, *, children: Iterable = ()) -> list[ConflictChange]:
    """What was saved to ``instance`` after ``version``, oldest first.

    ``children`` are querysets of historical records of dependent rows (a program's tasks) to
    include; only their records written with or after the first save past ``version`` count.
    """
    history = instance.history.select_related("history_user")
    base = history.filter(version__lte=version).order_by("-history_date", "-history_id").first()
    later = list(
        history.filter(version__gt=version).order_by("history_date", "history_id")[
            :MAX_CONFLICT_RECORDS
        ]
    )
    changes: list[ConflictChange] = []
    previous = base
    for record in later:
        changes.extend(_record_changes(record, previous, label=str(instance)))
        previous = record
    # Rows that belong to the record (a program's tasks) are saved in the same transaction as
    # the record, just after it: their changes since the first later save are the ones made
    # meanwhile.
    since = later[0].history_date if later else None
    for child_records in children if since is not None else ():
        records = (
            child_records.select_related("history_user")
            .filter(history_date__gte=since)
            .order_by("history_date", "history_id")
        )
        for record in records[:MAX_CONFLICT_RECORDS]:
            label = f"{record.instance_type._meta.verbose_name}: {record.instance}"
            changes.extend(_record_changes(record, record.prev_record, label=label))
    return [change for change in changes if change.field or change.value]


def claim_version(instance, *, expected: int | None, children: Iterable = ()) -> None:
    """Lock ``instance``'s row and check it is still at ``expected``, or raise
    :class:`EditConflict` listing what changed since (``children``: see :func:`changes_since`).

    Call inside ``transaction.atomic`` before saving: the row stays locked until the
    transaction ends, and the instance's next ``save()`` writes ``expected + 1`` only if the
    row is still at ``expected`` (:class:`core.models.VersionedModel`), so the check and the
    write cannot be split by another save. ``instance.version`` becomes the version that save
    will write. A new row (no pk) starts at version 1. ``expected`` None skips the comparison
    (a write that did not come from a form): the save then expects the current version.
    """
    if instance.pk is None:
        instance.version = 1
        return
    model = type(instance)
    current = (
        model._default_manager.select_for_update()
        .filter(pk=instance.pk)
        .values_list("version", flat=True)
        .get()
    )
    if expected is not None and current != expected:
        raise EditConflict(
            model_label=str(model._meta.verbose_name),
            expected=expected,
            current=current,
            changes=changes_since(instance, expected, children=children),
        )
    instance._opened_version = current
    instance.version = current + 1


def stale_save(instance, *, expected: int, current: int) -> EditConflict:
    """The conflict a save of ``instance`` opened at ``expected`` meets when the row is at
    ``current`` (raised by :meth:`core.models.VersionedModel.save`)."""
    return EditConflict(
        model_label=str(type(instance)._meta.verbose_name),
        expected=expected,
        current=current,
        changes=changes_since(instance, expected),
    )


class VersionedFormMixin(forms.Form):
    """A model form that carries the version it was opened at in a hidden ``version`` field.

    On conflict the view calls :meth:`add_conflict`: the form keeps the user's input, shows
    :data:`VERSION_CONFLICT` with the list of changes, and now carries the current version.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.fields["version"].initial = instance.version
        self.conflict: EditConflict | None = None

    @property
    def opened_version(self) -> int | None:
        if not self.is_bound:
            return None
        return self.cleaned_data.get("version") if hasattr(self, "cleaned_data") else None

    def non_conflict_errors(self) -> list:
        """The form's non-field errors other than the conflict notice (shown on its own)."""
        return [error for error in self.non_field_errors() if str(error) != str(VERSION_CONFLICT)]

    def has_field_errors(self) -> bool:
        return any(name != "__all__" for name in self.errors)

    def add_conflict(self, conflict: EditConflict) -> None:
        self.conflict = conflict
        self.add_error(None, ValidationError(VERSION_CONFLICT, code="conflict"))
        data = self.data.copy()
        data[self.add_prefix("version")] = str(conflict.current)
        self.data = data
