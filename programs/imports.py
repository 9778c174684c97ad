"""Imports of programs (with their signing parties) and of their tasks (docs/imports.md).

A program is matched by its identifier and signing date (the identifier alone is not unique),
or by its title when it has no identifier; a task by its program and title. Identifiers are
read in any common spelling and stored canonically (:mod:`core.identifiers`).
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.imports import AgencyFinder
from core import scopes
from core.identifiers import IDENTIFIER_UNPARSEABLE, try_parse_identifier
from core.imports import (
    CREATE,
    UNCHANGED,
    UPDATE,
    Column,
    Importer,
    Line,
    RowError,
    describe_changes,
)
from core.services import record_save
from core.text import fold

from . import services
from .models import (
    Program,
    ProgramKind,
    ProgramStatus,
    Recurrence,
    Signatory,
    Task,
    TaskStatus,
)

UNKNOWN_PROGRAM = _("No program matches “%(value)s”: import the program first.")
AMBIGUOUS_PROGRAM = _("Several programs match “%(value)s”: give the identifier and signing date.")


def _program_key(identifier: str, signed_on, title: str):
    """(identifier key, signing date) or the folded title when there is no identifier."""
    if identifier:
        parsed = try_parse_identifier(identifier)
        if parsed is None:
            raise RowError(gettext(IDENTIFIER_UNPARSEABLE) % {"value": identifier})
        return ("identifier", parsed.key, signed_on)
    return ("title", fold(title))


def _find_program(key) -> list[Program]:
    if key[0] == "identifier":
        return list(Program.objects.filter(identifier_key=key[1], signed_on=key[2]))
    return [p for p in Program.objects.filter(identifier_key="") if fold(p.title) == key[1]]


class ProgramImporter(Importer):
    kind = "programs"
    label = _("Programs and signing parties")
    permissions = ("add", "change")
    model = Program
    columns = [
        Column("identifier", _("Identifier"), example="02-CTr/BDVTW-BCSĐBNG"),
        Column("signed_on", _("Date signed"), example="26/11/2021"),
        Column(
            "title", _("Title"), required=True, example="Chương trình phối hợp công tác dân vận"
        ),
        Column("kind", _("Kind"), example=str(ProgramKind.COORDINATION.label)),
        Column("status", _("Status"), example=str(ProgramStatus.IN_FORCE.label)),
        Column("period_start", _("Period from (year)"), example="2021"),
        Column("period_end", _("Period to (year)"), example="2026"),
        Column(
            "parties",
            _("Signing parties"),
            example="BDVTW; BCSĐBNG",
            help=_("Agencies separated by semicolons (name or abbreviation)."),
        ),
        Column("summary", _("Summary"), example=""),
    ]

    def prepare(self) -> None:
        self.agencies = AgencyFinder()

    def import_row(self, row: dict, line: Line) -> None:
        identifier = self.text(row, "identifier")
        signed_on = self.date(row, "signed_on")
        title = self.text(row, "title", required=True, key_part=not identifier)
        key = _program_key(identifier, signed_on, title)
        self.once(key, line.number)
        parties = [self.agencies.get(name) for name in self.split(self.text(row, "parties"))]
        values = {
            "identifier": identifier,
            "signed_on": signed_on,
            "title": title,
            "kind": self.choice(row, "kind", ProgramKind.choices, default=ProgramKind.COORDINATION),
            "status": self.choice(
                row, "status", ProgramStatus.choices, default=ProgramStatus.IN_FORCE
            ),
            "period_start": self.integer(row, "period_start"),
            "period_end": self.integer(row, "period_end"),
            "summary": self.text(row, "summary"),
        }
        found = _find_program(key)
        if len(found) > 1:
            raise RowError(gettext(AMBIGUOUS_PROGRAM) % {"value": identifier or title})
        if found:
            program = found[0]
            values.pop("identifier")  # the same document, perhaps spelt differently
            line.changes = describe_changes(program, self.for_update(row, values, program))
            existing = [s.agency for s in program.signatories.select_related("agency")]
            added = [a for a in parties if a not in existing]
            line.changes += [f"+ {agency}" for agency in added]
            # Parties already there keep their signer; the file adds the missing ones.
            new_parties = [
                Signatory(agency=agency, order=len(existing) + index)
                for index, agency in enumerate(added)
            ]
            line.action = UPDATE if line.changes else UNCHANGED
        else:
            program = Program(**values)
            new_parties, _removed = services.party_changes(
                program, [{"agency": a} for a in dict.fromkeys(parties)]
            )
            scopes.propose(program, [party.agency_id for party in new_parties])
            line.action = CREATE
        line.record = str(program)
        if line.action != UNCHANGED:
            self.allowed(program)
            services.program_save(
                program=program, parties=new_parties, user=self.user, reason=self.reason
            )


class TaskImporter(Importer):
    kind = "tasks"
    label = _("Program tasks")
    permissions = ("add", "change")
    model = Task
    columns = [
        Column("program_identifier", _("Program identifier"), example="02-CTr/BDVTW-BCSĐBNG"),
        Column("program_signed_on", _("Program date signed"), example="26/11/2021"),
        Column("program_title", _("Program title"), example=""),
        Column("title", _("Task"), required=True, example="Phối hợp tham mưu chính sách"),
        Column("lead_agency", _("Lead agency"), example="BDVTW"),
        Column("coordinating_agencies", _("Coordinating agencies"), example="BCSĐBNG"),
        Column("due_on", _("Due date"), example="31/12/2026"),
        Column("recurrence", _("Recurrence"), example=str(Recurrence.YEARLY.label)),
        Column("status", _("Status"), example=str(TaskStatus.NOT_STARTED.label)),
        Column("progress", _("Progress (%)"), example="0"),
        Column("description", _("Description"), example=""),
    ]

    def prepare(self) -> None:
        self.agencies = AgencyFinder()
        self.programs: dict = {}

    def _program(self, row: dict) -> Program:
        identifier = self.text(row, "program_identifier")
        signed_on = self.date(row, "program_signed_on")
        title = self.text(row, "program_title", required=not identifier, key_part=True)
        key = _program_key(identifier, signed_on, title)
        if key not in self.programs:
            found = _find_program(key)
            label = identifier or title
            if not found:
                raise RowError(gettext(UNKNOWN_PROGRAM) % {"value": label})
            if len(found) > 1:
                raise RowError(gettext(AMBIGUOUS_PROGRAM) % {"value": label})
            self.programs[key] = found[0]
        return self.programs[key]

    def import_row(self, row: dict, line: Line) -> None:
        program = self._program(row)
        title = self.text(row, "title", required=True, key_part=True)
        self.once((program.pk, fold(title)), line.number)
        lead = self.text(row, "lead_agency")
        coordinating = [
            self.agencies.get(name) for name in self.split(self.text(row, "coordinating_agencies"))
        ]
        values = {
            "title": title,
            "lead_agency": self.agencies.get(lead) if lead else None,
            "due_on": self.date(row, "due_on"),
            "recurrence": self.choice(
                row, "recurrence", Recurrence.choices, default=Recurrence.NONE
            ),
            "status": self.choice(
                row, "status", TaskStatus.choices, default=TaskStatus.NOT_STARTED
            ),
            "progress": self.integer(row, "progress") or 0,
            "description": self.text(row, "description"),
        }
        task = next((t for t in program.tasks.all() if fold(t.title) == fold(title)), None)
        line.record = f"{program.identifier or program.title}: {title}"
        if task is None:
            task = Task(program=program, **values)
            line.action = CREATE
            coordinating_now: list = []
        else:
            line.changes = describe_changes(task, self.for_update(row, values, task))
            coordinating_now = list(task.coordinating_agencies.all())
            line.action = UPDATE if line.changes else UNCHANGED
        new_coordinating = [a for a in coordinating if a not in coordinating_now]
        if new_coordinating:
            line.changes += [f"+ {agency}" for agency in new_coordinating]
            if line.action == UNCHANGED:
                line.action = UPDATE
        if line.action != UNCHANGED:
            self.allowed(task)
            record_save(
                task,
                m2m={"coordinating_agencies": coordinating_now + new_coordinating},
                user=self.user,
                reason=self.reason,
            )
