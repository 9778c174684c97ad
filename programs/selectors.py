"""Reads of programs, tasks and meetings that pages share: the home page's panels (registered
in ``programs/panels.py``), the program and meeting detail querysets, and the recent changes
across them. Every function runs a fixed number of queries, whatever the number of rows."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

from django.conf import settings
from django.db.models import F, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from agencies.models import Agency, Position
from core.panels import Capped, CappedPrefetch, PanelContent

from . import charts
from .models import (
    MeetingKind,
    Program,
    ProgramStatus,
    ReviewMeeting,
    Signatory,
    Task,
    TaskUpdate,
)
from .progress import attach_rollups

#: How many progress updates a program page shows under each task.
LATEST_UPDATES = 3


def program_list_queryset() -> QuerySet[Program]:
    """Programs for the list page and its export. The page adds to its rows only what it
    shows: their parties (:func:`attach_party_names`) and their tasks' roll-up
    (:func:`programs.progress.attach_rollups`), a query each whatever the size of the tables."""
    return Program.objects.order_by(*Program._meta.ordering)


def attach_party_names(programs: Iterable[Program]) -> list[Program]:
    """``programs`` as a list, each with ``party_names``: the short names (or names) of its
    signing agencies in their order, read in one query of names. Not a prefetch of the
    signatories: a page of 100 programs would build 600 model instances (and clone a queryset
    per program) to show a few words each."""
    programs = list(programs)
    names: dict[int, list[str]] = {program.pk: [] for program in programs}
    rows = (
        Signatory.objects.filter(program__in=names)
        .order_by("program_id", "order", "pk")
        .values_list("program_id", "agency__short_name", "agency__name")
    )
    for program_id, short_name, name in rows:
        names[program_id].append(short_name or name)
    for program in programs:
        program.party_names = names[program.pk]
    return programs


def program_detail_queryset() -> QuerySet[Program]:
    """Programs with everything their page shows but the tasks: parties (with former agency
    names and the officials), directives, predecessor and successors, and the meetings that
    reviewed or signed them. The tasks are read apart, only those the page lists
    (:func:`program_tasks`), their roll-up counted in the database."""
    return Program.objects.select_related("predecessor").prefetch_related(
        Prefetch(
            "signatories",
            queryset=Signatory.objects.select_related("agency", "official")
            .prefetch_related("agency__former_names")
            .order_by("order", "pk"),
        ),
        Prefetch("based_on", queryset=_directives()),
        Prefetch("successors", queryset=Program.objects.order_by("signed_on", "pk")),
        Prefetch("review_meetings", queryset=ReviewMeeting.objects.order_by("held_on", "pk")),
        Prefetch("signing_meetings", queryset=ReviewMeeting.objects.order_by("held_on", "pk")),
    )


def program_tasks(program: Program, *, archived: bool = False, total: int | None = None) -> Capped:
    """The first ``RELATED_LIST_LIMIT`` (+ 1) live tasks of ``program`` (or its archived ones),
    in the program's order, with their agencies and latest updates: what its page lists (three
    queries), and how many there are in all (``total`` when the caller knows it, else one
    ``COUNT`` when the list is longer than the cap). A program of 1,000 tasks lists 20 and
    links to the task table for the rest."""
    updates = TaskUpdate.objects.select_related("author").order_by("-reported_on", "-pk")
    tasks = (
        Task.objects.filter(program=program, archived_at__isnull=not archived)
        .select_related("lead_agency")
        .prefetch_related(
            "coordinating_agencies",
            Prefetch("updates", queryset=updates[:LATEST_UPDATES], to_attr="latest_updates"),
        )
        .order_by("order", "pk")
    )
    rows = list(tasks[: settings.RELATED_LIST_LIMIT + 1])
    if total is None:
        total = len(rows) if len(rows) <= settings.RELATED_LIST_LIMIT else tasks.count()
    return Capped(rows, total)


def _directives():
    from directives.models import Directive

    return Directive.objects.select_related("issuing_body").order_by("issued_on", "pk")


def task_detail_queryset() -> QuerySet[Task]:
    """Live tasks with what their own page shows: the program, the lead and coordinating
    agencies, and their latest progress updates (at most ``RELATED_LIST_LIMIT + 1``, with
    their authors: :func:`core.panels.capped_rows` counts the rest). An archived task has no
    page of its own (its program's page lists it with "Show archived")."""
    return (
        Task.objects.live()
        .select_related("program", "lead_agency")
        .prefetch_related(
            Prefetch("coordinating_agencies", queryset=Agency.objects.order_by("name", "pk")),
            task_updates_prefetch(),
        )
    )


def task_updates_prefetch() -> CappedPrefetch:
    """A task's progress updates, newest first, capped (:class:`core.panels.CappedPrefetch`)."""
    return CappedPrefetch(
        "updates", TaskUpdate.objects.select_related("author").order_by("-reported_on", "-pk")
    )


def task_history_related(task: Task) -> list[QuerySet]:
    """Historical records of ``task``'s progress updates (rows deleted since included)."""
    return [TaskUpdate.history.filter(task_id=task.pk)]


def program_meetings(program: Program) -> list[ReviewMeeting]:
    """The meetings that reviewed ``program`` or where it was signed, in date order, from the
    prefetched relations (no query), each marked ``signed_here`` when the program was signed
    there."""
    meetings: dict[int, ReviewMeeting] = {}
    signed = {meeting.pk for meeting in program.signing_meetings.all()}
    for meeting in chain(program.review_meetings.all(), program.signing_meetings.all()):
        meeting.signed_here = meeting.pk in signed
        meetings.setdefault(meeting.pk, meeting)
    return sorted(meetings.values(), key=lambda m: (m.held_on, m.pk))


def program_history_related(program: Program) -> list[QuerySet]:
    """Historical records of the rows that belong to ``program``: signatories, tasks and the
    tasks' progress updates (rows deleted since included)."""
    task_ids = Task.history.filter(program_id=program.pk).values("id")
    return [
        Signatory.history.filter(program_id=program.pk),
        Task.history.filter(program_id=program.pk),
        TaskUpdate.history.filter(task_id__in=task_ids),
    ]


def meeting_list_queryset() -> QuerySet[ReviewMeeting]:
    """Meetings for the list page (and its export) in calendar order, with the programs and
    directives they concern as lists ``listed_programs`` and ``listed_directives``: of those
    only the identifiers and titles a row shows, and of the meeting not its conclusions and
    search keys (long texts a row never shows). Lists rather than ``meeting.programs.all``:
    each use of a related manager builds one, a fifth of the page's time at 100 rows."""
    from directives.models import Directive

    return (
        ReviewMeeting.objects.defer("conclusions", "search_key", "initials_key")
        .prefetch_related(
            Prefetch(
                "programs",
                queryset=Program.objects.order_by("signed_on", "pk").only("identifier", "title"),
                to_attr="listed_programs",
            ),
            Prefetch(
                "directives",
                queryset=Directive.objects.order_by("issued_on", "pk").only("identifier"),
                to_attr="listed_directives",
            ),
        )
        .order_by("held_on", "pk")
    )


def meeting_detail_queryset() -> QuerySet[ReviewMeeting]:
    """Meetings with everything their page shows, chairs with their positions."""
    return ReviewMeeting.objects.prefetch_related(
        Prefetch("programs", queryset=Program.objects.order_by("signed_on", "pk")),
        Prefetch("signed_programs", queryset=Program.objects.order_by("signed_on", "pk")),
        Prefetch("directives", queryset=_directives()),
        Prefetch(
            "chairs__positions",
            queryset=Position.objects.select_related("agency").order_by("order", "pk"),
        ),
        "participants",
        "approved_reports",  # review report records (reports app) approved at the meeting
    )


def chair_titles(meeting: ReviewMeeting) -> list[tuple[object, str]]:
    """Each chair with the titles held on the meeting date, from prefetched positions."""
    result = []
    for official in meeting.chairs.all():
        titles = [
            f"{position.title}, {position.agency.short_name or position.agency.name}"
            for position in official.positions_held(meeting.held_on)
        ]
        result.append((official, "; ".join(titles)))
    return result


def in_force_panel(*, today: datetime.date, limit: int) -> PanelContent:
    """Programs in force today, those ending first first, each with its progress (three
    queries)."""
    in_force = Program.objects.live().in_force(today).order_by("period_end", "-signed_on", "pk")
    return PanelContent(
        items=attach_rollups(in_force[:limit], today),
        count=in_force.count(),
        url=f"{reverse('programs:program_list')}?{urlencode({'in_force_on': f'{today:%d/%m/%Y}'})}",
    )


def ending_soon_panel(*, today: datetime.date, limit: int) -> PanelContent:
    """Programs in force whose period ends within 12 months (two queries)."""
    ending = (
        Program.objects.live()
        .ending_within(365, today)
        .exclude(period_end__isnull=True)
        .order_by("period_end", "pk")
    )
    return PanelContent(
        items=list(ending[:limit]),
        count=ending.count(),
        url=f"{reverse('programs:program_list')}?ending_soon=on",
    )


def overdue_tasks_panel(*, today: datetime.date, limit: int) -> PanelContent:
    """Open tasks past their due date, the oldest first (two queries)."""
    overdue = Task.objects.live().overdue(today).filter(program__archived_at__isnull=True)
    count = overdue.count()
    return PanelContent(
        items=list(
            overdue.select_related("program", "lead_agency").order_by("due_on", "pk")[:limit]
        ),
        count=count,
        url=f"{reverse('programs:task_list')}?overdue=on&sort=due",
        alert=bool(count),
    )


def upcoming_meetings_panel(*, today: datetime.date, limit: int) -> PanelContent:
    """Meetings from today on, in calendar order (two queries)."""
    upcoming = ReviewMeeting.objects.live().upcoming(today)
    return PanelContent(
        items=list(upcoming[:limit]),
        count=upcoming.count(),
        url=reverse("programs:reviewmeeting_list"),
    )


#: How far ahead the home page's "reviews coming" panel looks (days).
REVIEWS_AHEAD_DAYS = 90


@dataclass(frozen=True)
class ScheduledReview:
    """A review (sơ kết or tổng kết) a program's schedule places on a date: the interim
    review mid-period, the final one at the end, or the dates set by hand."""

    program: Program
    kind: str
    on: datetime.date

    @property
    def label(self) -> str:
        return MeetingKind(self.kind).label

    @property
    def by_hand(self) -> bool:
        if self.kind == MeetingKind.INTERIM_REVIEW:
            return self.program.interim_review_by_hand
        return self.program.final_review_by_hand


def scheduled_reviews(
    programs: QuerySet[Program], *, start: datetime.date, end: datetime.date
) -> list[ScheduledReview]:
    """The reviews of ``programs`` (live, not set by hand to draft or terminated: a status
    that follows the period still has its reviews ahead) that fall within ``[start, end]``,
    in date order (one query)."""
    found = (
        programs.live()
        .exclude(
            status_set_by_hand=True, status__in=[ProgramStatus.DRAFT, ProgramStatus.TERMINATED]
        )
        .filter(Q(interim_review_on__range=(start, end)) | Q(final_review_on__range=(start, end)))
    )
    reviews = []
    for program in found:
        for kind, on in (
            (MeetingKind.INTERIM_REVIEW, program.interim_review_on),
            (MeetingKind.FINAL_REVIEW, program.final_review_on),
        ):
            if on and start <= on <= end:
                reviews.append(ScheduledReview(program, kind, on))
    return sorted(reviews, key=lambda review: (review.on, review.program.pk, review.kind))


def reviews_coming_panel(*, today: datetime.date, limit: int) -> PanelContent:
    """Reviews the programs' schedules place within :data:`REVIEWS_AHEAD_DAYS` (one query)."""
    reviews = scheduled_reviews(
        Program.objects.all(),
        start=today,
        end=today + datetime.timedelta(days=REVIEWS_AHEAD_DAYS),
    )
    return PanelContent(items=reviews[:limit], count=len(reviews))


def recent_changes_panel(*, today: datetime.date, limit: int) -> PanelContent:
    """The latest changes across programs, tasks and meetings (:func:`recent_changes`)."""
    return PanelContent(items=recent_changes(limit=limit))


#: How far apart the history records of one save can be (a program saved with its tasks).
ONE_SAVE = datetime.timedelta(seconds=10)


def _demo_reasons() -> list[str]:
    """The demo loader's change reason in every language (it is stored in the language the
    loader ran in)."""
    from django.conf import settings
    from django.utils import translation

    from core.demo_loader import DEMO_CHANGE_REASON

    reasons = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reasons.add(str(DEMO_CHANGE_REASON))
    return sorted(reasons)


def recent_changes(*, limit: int = 10) -> list[object]:
    """The latest changes across programs, tasks and meetings, newest first, one line per
    save (one query per model); what the demo loader wrote is left out.

    A save writes several history records (the row, then one per many-to-many field set; a
    program's save also its tasks'), so records of one object are collapsed into its newest,
    and task records written by the same person within :data:`ONE_SAVE` of their program's
    record are folded into it (``tasks_changed`` counts them). ``created`` tells whether that
    burst of saves created the object. Each record also gets ``kind`` (the model's name) and
    ``target_url``.
    """
    records = []
    demo = _demo_reasons()
    for model, related in ((Program, ()), (Task, ("program",)), (ReviewMeeting, ())):
        history = (
            model.history.select_related("history_user", *related)
            .exclude(history_type="-")
            .exclude(history_change_reason__in=demo)
            .order_by("-history_date", "-history_id")
        )
        newest: dict[int, object] = {}
        for record in history[: limit * 4]:
            kept = newest.get(record.id)
            if kept is None:
                record.kind = model._meta.verbose_name
                record.source_model = model
                record.created = record.history_type == "+"
                record.target_url = _history_target(model, record)
                newest[record.id] = record
            elif record.history_type == "+" and (
                kept.history_date - record.history_date
            ) <= datetime.timedelta(minutes=1):
                kept.created = True
        records.extend(newest.values())
    shown = _fold_into_programs(records)[:limit]
    _link_live_tasks(shown)
    return shown


def _link_live_tasks(records: list) -> None:
    """Point the task records at the task's own page when the task still has one (one query,
    only when tasks are shown): an archived or deleted task keeps its program's link."""
    task_ids = {record.id for record in records if record.source_model is Task}
    if not task_ids:
        return
    live = set(
        Task.objects.filter(pk__in=task_ids, archived_at__isnull=True).values_list("pk", flat=True)
    )
    for record in records:
        if record.source_model is Task and record.id in live:
            record.target_url = reverse("programs:task_detail", args=[record.id])


def _fold_into_programs(records: list) -> list:
    """``records`` newest first, each task record of a program save folded into the program's
    record."""
    programs: dict[int, list] = {}
    for record in records:
        record.tasks_changed = 0
        if record.source_model is Program:
            programs.setdefault(record.id, []).append(record)
    kept = []
    for record in records:
        program_id = record.program_id if record.source_model is Task else None
        owner = next(
            (
                candidate
                for candidate in programs.get(program_id, ())
                if candidate.history_user_id == record.history_user_id
                and abs(candidate.history_date - record.history_date) <= ONE_SAVE
            ),
            None,
        )
        if owner is not None:
            owner.tasks_changed += 1
            continue
        kept.append(record)
    kept.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)
    return kept


def _history_target(model, record) -> str:
    if model is Program:
        return reverse("programs:program_detail", args=[record.id])
    if model is Task:
        return reverse("programs:program_detail", args=[record.program_id]) + f"#task-{record.id}"
    return reverse("programs:reviewmeeting_detail", args=[record.id])


def task_list_queryset() -> QuerySet[Task]:
    """Tasks for the task list, soonest due first, with their program and lead agency."""
    return Task.objects.select_related("program", "lead_agency").order_by(
        F("due_on").asc(nulls_last=True), "program_id", "order", "pk"
    )


def timeline_panel(*, today: datetime.date, limit: int) -> PanelContent:
    """The programs running this year or later on a timeline by period, at most
    :data:`programs.charts.TIMELINE_LIMIT` of them (three queries); the figure is how many
    there are, the link the program list."""
    chart, total = charts.programs_timeline(today=today)
    return PanelContent(
        items=[chart],
        count=total,
        url=f"{reverse('programs:program_list')}?{urlencode({'year': today.year})}"
        if total > len(chart.rows)
        else "",
    )


def overdue_by_agency_panel(*, today: datetime.date, limit: int) -> PanelContent:
    """The lead agencies with the most overdue tasks, as a chart (one query)."""
    chart = charts.overdue_by_agency(today=today)
    return PanelContent(
        items=[chart] if chart.rows else [],
        count=sum(row[1] for row in chart.rows),
        url=f"{reverse('programs:task_list')}?overdue=on&sort=due",
    )
