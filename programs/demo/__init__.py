"""The programs app's demo loader (its data in :mod:`programs.demo.data`, the invented tasks
and updates that give the charts something to draw in :mod:`programs.demo.illustrative`), run by
``manage.py load_demo`` (:mod:`core.demo_loader`) after the agencies and directives apps'.

Natural keys: program by (identifier key, signing date), or by title when it has no
identifier; signatory by (program, agency); task by (program, title); review meeting by (date,
title), titles compared by their folded key.
"""

import datetime

from agencies.demo import agency, official
from core.demo_loader import DemoLoader, find_by_text
from core.identifiers import parse_identifier
from core.text import fold, normalize_text
from directives.demo import directive

from ..models import Program, ReviewMeeting, Signatory, Task, TaskStatus, TaskUpdate
from . import data, illustrative


def program(loader: DemoLoader, ref: str) -> Program:
    """The program the data calls ``ref``."""
    return loader.ref("program", ref, ref)


def load_programs(loader: DemoLoader, rows: list[dict]) -> None:
    for row in rows:
        identifier = row.get("identifier", "")
        signed_on = row.get("signed_on")
        if identifier:
            key = parse_identifier(identifier).key
            existing = Program.objects.filter(identifier_key=key, signed_on=signed_on).first()
        else:
            title = normalize_text(row["title"])
            existing = find_by_text(
                Program.objects.filter(identifier_key="", search_key=fold(title)), "title", title
            )
        values = {
            "identifier": identifier,
            "kind": row.get("kind", "coordination"),
            "title": row["title"],
            "signed_on": signed_on,
            "period_start": row.get("period_start"),
            "period_end": row.get("period_end"),
            # The status follows the period (Program.normalize) unless the data sets it.
            "status": row.get("status", "in_force"),
            "status_set_by_hand": "status" in row,
            "summary": row.get("summary", ""),
            "predecessor": program(loader, row["predecessor"]) if row.get("predecessor") else None,
        }
        based_on = [directive(loader, ident) for ident in row.get("based_on", [])]
        saved = loader.upsert(Program, existing, values, {"based_on": based_on})
        loader.remember("program", row["ref"], saved)
        load_signatories(loader, saved, row.get("signatories", []))
        load_tasks(loader, saved, row.get("tasks", []))


def load_signatories(loader: DemoLoader, saved: Program, rows: list[dict]) -> None:
    for order, row in enumerate(rows):
        body, person = agency(loader, row["agency"]), official(loader, row.get("official"))
        title = row.get("title")
        if title is None:
            title = (
                person.title_on(body, saved.signed_on)
                if person is not None and saved.signed_on is not None
                else ""
            )
        existing = Signatory.objects.filter(program=saved, agency=body).first()
        values = {
            "program": saved,
            "agency": body,
            "official": person,
            "title": title,
            "order": order,
        }
        loader.upsert(Signatory, existing, values)


def load_tasks(loader: DemoLoader, saved: Program, rows: list[dict]) -> None:
    for order, row in enumerate(rows, start=1):
        title = normalize_text(row["title"])
        existing = find_by_text(Task.objects.filter(program=saved), "title", title)
        values = {
            "program": saved,
            "title": title,
            "description": row.get("description", ""),
            "lead_agency": agency(loader, row.get("lead_agency")),
            "due_on": row.get("due_on"),
            "recurrence": row.get("recurrence", ""),
            "status": row.get("status", "not_started"),
            "progress": row.get("progress", 0),
            "weight": row.get("weight", 1),
            "order": order,
        }
        coordinating = [agency(loader, name) for name in row.get("coordinating_agencies", [])]
        loader.upsert(Task, existing, values, {"coordinating_agencies": coordinating})


def load_illustrative(loader: DemoLoader, tasks: dict[str, list[dict]]) -> None:
    """The invented tasks and dated updates of :mod:`programs.demo.illustrative`, after the
    seed's tasks of each program; each task's status, progress and completion date from its
    last update (as ``task_record_progress`` sets them)."""
    for ref, rows in tasks.items():
        saved = program(loader, ref)
        first = Task.objects.filter(program=saved).count() + 1
        for order, row in enumerate(rows, start=first):
            updates = row["updates"]
            last = updates[-1][1] if updates else 0
            done = last == 100
            completed = next((day for day, value, _note in updates if value == 100), None)
            title = normalize_text(row["title"])
            existing = find_by_text(Task.objects.filter(program=saved), "title", title)
            values = {
                "program": saved,
                "title": title,
                "description": f"{illustrative.MARK} Nhiệm vụ minh họa, không có trong bài "
                "báo nguồn.",
                "lead_agency": agency(loader, row.get("lead_agency")),
                "due_on": row.get("due_on"),
                "status": TaskStatus.DONE
                if done
                else TaskStatus.IN_PROGRESS
                if last
                else TaskStatus.NOT_STARTED,
                "progress": last,
                "weight": row.get("weight", 1),
                "completed_on": completed,
                "order": order if existing is None else existing.order,
            }
            task = loader.upsert(Task, existing, values)
            for reported_on, progress, note in updates:
                found = TaskUpdate.objects.filter(
                    task=task, reported_on=reported_on, progress=progress
                ).first()
                loader.upsert(
                    TaskUpdate,
                    found,
                    {
                        "task": task,
                        "reported_on": reported_on,
                        "progress": progress,
                        "note": f"{illustrative.MARK} {note}",
                    },
                )


def load_meetings(loader: DemoLoader, rows: list[dict]) -> None:
    for row in rows:
        held_on: datetime.date = row["held_on"]
        existing = find_by_text(
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
            "programs": [program(loader, ref) for ref in row.get("programs", [])],
            "directives": [directive(loader, ident) for ident in row.get("directives", [])],
            "chairs": [official(loader, name) for name in row.get("chairs", [])],
            "participants": [agency(loader, name) for name in row.get("participants", [])],
            "signed_programs": [program(loader, ref) for ref in row.get("signed_programs", [])],
        }
        loader.upsert(ReviewMeeting, existing, values, m2m)


def load_demo(loader: DemoLoader) -> None:
    """Upsert the seed articles' programs (with their signatories and tasks), then the review
    meetings."""
    load_programs(loader, data.PROGRAMS)
    load_illustrative(loader, illustrative.TASKS)
    load_meetings(loader, data.MEETINGS)
