"""Reading change history (django-simple-history) as "who changed which fields from what to
what, when, and why", for the history tab of every record.

A record's tab can also show the history of the rows that belong to it (a program's
signatories, tasks and progress updates): pass their historical querysets as ``related``.
The number of queries does not grow with the number of entries: records, their previous
versions and the names of related objects are each read in bulk.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
HIDDEN_FIELDS = {"search_key", "identifier_key", "version", "order"}
_SUBJECT_FIELDS = ("title", "full_name", "name")
_TIMESTAMPS = (models.DateTimeField,)


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
    subject: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    #: A related row's creation: ``changes`` hold the values it was created with.
    created: bool = False


class _Names:
    """Display names of related objects, fetched once per related model."""

    def __init__(self) -> None:
        self.wanted: dict[type, set] = defaultdict(set)
        self.names: dict[tuple[type, object], str] = {}

    def want(self, model: type, pk) -> None:
        if pk is not None:
            self.wanted[model].add(pk)

    def fetch(self) -> None:
        for model, pks in self.wanted.items():
            for obj in model._default_manager.filter(pk__in=pks):
                self.names[(model, obj.pk)] = str(obj)

    def get(self, model: type, pk) -> object:
        return self.names.get((model, pk), pk)


def _raw_changes(record, previous) -> list:
    """Changes of the record's own columns (many-to-many fields are compared in bulk)."""
    if previous is None or record.history_type != "~":
        return []
    m2m = [f.name for f in getattr(record, "_history_m2m_fields", [])]
    delta = record.diff_against(previous, excluded_fields=m2m, foreign_keys_are_objs=False)
    return [change for change in delta.changes if change.field not in HIDDEN_FIELDS]


@dataclass
class _M2MChange:
    field: str
    old: list
    new: list


def _m2m_changes(records: list, previous: dict) -> dict:
    """Many-to-many changes of each record against its previous version: one query per
    historical model and field, whatever the number of records."""
    changes: dict = defaultdict(list)
    by_model: dict[type, list] = defaultdict(list)
    for record in records:
        prior = previous.get((type(record), record.history_id))
        if prior is not None and record.history_type == "~":
            by_model[type(record)].append((record, prior))
    for model, pairs in by_model.items():
        for model_field in getattr(model, "_history_m2m_fields", []):
            through = getattr(pairs[0][0], model_field.name).model
            target = model_field.m2m_reverse_field_name()
            history_ids = {r.history_id for pair in pairs for r in pair}
            members: dict = defaultdict(set)
            rows = through.objects.filter(history_id__in=history_ids).values_list(
                "history_id", f"{target}_id"
            )
            for history_id, pk in rows:
                members[history_id].add(pk)
            for record, prior in pairs:
                old, new = members[prior.history_id], members[record.history_id]
                if old != new:
                    changes[(model, record.history_id)].append(
                        _M2MChange(model_field.name, sorted(old), sorted(new))
                    )
    return changes


def _previous_records(records: list) -> dict:
    """Each record's previous version, read with one query per historical model."""
    by_model: dict[type, set] = defaultdict(set)
    for record in records:
        by_model[type(record)].add(record.id)
    previous = {}
    for model, ids in by_model.items():
        versions = model.objects.filter(id__in=ids).order_by("id", "history_date", "history_id")
        last: dict = {}
        for version in versions:
            previous[(model, version.history_id)] = last.get(version.id)
            last[version.id] = version
    return previous


def describe_changes(pairs: list[tuple], *, initial: frozenset = frozenset(), parent=None) -> list:
    """For each ``(record, previous)`` pair of historical records, the list of
    :class:`FieldChange` the record made over ``previous`` (none for a creation), with choice
    labels and related objects' names. Records whose ``(type, history_id)`` is in ``initial``
    instead list the values they were created with (but for their link to ``parent``, the record
    whose tab lists them). Reads many-to-many rows and names in bulk."""
    previous = {(type(r), r.history_id): prior for r, prior in pairs}
    records = [r for r, _prior in pairs]
    m2m_changes = _m2m_changes(records, previous)
    names = _Names()
    planned = []
    for record, prior in pairs:
        changes = _raw_changes(record, prior) + m2m_changes[(type(record), record.history_id)]
        if (type(record), record.history_id) in initial:
            changes = _initial_values(record, parent)
        opts = record.instance_type._meta
        for change in changes:
            model_field = opts.get_field(change.field)
            if model_field.many_to_many:
                for pk in [*change.old, *change.new]:
                    names.want(model_field.related_model, pk)
            elif model_field.is_relation:
                names.want(model_field.related_model, change.old)
                names.want(model_field.related_model, change.new)
        planned.append((record, changes))
    names.fetch()
    described = []
    for record, changes in planned:
        opts = record.instance_type._meta
        field_changes = []
        for change in changes:
            model_field = opts.get_field(change.field)
            old = _display(model_field, change.old, names)
            new = _display(model_field, change.new, names)
            field_changes.append(FieldChange(change.field, str(model_field.verbose_name), old, new))
        described.append(field_changes)
    return described


def history_entries(
    obj, *, related: Iterable[QuerySet] = (), limit: int = 50
) -> list[HistoryEntry]:
    """The history of ``obj`` and of the ``related`` historical querysets, newest first, each
    entry with its field changes against the previous version (a creation lists none; a
    related row's creation lists what it was created with)."""
    sources = [obj.history.all(), *related]
    records = []
    for source in sources:
        records += list(
            source.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
        )
    records.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)
    records = records[:limit]
    previous = _previous_records(records)
    pairs = [(record, previous.get((type(record), record.history_id))) for record in records]
    initial = frozenset(
        (type(r), r.history_id) for r in records if r.history_type == "+" and _is_related(r, obj)
    )
    return [
        HistoryEntry(
            when=record.history_date,
            user=record.history_user,
            action=str(ACTIONS.get(record.history_type, record.history_type)),
            reason=record.history_change_reason or "",
            subject=_subject(record, obj),
            changes=changes,
            created=(type(record), record.history_id) in initial,
        )
        for (record, _prior), changes in zip(
            pairs, describe_changes(pairs, initial=initial, parent=obj), strict=True
        )
    ]


def _display(model_field, value, names: _Names):
    """A value as a person reads it: choice labels, related objects' names, lists joined."""
    if model_field.many_to_many:
        return ", ".join(str(names.get(model_field.related_model, pk)) for pk in value)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if model_field.is_relation:
        return names.get(model_field.related_model, value) if value is not None else None
    return value


@dataclass
class _Initial:
    field: str
    old: object
    new: object


def _is_related(record, obj) -> bool:
    return not (record.instance_type is type(obj) and record.id == obj.pk)


def _initial_values(record, parent=None) -> list:
    """What a related row was created with (a progress update's date, progress and note), shown
    as changes from nothing, so its creation says more than "created"."""
    values = []
    for model_field in record.instance_type._meta.concrete_fields:
        if model_field.primary_key or model_field.name in HIDDEN_FIELDS:
            continue
        if model_field.name in _SUBJECT_FIELDS or isinstance(model_field, _TIMESTAMPS):
            continue
        value = getattr(record, model_field.attname, None)
        points_back = parent is not None and model_field.is_relation and value == parent.pk
        if points_back and isinstance(parent, model_field.related_model):
            continue
        if value not in (None, ""):
            values.append(_Initial(model_field.name, None, value))
    return values


def _subject(record, obj) -> str:
    """What an entry is about when it is not ``obj`` itself: "task: Tổ chức đoàn …"."""
    if not _is_related(record, obj):
        return ""
    label = str(record.instance_type._meta.verbose_name)
    for name in _SUBJECT_FIELDS:
        if value := getattr(record, name, ""):
            return f"{label}: {value}"
    return label
