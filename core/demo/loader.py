"""Writing the demo data (:mod:`core.demo.data`) into the database, idempotently.

:func:`load_demo` upserts every record by its natural key, in one transaction:

- agency by name, official by full name, position by (official, agency, title) — names and
  titles compared by their folded key, so "Uỷ ban" finds "Ủy ban";
- directive by (identifier key, date of issue); directive link by (source, kind, target);
- program by (identifier key, signing date), or by title when it has no identifier;
  signatory by (program, agency);
- task by (program, title); review meeting by (date, title).

A row is written only when a value differs from the stored one after the model's own
normalisation, so a second run writes nothing: no new rows, no new history records, no version
bumps. Rows the data no longer lists are left alone (the loader never deletes).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Official, Position
from core.identifiers import parse_identifier
from core.text import fold, normalize_text
from directives.models import Directive, DirectiveLink
from programs.models import Program, ReviewMeeting, Signatory, Task

from . import data as demo_data

#: The reason recorded in the change history of every row the loader writes.
DEMO_CHANGE_REASON = _("Demo data from the seed articles (load_demo)")
#: Raised for a reference in the data that names nothing (a typo in data.py).
UNKNOWN_REFERENCE = "Demo data: unknown {what} {name!r}."

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


def _find_by_text(queryset: models.QuerySet, field_name: str, value: str):
    """The row of ``queryset`` whose ``field_name`` folds like ``value`` (an exact match of the
    normalised text first), or None."""
    wanted = normalize_text(value)
    candidates = list(queryset)
    for row in candidates:
        if getattr(row, field_name) == wanted:
            return row
    key = fold(wanted)
    return next((row for row in candidates if fold(getattr(row, field_name)) == key), None)


class _Loader:
    def __init__(self) -> None:
        self.summary = LoadSummary()
        self.reason = str(DEMO_CHANGE_REASON)
        self.agencies: dict[str, Agency] = {}
        self.officials: dict[str, Official] = {}
        self.directives: dict[str, Directive] = {}
        self.programs: dict[str, Program] = {}

    # -- references -------------------------------------------------------------------------

    @staticmethod
    def _ref(mapping: dict, key: str, what: str, name: str):
        try:
            return mapping[key]
        except KeyError:
            raise DemoDataError(UNKNOWN_REFERENCE.format(what=what, name=name)) from None

    def agency(self, name: str | None) -> Agency | None:
        return None if name is None else self._ref(self.agencies, fold(name), "agency", name)

    def official(self, name: str | None) -> Official | None:
        return None if name is None else self._ref(self.officials, fold(name), "official", name)

    def directive(self, identifier: str) -> Directive:
        key = parse_identifier(identifier).key
        return self._ref(self.directives, key, "directive", identifier)

    def program(self, ref: str) -> Program:
        return self._ref(self.programs, ref, "program", ref)

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

    # -- the records ------------------------------------------------------------------------

    def load_agencies(self, rows: list[dict]) -> None:
        for row in rows:
            name = normalize_text(row["name"])
            existing = _find_by_text(
                Agency.objects.filter(search_key__startswith=fold(name)), "name", name
            )
            values = {
                "name": name,
                "short_name": row.get("short_name", ""),
                "kind": row.get("kind", "other"),
                "parent": self.agency(row.get("parent")),
                "successor": self.agency(row.get("successor")),
                "valid_from": row.get("valid_from"),
                "valid_to": row.get("valid_to"),
                "notes": row.get("notes", ""),
            }
            self.agencies[fold(name)] = self.upsert(Agency, existing, values)

    def load_officials(self, rows: list[dict]) -> None:
        for row in rows:
            full_name = normalize_text(row["full_name"])
            existing = _find_by_text(
                Official.objects.filter(search_key=fold(full_name)), "full_name", full_name
            )
            official = self.upsert(
                Official, existing, {"full_name": full_name, "notes": row.get("notes", "")}
            )
            self.officials[fold(full_name)] = official
            orders: dict[int, int] = {}
            for position in row.get("positions", []):
                agency = self.agency(position["agency"])
                order = orders[agency.pk] = orders.get(agency.pk, -1) + 1
                existing = _find_by_text(
                    Position.objects.filter(official=official, agency=agency),
                    "title",
                    position["title"],
                )
                values = {
                    "official": official,
                    "agency": agency,
                    "title": position["title"],
                    "start_date": position.get("start_date"),
                    "end_date": position.get("end_date"),
                    "order": order,
                }
                self.upsert(Position, existing, values)

    def load_directives(self, rows: list[dict]) -> None:
        for row in rows:
            parsed = parse_identifier(row["identifier"])
            issued_on = row.get("issued_on")
            existing = Directive.objects.filter(
                identifier_key=parsed.key, issued_on=issued_on
            ).first()
            values = {
                "identifier": row["identifier"],
                "type_name": row.get("type_name", ""),
                "issuing_body": self.agency(row.get("issuing_body")),
                "issued_on": issued_on,
                "title": row.get("title", ""),
                "summary": row.get("summary", ""),
                "status": row.get("status", "in_force"),
            }
            self.directives[parsed.key] = self.upsert(Directive, existing, values)

    def load_directive_links(self, rows: list[tuple[str, str, str]]) -> None:
        for source_id, kind, target_id in rows:
            source, target = self.directive(source_id), self.directive(target_id)
            existing = DirectiveLink.objects.filter(source=source, kind=kind, target=target).first()
            self.upsert(DirectiveLink, existing, {"source": source, "kind": kind, "target": target})

    def load_programs(self, rows: list[dict]) -> None:
        for row in rows:
            identifier = row.get("identifier", "")
            signed_on = row.get("signed_on")
            if identifier:
                key = parse_identifier(identifier).key
                existing = Program.objects.filter(identifier_key=key, signed_on=signed_on).first()
            else:
                title = normalize_text(row["title"])
                existing = _find_by_text(
                    Program.objects.filter(identifier_key="", search_key=fold(title)),
                    "title",
                    title,
                )
            values = {
                "identifier": identifier,
                "kind": row.get("kind", "coordination"),
                "title": row["title"],
                "signed_on": signed_on,
                "period_start": row.get("period_start"),
                "period_end": row.get("period_end"),
                "status": row.get("status", "in_force"),
                "summary": row.get("summary", ""),
                "predecessor": self.program(row["predecessor"]) if row.get("predecessor") else None,
            }
            based_on = [self.directive(ident) for ident in row.get("based_on", [])]
            program = self.upsert(Program, existing, values, {"based_on": based_on})
            self.programs[row["ref"]] = program
            self.load_signatories(program, row.get("signatories", []))
            self.load_tasks(program, row.get("tasks", []))

    def load_signatories(self, program: Program, rows: list[dict]) -> None:
        for order, row in enumerate(rows):
            agency, official = self.agency(row["agency"]), self.official(row.get("official"))
            title = row.get("title")
            if title is None:
                title = (
                    official.title_on(agency, program.signed_on)
                    if official is not None and program.signed_on is not None
                    else ""
                )
            existing = Signatory.objects.filter(program=program, agency=agency).first()
            values = {
                "program": program,
                "agency": agency,
                "official": official,
                "title": title,
                "order": order,
            }
            self.upsert(Signatory, existing, values)

    def load_tasks(self, program: Program, rows: list[dict]) -> None:
        for order, row in enumerate(rows, start=1):
            title = normalize_text(row["title"])
            existing = _find_by_text(
                Task.objects.filter(program=program, search_key=fold(title)), "title", title
            )
            values = {
                "program": program,
                "title": title,
                "description": row.get("description", ""),
                "lead_agency": self.agency(row.get("lead_agency")),
                "due_on": row.get("due_on"),
                "recurrence": row.get("recurrence", ""),
                "status": row.get("status", "not_started"),
                "progress": row.get("progress", 0),
                "order": order,
            }
            coordinating = [self.agency(name) for name in row.get("coordinating_agencies", [])]
            self.upsert(Task, existing, values, {"coordinating_agencies": coordinating})

    def load_meetings(self, rows: list[dict]) -> None:
        for row in rows:
            held_on: datetime.date = row["held_on"]
            existing = _find_by_text(
                ReviewMeeting.objects.filter(held_on=held_on), "title", row["title"]
            )
            values = {
                "kind": row["kind"],
                "title": row["title"],
                "held_on": held_on,
                "place": row.get("place", ""),
                "format": row.get("format", "in_person"),
                "connection_points": row.get("connection_points"),
                "reviewed_from": row.get("reviewed_from"),
                "reviewed_to": row.get("reviewed_to"),
                "conclusions": row.get("conclusions", ""),
                "approved_report": row.get("approved_report", ""),
            }
            m2m = {
                "programs": [self.program(ref) for ref in row.get("programs", [])],
                "directives": [self.directive(ident) for ident in row.get("directives", [])],
                "chairs": [self.official(name) for name in row.get("chairs", [])],
                "participants": [self.agency(name) for name in row.get("participants", [])],
                "signed_programs": [self.program(ref) for ref in row.get("signed_programs", [])],
            }
            self.upsert(ReviewMeeting, existing, values, m2m)


def load_demo() -> LoadSummary:
    """Upsert the seed articles' agencies, officials and positions, directives and their links,
    programs with their signatories and tasks, and review meetings, in one transaction.

    Idempotent: a second run creates and updates nothing (see the module docstring for the
    natural keys). Every row written gets :data:`DEMO_CHANGE_REASON` in its history. Raises
    :class:`DemoDataError` when the data refers to a record it does not define, and
    ``ValidationError`` when a row breaks a model rule; either way nothing is written.
    """
    loader = _Loader()
    with transaction.atomic():
        loader.load_agencies(demo_data.AGENCIES)
        loader.load_officials(demo_data.OFFICIALS)
        loader.load_directives(demo_data.DIRECTIVES)
        loader.load_directive_links(demo_data.DIRECTIVE_LINKS)
        loader.load_programs(demo_data.PROGRAMS)
        loader.load_meetings(demo_data.MEETINGS)
    return loader.summary
