"""Imports of agencies and of officials with their positions (docs/imports.md).

Agencies are matched by name or abbreviation within their parent, officials by name,
positions by official, agency and title; names are compared folded (diacritics, case and
Unicode form ignored), so "Ban Dan van Trung uong" finds "Ban Dân vận Trung ương".
"""

from collections import defaultdict

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.imports import (
    AMBIGUOUS_AGENCY,
    CREATE,
    UNCHANGED,
    UNKNOWN_AGENCY,
    UPDATE,
    Column,
    Importer,
    Line,
    RowError,
    describe_changes,
)
from core.services import record_save
from core.text import fold

from .models import Agency, AgencyKind, Official, Position

AMBIGUOUS_OFFICIAL = _(
    "Several officials are called “%(value)s”: this line cannot tell which one is meant."
)


class AgencyFinder:
    """Agencies by folded name and abbreviation, loaded once per import and kept up to date
    as the import creates agencies."""

    def __init__(self):
        self.by_name: dict[str, list[Agency]] = defaultdict(list)
        for agency in Agency.objects.all():
            self.add(agency)

    def add(self, agency: Agency) -> None:
        for name in {fold(agency.name), fold(agency.short_name)} - {""}:
            if agency not in self.by_name[name]:
                self.by_name[name].append(agency)

    def forget(self, agency: Agency) -> None:
        for found in self.by_name.values():
            if agency in found:
                found.remove(agency)

    def within(self, name: str, parent: Agency | None) -> Agency | None:
        """The agency called ``name`` (or so abbreviated) directly under ``parent``."""
        matches = [
            a
            for a in self.by_name.get(fold(name), [])
            if a.parent_id == getattr(parent, "pk", None)
        ]
        if len(matches) > 1:
            raise RowError(gettext(AMBIGUOUS_AGENCY) % {"value": name})
        return matches[0] if matches else None

    def get(self, name: str) -> Agency:
        """The one agency called ``name`` anywhere; refuses the line otherwise."""
        matches = self.by_name.get(fold(name), [])
        if not matches:
            raise RowError(gettext(UNKNOWN_AGENCY) % {"value": name})
        if len(matches) > 1:
            exact = [a for a in matches if fold(a.name) == fold(name)]
            if len(exact) != 1:
                raise RowError(gettext(AMBIGUOUS_AGENCY) % {"value": name})
            return exact[0]
        return matches[0]


class AgencyImporter(Importer):
    kind = "agencies"
    label = _("Agencies")
    permissions = ("add", "change")
    model = Agency
    columns = [
        Column("name", _("Full name"), required=True, example="Ban Dân vận Trung ương"),
        Column("short_name", _("Abbreviation"), example="BDVTW"),
        Column("kind", _("Kind"), example=str(AgencyKind.PARTY_BODY.label)),
        Column("parent", _("Parent agency"), example=""),
        Column("valid_from", _("In force from"), example="01/01/1930"),
        Column("valid_to", _("In force until"), example=""),
        Column("notes", _("Notes"), example=""),
    ]

    def prepare(self) -> None:
        self.agencies = AgencyFinder()

    def import_row(self, row: dict, line: Line) -> None:
        name = self.text(row, "name", required=True, key_part=True)
        short_name = self.text(row, "short_name")
        parent_name = self.text(row, "parent")
        parent = self.agencies.get(parent_name) if parent_name else None
        self.once((getattr(parent, "pk", None), fold(name)), line.number)
        values = {
            "name": name,
            "short_name": short_name,
            "kind": self.choice(row, "kind", AgencyKind.choices, default=AgencyKind.OTHER),
            "parent": parent,
            "valid_from": self.date(row, "valid_from"),
            "valid_to": self.date(row, "valid_to"),
            "notes": self.text(row, "notes"),
        }
        agency = self.agencies.within(name, parent) or (
            self.agencies.within(short_name, parent) if short_name else None
        )
        line.record = name
        if agency is None:
            agency = Agency(**values)
            line.action = CREATE
        else:
            line.changes = describe_changes(agency, self.for_update(row, values, agency))
            line.action = UPDATE if line.changes else UNCHANGED
        if line.action != UNCHANGED:
            self.allowed(agency)
            self.agencies.forget(agency)
            record_save(agency, user=self.user, reason=self.reason)
            self.agencies.add(agency)


class OfficialImporter(Importer):
    """One line per position: the official (created when new) and, when an agency and a
    title are given, the position held there (dates updated when it exists)."""

    kind = "officials"
    label = _("Officials and positions")
    permissions = ("add", "change")
    model = Official
    columns = [
        Column("full_name", _("Name of the official"), required=True, example="Bùi Thanh Sơn"),
        Column("agency", _("Agency"), example="Bộ Ngoại giao"),
        Column("title", _("Position"), example="Bộ trưởng"),
        Column("start_date", _("Start date"), example="08/04/2021"),
        Column("end_date", _("End date"), example=""),
        Column("notes", _("Notes"), example=""),
    ]

    def prepare(self) -> None:
        self.agencies = AgencyFinder()
        self.officials: dict[str, list[Official]] = defaultdict(list)
        for official in Official.objects.all():
            self.officials[fold(official.full_name)].append(official)

    def import_row(self, row: dict, line: Line) -> None:
        full_name = self.text(row, "full_name", required=True, key_part=True)
        agency_name, title = self.text(row, "agency"), self.text(row, "title")
        if bool(agency_name) != bool(title):
            missing = "title" if agency_name else "agency"
            self.text(row, missing, required=True)
        agency = self.agencies.get(agency_name) if agency_name else None
        start, end = self.date(row, "start_date"), self.date(row, "end_date")
        notes = self.text(row, "notes")
        self.once((fold(full_name), getattr(agency, "pk", None), fold(title)), line.number)
        line.record = f"{full_name} – {title}, {agency}" if agency else full_name
        found = self.officials.get(fold(full_name), [])
        if len(found) > 1:
            raise RowError(gettext(AMBIGUOUS_OFFICIAL) % {"value": full_name})
        changes: list[str] = []
        if found:
            official = found[0]
            if notes and fold(notes) != fold(official.notes):
                changes += describe_changes(official, {"notes": notes})
                if changes:
                    self.allowed(official)
                    record_save(official, user=self.user, reason=self.reason)
            line.action = UNCHANGED
        else:
            official = Official(full_name=full_name, notes=notes)
            self.allowed(official)
            record_save(official, user=self.user, reason=self.reason)
            self.officials[fold(full_name)].append(official)
            line.action = CREATE
        if agency is not None:
            position = next(
                (
                    p
                    for p in official.positions.filter(agency=agency)
                    if fold(p.title) == fold(title)
                ),
                None,
            )
            position_changes = []
            if position is None:
                position = Position(official=official, agency=agency, title=title)
                position_changes.append(f"+ {title}, {agency}")
            position_changes += describe_changes(position, {"start_date": start, "end_date": end})
            if position_changes:
                self.allowed(position)
                record_save(position, user=self.user, reason=self.reason)
            changes += position_changes
        line.changes = changes
        if line.action != CREATE and changes:
            line.action = UPDATE
