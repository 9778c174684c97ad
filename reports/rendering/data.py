"""The data a report shows, read from the database into plain JSON-able values.

Everything the PDF prints comes from these dictionaries (display-ready strings and numbers, in a
fixed order), so the same rows give the same report, and the report's fingerprint is the SHA-256
of their canonical JSON. The time of generation is kept out of them on purpose.
"""

import datetime
import hashlib
import json
import unicodedata
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Official
from core.dates import short_date, vietnamese_date, vietnamese_place_date
from directives.models import Directive, DirectiveLink, LinkKind
from programs.models import (
    MeetingKind,
    Program,
    ReviewMeeting,
    Signatory,
    Task,
    TaskStatus,
    TaskUpdate,
)

from . import labels
from .errors import ReportDataError

PROGRAM_MISSING = _("The program this report is about no longer exists (id %(pk)s).")
DIRECTIVE_MISSING = _("The directive this report is about no longer exists (id %(pk)s).")
#: Latest progress updates printed per task.
UPDATES_PER_TASK = 2
DEFAULT_PLACE = "Hà Nội"


def canonical_json(data: Any) -> str:
    """JSON with sorted keys and no spacing: equal data gives equal text."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fingerprint(data: Any) -> str:
    """SHA-256 (hex) of the canonical JSON of ``data``."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def nfc(value: Any) -> Any:
    """``value`` with every string in NFC, so the PDF's text extracts composed."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {key: nfc(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [nfc(item) for item in value]
    return value


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _period(start: int | None, end: int | None) -> str:
    return "-".join(str(year) for year in (start, end) if year)


def _party(signatory: Signatory, signed_on: datetime.date | None) -> dict:
    title = signatory.title
    if not title and signatory.official_id:
        title = signatory.official.titles_on(signed_on)
    return {
        "agency": signatory.agency.name_on(signed_on),
        "official": signatory.official.full_name if signatory.official_id else "",
        "title": title,
    }


def _signatories_prefetch(lookup: str = "signatories") -> Prefetch:
    return Prefetch(
        lookup,
        queryset=Signatory.objects.select_related("agency", "official")
        .prefetch_related("agency__former_names", "official__positions")
        .order_by("order", "pk"),
    )


def _directive_row(directive: Directive) -> dict:
    return {
        "identifier": directive.identifier,
        "type_name": directive.type_name,
        "issuer": directive.issuing_body.name if directive.issuing_body_id else "",
        "issued_on": _date(directive.issued_on),
        "title": directive.title,
    }


def _meetings_prefetched(queryset):
    return queryset.prefetch_related(
        Prefetch("chairs", queryset=Official.objects.prefetch_related("positions")),
        Prefetch("participants", queryset=Agency.objects.order_by("pk")),
        Prefetch("signed_programs", queryset=Program.objects.order_by("signed_on", "pk")),
        Prefetch("programs", queryset=Program.objects.order_by("signed_on", "pk")),
        Prefetch("directives", queryset=Directive.objects.order_by("issued_on", "pk")),
    ).order_by("held_on", "pk")


def _meeting_row(meeting: ReviewMeeting) -> dict:
    chairs = []
    for official in sorted(meeting.chairs.all(), key=lambda o: o.pk):
        titles = official.titles_on(meeting.held_on)
        chairs.append(f"{official.full_name}, {titles}" if titles else official.full_name)
    span = _period(meeting.reviewed_from, meeting.reviewed_to)
    return {
        "kind": labels.MEETING_KIND.get(meeting.kind, meeting.kind),
        "title": meeting.title,
        "held_on": _date(meeting.held_on),
        "held_on_long": vietnamese_date(meeting.held_on),
        "place": meeting.place,
        "format": labels.MEETING_FORMAT.get(meeting.format, meeting.format),
        "connection_points": meeting.connection_points,
        "reviewed": span,
        "chairs": chairs,
        "participants": [agency.name_on(meeting.held_on) for agency in meeting.participants.all()],
        "programs": [p.identifier or p.title for p in meeting.programs.all()],
        "directives": [d.identifier for d in meeting.directives.all()],
        "conclusions": meeting.conclusions,
        "approved_report": meeting.approved_report,
        "signed_programs": [
            f"{p.identifier} ({short_date(p.signed_on)})" if p.identifier else p.title
            for p in meeting.signed_programs.all()
        ],
    }


def _task_row(number: int, task: Task, overdue: set[int], open_: set[int]) -> dict:
    updates = list(task.updates.all())[:UPDATES_PER_TASK]
    return {
        "no": number,
        "title": task.title,
        "lead": task.lead_agency.name if task.lead_agency_id else "",
        "coordinating": [agency.name for agency in task.coordinating_agencies.all()],
        "due_on": _date(task.due_on),
        "recurrence": labels.RECURRENCE.get(task.recurrence, task.recurrence),
        "status": labels.TASK_STATUS.get(task.status, task.status),
        "status_code": task.status,
        "progress": task.progress,
        "overdue": task.pk in overdue,
        "open": task.pk in open_,
        "updates": [
            {"date": _date(u.reported_on), "progress": u.progress, "note": u.note} for u in updates
        ],
    }


def _program_phrase(program: Program) -> str:
    """ "Chương trình phối hợp số 90-CTr/BDVTW-BCSĐBNG về công tác … giai đoạn 2016-2021"."""
    kind_label = labels.PROGRAM_KIND.get(program.kind, "Chương trình phối hợp")
    title = program.title
    number = f" số {program.identifier}" if program.identifier else ""
    if title.casefold().startswith(kind_label.casefold()):
        phrase = f"{kind_label}{number}{title[len(kind_label) :]}"
    else:
        phrase = f"{kind_label}{number} {title[:1].lower()}{title[1:]}"
    period = _period(program.period_start, program.period_end)
    if period and period not in phrase and program.period_label not in phrase:
        phrase += f" giai đoạn {period}"
    return phrase


def _program_summary_row(program: Program) -> dict:
    return {
        "identifier": program.identifier,
        "title": program.title,
        "kind": labels.PROGRAM_KIND.get(program.kind, ""),
        "signed_on": _date(program.signed_on),
        "period": _period(program.period_start, program.period_end),
        "status": labels.PROGRAM_STATUS.get(program.status, program.status),
        "parties": [_party(s, program.signed_on) for s in program.signatories.all()],
    }


def _header(*, issuers: list[str], suffix: str, party: bool, place: str, on: datetime.date) -> dict:
    return {
        "issuers": list(issuers),
        "number_suffix": suffix,
        "party": party,
        "place_date": vietnamese_place_date(place, on),
    }


def program_report_data(
    *, program_id: int, final: bool, as_of: datetime.date, parameters: dict
) -> dict:
    """What a program review report shows (final: tổng kết; otherwise sơ kết), as of ``as_of``
    (the day overdue tasks are counted on)."""
    program = (
        Program.objects.prefetch_related(
            _signatories_prefetch(),
            Prefetch(
                "based_on",
                queryset=Directive.objects.select_related("issuing_body").order_by(
                    "issued_on", "pk"
                ),
            ),
        )
        .filter(pk=program_id)
        .first()
    )
    if program is None:
        raise ReportDataError(gettext(PROGRAM_MISSING) % {"pk": program_id})
    tasks = list(
        program.tasks.select_related("lead_agency")
        .prefetch_related(
            Prefetch("coordinating_agencies", queryset=Agency.objects.order_by("pk")),
            Prefetch("updates", queryset=TaskUpdate.objects.order_by("-reported_on", "-pk")),
        )
        .order_by("order", "pk")
    )
    overdue = set(program.tasks.overdue(on=as_of).values_list("pk", flat=True))
    open_ = set(program.tasks.open().values_list("pk", flat=True))
    meetings = list(_meetings_prefetched(program.review_meetings.all()))
    successors = list(
        program.successors.prefetch_related(_signatories_prefetch()).order_by("signed_on", "pk")
    )

    review_kind = MeetingKind.FINAL_REVIEW if final else MeetingKind.INTERIM_REVIEW
    review = next((m for m in reversed(meetings) if m.kind == review_kind), None)
    report_on = _param_date(parameters, "report_date") or (review.held_on if review else as_of)
    place = parameters.get("place") or (review.place if review and review.place else "")
    signatories = list(program.signatories.all())
    parsed = program.parsed_identifier
    suffix = f"-BC/{program.issuer_code}" if program.issuer_code else "-BC"

    years = None
    if final and program.period_start and program.period_end:
        years = program.period_end - program.period_start
    elif not final and program.period_start and report_on.year > program.period_start:
        years = report_on.year - program.period_start
    verb = "Tổng kết" if final else "Sơ kết"
    subtitle = f"{verb} {years} năm thực hiện" if years else f"{verb} việc thực hiện"

    rows = [_task_row(n, task, overdue, open_) for n, task in enumerate(tasks, start=1)]
    counts = dict.fromkeys(TaskStatus.values, 0)
    for task in tasks:
        counts[task.status] = counts.get(task.status, 0) + 1
    summary = {
        "total": len(tasks),
        "done": counts[TaskStatus.DONE],
        "in_progress": counts[TaskStatus.IN_PROGRESS],
        "not_started": counts[TaskStatus.NOT_STARTED],
        "cancelled": counts[TaskStatus.CANCELLED],
        "overdue": len(overdue),
        "average_progress": round(sum(t.progress for t in tasks) / len(tasks)) if tasks else 0,
    }
    program_row = _program_summary_row(program)
    program_row.update(
        {
            "summary": program.summary,
            "directives": [_directive_row(d) for d in program.based_on.all()],
            "phrase": _program_phrase(program),
        }
    )
    return nfc(
        {
            "report": "program",
            "final": final,
            "as_of": _date(as_of),
            "header": _header(
                issuers=[s.agency.name_on(report_on) for s in signatories],
                suffix=suffix,
                party=bool(parsed and parsed.is_party) or not parsed,
                place=place or DEFAULT_PLACE,
                on=report_on,
            ),
            "title": "BÁO CÁO",
            "subtitle": f"{subtitle} {program_row['phrase']}",
            "program": program_row,
            "tasks": rows,
            "task_summary": summary,
            "meetings": [_meeting_row(m) for m in meetings],
            "undone": [row for row in rows if row["open"]],
            "successors": [_program_summary_row(p) for p in successors],
        }
    )


def directive_report_data(*, directive_id: int, as_of: datetime.date, parameters: dict) -> dict:
    """What a directive implementation report shows: the directive, its links both ways, the
    documents implementing it (and the directives continuing it), the programs based on them
    with their progress, and the meetings that reviewed them."""
    directive = Directive.objects.select_related("issuing_body").filter(pk=directive_id).first()
    if directive is None:
        raise ReportDataError(gettext(DIRECTIVE_MISSING) % {"pk": directive_id})
    links = list(
        DirectiveLink.objects.touching(directive)
        .select_related("source__issuing_body", "target__issuing_body")
        .order_by("kind", "pk")
    )
    outgoing = [link for link in links if link.source_id == directive.pk]
    incoming = [link for link in links if link.target_id == directive.pk]
    # The family: this directive and those that continue it (KL 43 continues NQ 25), whose
    # implementation is reported together (seed 001: "10 năm NQ 25 và 5 năm KL 43").
    family = [directive] + [link.source for link in incoming if link.kind == LinkKind.CONTINUES]
    family_ids = [d.pk for d in family]
    implementing = list(
        DirectiveLink.objects.filter(target_id__in=family_ids, kind=LinkKind.IMPLEMENTS)
        .select_related("source__issuing_body", "target")
        .order_by("source__issued_on", "source_id", "pk")
    )
    programs = list(
        Program.objects.filter(based_on__in=family_ids)
        .distinct()
        .prefetch_related(_signatories_prefetch(), Prefetch("tasks", queryset=Task.objects.all()))
        .order_by("signed_on", "pk")
    )
    meetings = list(
        _meetings_prefetched(ReviewMeeting.objects.filter(directives__in=family_ids).distinct())
    )
    review = meetings[-1] if meetings else None
    report_on = _param_date(parameters, "report_date") or (review.held_on if review else as_of)
    place = parameters.get("place") or (review.place if review and review.place else "")

    issuers: list[str] = []
    for link in implementing:
        body = link.source.issuing_body
        if body and body.name_on(report_on) not in issuers:
            issuers.append(body.name_on(report_on))
    if not issuers and directive.issuing_body_id:
        issuers.append(directive.issuing_body.name_on(report_on))

    program_rows = []
    for program in programs:
        row = _program_summary_row(program)
        tasks = list(program.tasks.all())
        row.update(
            {
                "tasks_total": len(tasks),
                "tasks_done": sum(1 for t in tasks if t.status == TaskStatus.DONE),
                "tasks_overdue": sum(1 for t in tasks if t.is_overdue(as_of)),
                "average_progress": round(sum(t.progress for t in tasks) / len(tasks))
                if tasks
                else 0,
            }
        )
        program_rows.append(row)

    citation = f"{directive.type_name} số {directive.identifier}".strip()
    issued = f" ngày {short_date(directive.issued_on)}" if directive.issued_on else ""
    issuer = f" của {directive.issuing_body.name}" if directive.issuing_body_id else ""
    about = f" {directive.title[:1].lower()}{directive.title[1:]}" if directive.title else ""
    continued = [link.source for link in incoming if link.kind == LinkKind.CONTINUES]
    also = "".join(f" và {d.type_name} số {d.identifier}" for d in continued)
    return nfc(
        {
            "report": "directive",
            "as_of": _date(as_of),
            "header": _header(
                issuers=issuers,
                suffix="-BC",
                party=bool(directive.parsed_identifier and directive.parsed_identifier.is_party),
                place=place or DEFAULT_PLACE,
                on=report_on,
            ),
            "title": "BÁO CÁO",
            "subtitle": f"Kết quả thực hiện {citation}{issued}{issuer}{about}{also}",
            "directive": {
                **_directive_row(directive),
                "citation": citation,
                "summary": directive.summary,
                "status": labels.DIRECTIVE_STATUS.get(directive.status, directive.status),
            },
            "links": [
                {
                    "label": labels.LINK_FORWARD.get(link.kind, link.kind),
                    **_directive_row(link.target),
                    "note": link.note,
                }
                for link in outgoing
            ]
            + [
                {
                    "label": labels.LINK_INVERSE.get(link.kind, link.kind),
                    **_directive_row(link.source),
                    "note": link.note,
                }
                for link in incoming
            ],
            "implementing": [
                {**_directive_row(link.source), "implements": link.target.identifier}
                for link in implementing
            ],
            "programs": program_rows,
            "meetings": [_meeting_row(m) for m in meetings],
        }
    )


def _param_date(parameters: dict, name: str) -> datetime.date | None:
    value = parameters.get(name)
    return datetime.date.fromisoformat(value) if value else None
