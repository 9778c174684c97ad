"""A program's progress at a glance: its tasks classified the way the Government Office tracks
them (Văn phòng Chính phủ), and rolled up into one figure (docs/progress.md).

One classification, one roll-up, for every page that shows progress:

- :func:`task_class` says where a task stands on a day, from the task's own fields (today:
  the program page) or from its dated updates (:func:`task_as_of`, the review report's as-of
  day); :func:`task_class_expression` is the same rule as a query expression, for the program
  list and the home page, which count many programs' tasks in one grouped query
  (:func:`program_rollups`). ``tests/programs/test_progress.py`` checks the two agree.
- :func:`rollup` turns counted tasks (:class:`Bucket` per class) into a :class:`Rollup`: the
  counts per class and the progress, the mean of the tasks' progress weighted by
  ``Task.weight``, cancelled tasks left out.

The classes:

- completed on time (``on_time``): done on or before its due date, or done with no due date;
- completed late (``late``): done after its due date;
- completed, date not recorded (``done_undated``): done, but no completion date is known (a
  task marked done before completion dates were kept, with no update at 100 %);
- not completed, within the deadline (``within``): open and not yet due; a task **with no due
  date** (ongoing or recurring work) is never overdue, so it counts here;
- not completed, overdue (``overdue``): open and past its due date;
- cancelled (``cancelled``): left out of the progress and of the total, counted apart.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils.translation import gettext_lazy as _

from .models import Task, TaskStatus

ON_TIME, LATE, DONE_UNDATED, WITHIN, OVERDUE, CANCELLED = (
    "on_time",
    "late",
    "done_undated",
    "within",
    "overdue",
    "cancelled",
)
#: The classes in the order pages and charts list them.
CLASSES = (ON_TIME, LATE, DONE_UNDATED, WITHIN, OVERDUE, CANCELLED)
DONE_CLASSES = (ON_TIME, LATE, DONE_UNDATED)
OPEN_CLASSES = (WITHIN, OVERDUE)
CLASS_LABELS = {
    ON_TIME: _("Completed on time"),
    LATE: _("Completed late"),
    DONE_UNDATED: _("Completed, date not recorded"),
    WITHIN: _("Not completed, within the deadline"),
    OVERDUE: _("Not completed, overdue"),
    CANCELLED: _("Cancelled"),
}


def task_class(
    *,
    status: str,
    due_on: datetime.date | None,
    completed_on: datetime.date | None,
    on: datetime.date,
) -> str:
    """The class of a task with ``status``, ``due_on`` and ``completed_on`` on day ``on``."""
    if status == TaskStatus.CANCELLED:
        return CANCELLED
    if status == TaskStatus.DONE:
        if completed_on is None:
            return DONE_UNDATED
        return LATE if due_on and completed_on > due_on else ON_TIME
    return OVERDUE if due_on and due_on < on else WITHIN


def task_class_expression(on: datetime.date) -> Case:
    """:func:`task_class` as a query expression on ``Task`` rows."""
    return Case(
        When(status=TaskStatus.CANCELLED, then=Value(CANCELLED)),
        When(Q(status=TaskStatus.DONE, completed_on__isnull=True), then=Value(DONE_UNDATED)),
        When(
            Q(status=TaskStatus.DONE, due_on__isnull=False, completed_on__gt=F("due_on")),
            then=Value(LATE),
        ),
        When(status=TaskStatus.DONE, then=Value(ON_TIME)),
        When(due_on__lt=on, then=Value(OVERDUE)),
        default=Value(WITHIN),
    )


@dataclass
class Bucket:
    """Tasks of one class: how many, their summed weight and their summed weight × progress."""

    count: int = 0
    weight: int = 0
    weighted_progress: int = 0

    def add(self, *, weight: int, progress: int, count: int = 1) -> None:
        self.count += count
        self.weight += weight
        self.weighted_progress += weight * progress


@dataclass
class Rollup:
    """A program's (or several programs') tasks at a glance: ``counts`` per class, ``total``
    (cancelled left out), ``done``, ``open``, and ``progress``, the weighted mean in whole
    per cent (``None`` when no task counts)."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    total: int = 0
    done: int = 0
    open: int = 0
    progress: int | None = None

    @property
    def overdue(self) -> int:
        return self.counts[OVERDUE]

    @property
    def cancelled(self) -> int:
        return self.counts[CANCELLED]

    def rows(self) -> list[tuple[str, str, int]]:
        """(class, label, count) for each class, in order; the undated class only when some
        task is in it."""
        return [
            (klass, CLASS_LABELS[klass], self.counts[klass])
            for klass in CLASSES
            if klass != DONE_UNDATED or self.counts[klass]
        ]


def rollup(buckets: dict[str, Bucket]) -> Rollup:
    """The roll-up of tasks counted per class: the one place the progress of several tasks is
    computed. Progress = Σ(weight × progress) / Σ weight over the open and done tasks, rounded
    half up to a whole per cent; cancelled tasks count in ``counts`` only."""
    result = Rollup()
    weight = weighted = 0
    for klass, bucket in buckets.items():
        result.counts[klass] += bucket.count
        if klass == CANCELLED:
            continue
        weight += bucket.weight
        weighted += bucket.weighted_progress
    result.done = sum(result.counts[k] for k in DONE_CLASSES)
    result.open = sum(result.counts[k] for k in OPEN_CLASSES)
    result.total = result.done + result.open
    if weight:
        result.progress = (2 * weighted + weight) // (2 * weight)
    return result


@dataclass
class TaskState:
    """Where a task stood on a day: its progress, its class and the day it was completed."""

    task: Task
    progress: int
    klass: str
    completed_on: datetime.date | None


def task_now(task: Task, on: datetime.date) -> TaskState:
    """Where ``task`` stands on ``on`` from its own fields (status, progress, completion)."""
    klass = task_class(
        status=task.status, due_on=task.due_on, completed_on=task.completed_on, on=on
    )
    return TaskState(task, task.progress, klass, task.completed_on)


def task_as_of(task: Task, on: datetime.date, updates: Iterable | None = None) -> TaskState:
    """Where ``task`` stood on ``on``, read from its dated updates (``updates``, or the
    prefetched ``task.updates``; anything with ``reported_on`` and ``progress``):

    - its progress is that of its latest update dated on or before ``on``; a task with updates,
      none of them by ``on``, had not started; a task with no update at all is taken as
      recorded;
    - completed: its first update at 100 % dated by ``on``, else its recorded completion date
      when that is by ``on`` (or, without either, its status "done": date not recorded);
    - a cancelled task is cancelled.
    """
    every = sorted(
        task.updates.all() if updates is None else updates,
        key=lambda u: u.reported_on,
        reverse=True,
    )
    if task.status == TaskStatus.CANCELLED:
        return TaskState(task, task.progress, CANCELLED, None)
    by_then = [u for u in every if u.reported_on <= on]
    reached = [u.reported_on for u in by_then if u.progress >= 100]
    completed_on = min(reached) if reached else None
    if completed_on is None and task.completed_on and task.completed_on <= on:
        completed_on = task.completed_on
    if completed_on is not None:
        done = True
    elif every:
        done = False
    else:
        done = task.status == TaskStatus.DONE and task.completed_on is None
    if every and not by_then:
        progress = 0
    elif by_then:
        progress = by_then[0].progress
    else:
        progress = task.progress
    status = TaskStatus.DONE if done else TaskStatus.IN_PROGRESS
    klass = task_class(status=status, due_on=task.due_on, completed_on=completed_on, on=on)
    return TaskState(task, 100 if done else progress, klass, completed_on)


def rollup_states(states: Iterable[TaskState]) -> Rollup:
    """The :func:`rollup` of tasks in the states given."""
    buckets: dict[str, Bucket] = {}
    for state in states:
        buckets.setdefault(state.klass, Bucket()).add(
            weight=state.task.weight, progress=state.progress
        )
    return rollup(buckets)


def program_rollups(program_ids: Iterable[int], on: datetime.date) -> dict[int, Rollup]:
    """The :class:`Rollup` of each program of ``program_ids`` on ``on`` (archived tasks left
    out), in one grouped query over those programs' tasks only: what a list page shows for
    its rows. A program without tasks gets an empty roll-up."""
    ids = list(program_ids)
    buckets: dict[int, dict[str, Bucket]] = {pk: {} for pk in ids}
    if ids:
        rows = (
            _live_tasks(Task.objects.filter(program_id__in=ids))
            .annotate(klass=task_class_expression(on))
            .values("program_id", "klass")
            .annotate(
                n=Count("pk"),
                w=Sum("weight"),
                wp=Sum(F("weight") * F("progress"), output_field=IntegerField()),
            )
            .order_by()
        )
        for row in rows:
            buckets[row["program_id"]][row["klass"]] = Bucket(row["n"], row["w"], row["wp"])
    return {pk: rollup(found) for pk, found in buckets.items()}


def attach_rollups(programs: Iterable, on: datetime.date) -> list:
    """``programs`` as a list, each with its ``rollup`` (:func:`program_rollups`, one query)."""
    programs = list(programs)
    rollups = program_rollups([p.pk for p in programs], on)
    for program in programs:
        program.rollup = rollups[program.pk]
    return programs


def _live_tasks(tasks: QuerySet) -> QuerySet:
    return tasks.filter(archived_at__isnull=True)


def progress_over_time(
    tasks: list[Task], updates: Iterable, *, today: datetime.date, start: datetime.date | None
) -> list[tuple[datetime.date, int]]:
    """The program's progress at the end of each month, from the month of its first dated
    update (or ``start``, when later updates exist) to ``today``: (day, per cent) points, each
    the :func:`rollup` progress of the live ``tasks`` as :func:`task_as_of` reads them on that
    day. ``updates`` are every update of ``tasks`` (rows with ``task_id``, ``reported_on``,
    ``progress``, in the order :func:`task_as_of` would get them); empty without dated updates.

    One sweep through the updates in date order, not :func:`task_as_of` per task and month
    (a program of 200 tasks over 15 years was 36,000 calls): only the progress is needed, and a
    task's progress on a day changes only on its updates' dates and its completion date."""
    by_task: dict[int, list] = {}
    for update in updates:
        by_task.setdefault(update.task_id, []).append(update)
    if not by_task:
        return []
    first = min(u.reported_on for rows in by_task.values() for u in rows)
    if start and start > first:
        first = start
    # Each counted task's progress now (``current``) and the events that change it: an update
    # (its progress becomes the latest one; at 100 % it is completed) or its recorded
    # completion date. Cancelled tasks are out of the progress whatever their updates.
    weight_total = weighted = 0
    current: dict[int, int] = {}
    base: dict[int, int] = {}
    done: set[int] = set()
    weights: dict[int, int] = {}
    events: list[tuple[datetime.date, int, int, int | None]] = []
    for task in tasks:
        if task.archived_at is not None or task.status == TaskStatus.CANCELLED:
            continue
        own = by_task.get(task.pk, ())
        weights[task.pk] = task.weight
        weight_total += task.weight
        if own:
            base[task.pk] = 0
        else:
            base[task.pk] = task.progress
            if task.status == TaskStatus.DONE and task.completed_on is None:
                done.add(task.pk)
        # Of updates on the same day the first given counts (task_as_of's stable sort):
        # applied last.
        for index, update in enumerate(own):
            events.append((update.reported_on, -index, task.pk, update.progress))
        if task.completed_on:
            events.append((task.completed_on, 0, task.pk, None))
        current[task.pk] = 100 if task.pk in done else base[task.pk]
        weighted += task.weight * current[task.pk]
    if not weight_total:
        return []
    events.sort(key=lambda event: (event[0], event[1]))
    pending = iter(events)
    event = next(pending, None)
    points = []
    year, month = first.year, first.month
    while (year, month) <= (today.year, today.month):
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        day = min(following - datetime.timedelta(days=1), today)
        while event is not None and event[0] <= day:
            _on, _order, pk, progress = event
            if progress is None or progress >= 100:
                done.add(pk)
            else:
                base[pk] = progress
            now = 100 if pk in done else base[pk]
            weighted += weights[pk] * (now - current[pk])
            current[pk] = now
            event = next(pending, None)
        points.append((day, (2 * weighted + weight_total) // (2 * weight_total)))
        year, month = following.year, following.month
    return points
