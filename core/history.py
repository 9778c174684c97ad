"""Reading change history (django-simple-history) as "who changed which fields from what to
what, when, and why", for the history tab of every record."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
HIDDEN_FIELDS = {"search_key", "identifier_key", "version"}


@dataclass
class FieldChange:
    field: str
    label: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    when: datetime
    user: object
    action: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _display(record, name: str):
    """A field's value as a person reads it: choice labels, related objects' names."""
    model_field = record.instance_type._meta.get_field(name)
    value = getattr(record, model_field.attname, None)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if model_field.is_relation and value is not None:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return related if related is not None else value
    return value


def history_entries(obj, *, limit: int = 50) -> list[HistoryEntry]:
    """The history of ``obj``, newest first, each entry with its field changes against the
    previous record (a creation lists no changes)."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                model_field = obj._meta.get_field(change.field)
                if model_field.many_to_many:
                    old, new = change.old, change.new
                else:
                    old, new = _display(previous, change.field), _display(record, change.field)
                changes.append(FieldChange(change.field, str(model_field.verbose_name), old, new))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                user=record.history_user,
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
