"""What an account's work is: the records of its agency (and the units under it) and the
records it follows, read for "my work", the daily digest and the calendar feed.

The scope of an account (:class:`Scope`): its agency's units
(:func:`agencies.selectors.agency_with_descendants`), the programs it follows and the
directives it follows. In scope are

- **programs** one of those units signed, followed, or based on a followed directive;
- **tasks** a unit leads or coordinates, the tasks without a lead agency of the units'
  programs, and every task of a followed program (directly or through a directive);
- **meetings** a unit took part in, or that reviewed or signed a program in scope, or
  reviewed a followed directive;
- **reviews** (sơ kết, tổng kết) the schedules of the programs in scope place.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Max, Q, QuerySet
from django.db.models.functions import Coalesce

from agencies.selectors import agency_with_descendants
from programs.models import Program, ReviewMeeting, Task, TaskStatus
from programs.selectors import ScheduledReview, recent_changes, scheduled_reviews

from .models import Follow


@dataclass(frozen=True)
class Scope:
    """The agencies and the followed records an account's work covers."""

    agency_ids: frozenset[int] = frozenset()
    program_ids: frozenset[int] = frozenset()
    directive_ids: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.agency_ids or self.program_ids or self.directive_ids)


def scope_for(user) -> Scope:
    """``user``'s scope (two queries: the follows and the agency tree)."""
    from agencies.models import UserProfile

    programs, directives = set(), set()
    for program_id, directive_id in Follow.objects.filter(user=user).values_list(
        "program_id", "directive_id"
    ):
        if program_id:
            programs.add(program_id)
        if directive_id:
            directives.add(directive_id)
    agency_id = UserProfile.objects.filter(user=user).values_list("agency_id", flat=True).first()
    return Scope(
        agency_ids=frozenset(agency_with_descendants(agency_id)),
        program_ids=frozenset(programs),
        directive_ids=frozenset(directives),
    )


def _followed_programs(scope: Scope) -> Q:
    return Q(pk__in=scope.program_ids) | Q(based_on__in=scope.directive_ids)


def programs_in_scope(scope: Scope) -> QuerySet[Program]:
    """Programs the scope's agencies signed or the account follows (directly or through a
    directive), live."""
    ids = Program.objects.filter(
        Q(signatories__agency__in=scope.agency_ids) | _followed_programs(scope)
    ).values("pk")
    return Program.objects.live().filter(pk__in=ids)


def tasks_in_scope(scope: Scope) -> QuerySet[Task]:
    """Live tasks of live programs in the scope (see the module's docstring)."""
    signed = Program.objects.filter(signatories__agency__in=scope.agency_ids).values("pk")
    followed = Program.objects.filter(_followed_programs(scope)).values("pk")
    ids = Task.objects.filter(
        Q(lead_agency__in=scope.agency_ids)
        | Q(coordinating_agencies__in=scope.agency_ids)
        | Q(lead_agency__isnull=True, program__in=signed)
        | Q(program__in=followed)
    ).values("pk")
    return Task.objects.live().filter(pk__in=ids, program__archived_at__isnull=True)


def meetings_in_scope(scope: Scope) -> QuerySet[ReviewMeeting]:
    """Live meetings the scope's agencies took part in, or about its programs or followed
    directives."""
    programs = programs_in_scope(scope).values("pk")
    ids = ReviewMeeting.objects.filter(
        Q(participants__in=scope.agency_ids)
        | Q(programs__in=programs)
        | Q(signed_programs__in=programs)
        | Q(directives__in=scope.directive_ids)
    ).values("pk")
    return ReviewMeeting.objects.live().filter(pk__in=ids)


def stale_programs(scope: Scope, *, today: datetime.date) -> QuerySet[Program]:
    """Programs in scope, in force, without a progress update for ``STALE_PROGRAM_DAYS``
    (counted from the signing date when no task has an update yet), the longest silent
    first; each carries ``last_update``."""
    cutoff = today - datetime.timedelta(days=settings.STALE_PROGRAM_DAYS)
    return (
        programs_in_scope(scope)
        .in_force(today)
        .annotate(last_update=Max("tasks__updates__reported_on"))
        .annotate(last_activity=Coalesce("last_update", "signed_on"))
        .filter(Q(last_activity__lt=cutoff) | Q(last_activity__isnull=True))
        .order_by(F("last_activity").asc(nulls_first=True), "pk")
    )


@dataclass
class Work:
    """What "my work" and the digest show for an account on a day."""

    scope: Scope
    today: datetime.date
    until: datetime.date
    due: list[Task] = field(default_factory=list)
    overdue: list[Task] = field(default_factory=list)
    reviews: list[ScheduledReview] = field(default_factory=list)
    meetings: list[ReviewMeeting] = field(default_factory=list)
    stale: list[Program] = field(default_factory=list)
    changes: list = field(default_factory=list)

    @property
    def coming_count(self) -> int:
        """Items of the digest: due, overdue, reviews and meetings coming."""
        return len(self.due) + len(self.overdue) + len(self.reviews) + len(self.meetings)


def work_for(
    scope: Scope,
    *,
    today: datetime.date,
    days: int,
    review_days: int | None = None,
    stale: bool = True,
    since: datetime.datetime | None = None,
    limit: int = 50,
) -> Work:
    """The scope's tasks due within ``days`` from ``today``, overdue tasks, meetings within
    ``days``, reviews within ``review_days`` (``days`` by default: reviews are prepared
    further ahead), stale programs (``stale``) and the changes since ``since`` (when given)
    to its programs, tasks and meetings; at most ``limit`` of each (a fixed number of
    queries)."""
    until = today + datetime.timedelta(days=days)
    reviews_until = today + datetime.timedelta(days=review_days or days)
    work = Work(scope=scope, today=today, until=until)
    if scope.empty:
        return work
    tasks = tasks_in_scope(scope).select_related("program", "lead_agency")
    work.due = list(
        tasks.open().filter(due_on__range=(today, until)).order_by("due_on", "pk")[:limit]
    )
    work.overdue = list(tasks.overdue(today).order_by("due_on", "pk")[:limit])
    work.reviews = scheduled_reviews(programs_in_scope(scope), start=today, end=reviews_until)[
        :limit
    ]
    work.meetings = list(
        meetings_in_scope(scope)
        .filter(held_on__range=(today, until))
        .order_by("held_on", "pk")[:limit]
    )
    if stale:
        work.stale = list(stale_programs(scope, today=today)[:limit])
    if since is not None:
        work.changes = changes_since(scope, since, limit=limit)
    return work


def changes_since(scope: Scope, since: datetime.datetime, *, limit: int = 20) -> list:
    """The changes (:func:`programs.selectors.recent_changes`) made after ``since`` to the
    scope's programs, tasks and meetings, newest first."""
    program_ids = set(programs_in_scope(scope).values_list("pk", flat=True))
    meeting_ids = set(meetings_in_scope(scope).values_list("pk", flat=True))
    kept = []
    for record in recent_changes(limit=limit * 4):
        if record.history_date <= since:
            continue
        model = record.source_model
        if model is Program:
            relevant = record.id in program_ids
        elif model is Task:
            relevant = record.program_id in program_ids
        else:
            relevant = record.id in meeting_ids
        if relevant:
            kept.append(record)
    return kept[:limit]


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event of a calendar feed, with a UID that stays the same from one fetch
    to the next (so a calendar application updates it rather than adding a copy)."""

    uid: str
    on: datetime.date
    summary: str
    description: str
    url: str
    category: str


def calendar_events(scope: Scope, *, today: datetime.date) -> list[CalendarEvent]:
    """The scope's meetings, scheduled reviews and task deadlines, from a year back to three
    years ahead (three queries)."""
    if scope.empty:
        return []
    start = today - datetime.timedelta(days=365)
    end = today + datetime.timedelta(days=3 * 365)
    base = settings.SITE_URL
    host = base.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "phoihop"
    events = []
    for meeting in meetings_in_scope(scope).filter(held_on__range=(start, end)):
        events.append(
            CalendarEvent(
                uid=f"meeting-{meeting.pk}@{host}",
                on=meeting.held_on,
                summary=meeting.title,
                description=meeting.place,
                url=base + meeting.get_absolute_url(),
                category=str(meeting.get_kind_display()),
            )
        )
    for review in scheduled_reviews(programs_in_scope(scope), start=start, end=end):
        events.append(
            CalendarEvent(
                uid=f"program-{review.program.pk}-{review.kind}@{host}",
                on=review.on,
                summary=f"{review.label}: {review.program}",
                description=review.program.period_label,
                url=base + review.program.get_absolute_url(),
                category=str(review.label),
            )
        )
    tasks = (
        tasks_in_scope(scope)
        .exclude(status=TaskStatus.CANCELLED)
        .filter(due_on__range=(start, end))
        .select_related("program")
    )
    for task in tasks:
        events.append(
            CalendarEvent(
                uid=f"task-{task.pk}@{host}",
                on=task.due_on,
                summary=task.title,
                description=str(task.program),
                url=base + task.get_absolute_url(),
                category=str(Task._meta.verbose_name),
            )
        )
    return sorted(events, key=lambda event: (event.on, event.uid))
