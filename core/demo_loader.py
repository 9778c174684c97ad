"""The generic machinery of the demo data: idempotent upserts, the summary, and
:func:`load_demo`, which runs every installed app's ``demo`` module in ``INSTALLED_APPS`` order
inside one transaction.

An app that has demo data gives it a ``demo`` module (or package) exposing
``load_demo(loader: DemoLoader) -> None``: it upserts its rows with :meth:`DemoLoader.upsert`
by their natural keys, and records the rows higher apps refer to with
:meth:`DemoLoader.remember` (``agencies`` remembers agencies and officials by folded name,
``directives`` directives by identifier key, ``programs`` programs by their ``ref``); a higher
app resolves them with :meth:`DemoLoader.ref` through the lower app's helpers
(``agencies.demo.agency``, ``directives.demo.directive``). Core knows none of the apps.

A row is written only when a value differs from the stored one after the model's own
normalisation, so a second run writes nothing: no new rows, no new history records, no version
bumps. Rows the data no longer lists are left alone (the loader never deletes).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.db import models, transaction
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

from .text import fold, normalize_text

#: The reason recorded in the change history of every row the loader writes.
DEMO_CHANGE_REASON = _("Demo data from the seed articles (load_demo)")
#: Raised for a reference in the data that names nothing (a typo in an app's demo data).
UNKNOWN_REFERENCE = "Demo data: unknown {what} {name!r}."
#: The submodule of an app that holds its demo data and ``load_demo(loader)``.
DEMO_MODULE = "demo"

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class DemoDataError(ValueError):
    """The demo data refers to a record it does not define."""


@dataclass
class ModelCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class LoadSummary:
    """How many rows of each model :func:`load_demo` created, updated or left unchanged."""

    counts: dict[str, ModelCounts] = field(default_factory=dict)

    def record(self, model: type[models.Model], outcome: str) -> None:
        counts = self.counts.setdefault(model._meta.label, ModelCounts())
        setattr(counts, outcome, getattr(counts, outcome) + 1)

    def get(self, model: type[models.Model]) -> ModelCounts:
        return self.counts.get(model._meta.label, ModelCounts())

    @property
    def changed(self) -> bool:
        """Whether the run created or updated anything."""
        return any(c.created or c.updated for c in self.counts.values())

    def lines(self) -> list[str]:
        """One line per model: "agencies.Agency: 38 created, 0 updated, 0 unchanged"."""
        return [
            f"{label}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged"
            for label, c in self.counts.items()
        ]


def find_by_text(queryset: models.QuerySet, field_name: str, value: str):
    """The row of ``queryset`` whose ``field_name`` folds like ``value`` (an exact match of the
    normalised text first), or None."""
    wanted = normalize_text(value)
    candidates = list(queryset)
    for row in candidates:
        if getattr(row, field_name) == wanted:
            return row
    key = fold(wanted)
    return next((row for row in candidates if fold(getattr(row, field_name)) == key), None)


class DemoLoader:
    """What the apps' ``load_demo`` share during one run: the summary, the rows loaded so far
    (for references between apps) and the idempotent :meth:`upsert`."""

    def __init__(self) -> None:
        self.summary = LoadSummary()
        self.reason = str(DEMO_CHANGE_REASON)
        self._rows: dict[str, dict[str, models.Model]] = {}

    # -- references -------------------------------------------------------------------------

    def remember(self, what: str, key: str, row: models.Model) -> models.Model:
        """Record ``row`` as the ``what`` ("agency", "directive"…) known by ``key``."""
        self._rows.setdefault(what, {})[key] = row
        return row

    def ref(self, what: str, key: str, name: str):
        """The ``what`` remembered under ``key``; :class:`DemoDataError` naming ``name`` (as the
        data wrote it) when there is none."""
        try:
            return self._rows[what][key]
        except KeyError:
            raise DemoDataError(UNKNOWN_REFERENCE.format(what=what, name=name)) from None

    # -- writing ----------------------------------------------------------------------------

    def upsert(
        self,
        model: type[models.Model],
        existing: models.Model | None,
        values: dict,
        m2m: dict[str, Iterable[models.Model]] | None = None,
    ) -> models.Model:
        """Create a row from ``values`` (and its many-to-many ``m2m``) or bring ``existing`` in
        line with them, writing (and recording history) only what differs after
        normalisation."""
        m2m = {name: list(items) for name, items in (m2m or {}).items()}
        if existing is None:
            obj = model(**values)
            self._save(obj)
            if filled := {name: items for name, items in m2m.items() if items}:
                self._set_m2m(obj, filled)
                self._save(obj)  # one history record for all the relations
            self.summary.record(model, CREATED)
            return obj

        obj = existing
        attnames = {name: model._meta.get_field(name).attname for name in values}
        before = {name: getattr(obj, attname) for name, attname in attnames.items()}
        for name, value in values.items():
            setattr(obj, name, value)
        if hasattr(obj, "normalize"):
            obj.normalize()
        fields_changed = any(getattr(obj, attnames[name]) != before[name] for name in values)
        stale_m2m = {
            name: items
            for name, items in m2m.items()
            if set(getattr(obj, name).values_list("pk", flat=True)) != {i.pk for i in items}
        }
        if not fields_changed and not stale_m2m:
            self.summary.record(model, UNCHANGED)
            return obj
        self._set_m2m(obj, stale_m2m)
        self._save(obj)  # one history record for the fields and the relations together
        self.summary.record(model, UPDATED)
        return obj

    def _save(self, obj: models.Model) -> None:
        obj.full_clean()
        obj._change_reason = self.reason
        obj.save()

    @staticmethod
    def _set_m2m(obj: models.Model, m2m: dict[str, list[models.Model]]) -> None:
        """Set many-to-many relations without a history record per relation: the save that
        follows records them all at once."""
        obj.skip_history_when_saving = True
        try:
            for name, items in m2m.items():
                getattr(obj, name).set(items)
        finally:
            del obj.skip_history_when_saving


def demo_modules() -> list:
    """The ``demo`` module of every installed app that has one, in ``INSTALLED_APPS`` order."""
    return [
        import_module(f"{config.name}.{DEMO_MODULE}")
        for config in apps.get_app_configs()
        if module_has_submodule(config.module, DEMO_MODULE)
    ]


def load_demo() -> LoadSummary:
    """Run every installed app's ``demo.load_demo(loader)``, in ``INSTALLED_APPS`` order (lower
    layers first, so references resolve), in one transaction.

    Idempotent: a second run creates and updates nothing. Every row written gets
    :data:`DEMO_CHANGE_REASON` in its history. Raises :class:`DemoDataError` when the data
    refers to a record it does not define, and ``ValidationError`` when a row breaks a model
    rule; either way nothing is written.
    """
    loader = DemoLoader()
    with transaction.atomic():
        for module in demo_modules():
            module.load_demo(loader)
    return loader.summary
