"""The programs app's charts (:mod:`core.charts` draws them): on a program's page its tasks by
class and its progress over time; on the home page the programs on a timeline by period and
the overdue tasks per lead agency. Each reads what :mod:`programs.progress` computes."""

import datetime

from django.db.models import Count, F
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from agencies.models import Agency
from core.charts import Chart, Span, bar_chart, line_chart, timeline_chart

from .models import Program, Task, TaskUpdate
from .progress import Rollup, attach_rollups, progress_over_time

#: At most this many programs on the home page's timeline (the rest: the program list).
TIMELINE_LIMIT = 12
#: At most this many agencies on the overdue chart.
OVERDUE_AGENCIES = 8


def task_status_chart(rollup: Rollup, labels: dict | None = None) -> Chart:
    """A bar per class of the Government Office's classification (:mod:`programs.progress`),
    labelled with ``labels`` (class → text; the review report's own wording) when given."""
    return bar_chart(
        [
            (str(labels[klass] if labels else label), value, klass)
            for klass, label, value in rollup.rows()
        ],
        title=_("Tasks by status"),
        desc=_(
            "Number of tasks in each class: completed on time or late, not completed "
            "within the deadline or overdue, cancelled."
        ),
        label_header=_("Status"),
        value_header=_("Tasks"),
    )


def progress_chart(program: Program, *, today: datetime.date) -> Chart:
    """The program's progress at each month's end, from its live tasks' dated updates (two
    queries, of the few columns the progress reads)."""
    tasks = Task.objects.filter(program=program, archived_at__isnull=True).values_list(
        "pk", "weight", "status", "progress", "completed_on", "archived_at", named=True
    )
    updates = TaskUpdate.objects.filter(task__program=program).values_list(
        "task_id", "reported_on", "progress", named=True
    )
    points = progress_over_time(tasks, updates, today=today, start=program.starts_on)
    return line_chart(
        points,
        title=_("Progress over time"),
        desc=_("The program's progress at the end of each month, from the tasks' dated updates."),
        date_header=_("Date"),
        value_header=_("Progress"),
    )


def programs_timeline(*, today: datetime.date, limit: int = TIMELINE_LIMIT) -> tuple[Chart, int]:
    """Live programs whose period reaches this year or later, on a timeline by period, each
    with its progress (two queries: the programs, their roll-ups); and how many there are."""
    programs = (
        Program.objects.live()
        .exclude(period_end__lt=today.year)
        .order_by(F("period_start").asc(nulls_last=True), "period_end", "pk")
    )
    total = programs.count()
    shown = attach_rollups(programs[:limit], today)
    spans = [
        Span(
            label=program.identifier or program.title,
            start=program.period_start,
            end=program.period_end,
            klass=program.current_status,
            url=program.get_absolute_url(),
            note=f"{program.rollup.progress}%" if program.rollup.progress is not None else "",
        )
        for program in shown
    ]
    chart = timeline_chart(
        spans,
        today=today,
        title=_("Programs by period"),
        desc=_(
            "Programs running this year or later, each bar its period of years; the "
            "dashed line is today."
        ),
        headers=(_("Program"), _("Period"), _("Progress")),
    )
    return chart, total


def overdue_by_agency(*, today: datetime.date, limit: int = OVERDUE_AGENCIES) -> Chart:
    """The lead agencies with the most overdue tasks (two queries: the overdue tasks counted
    per agency, the names of the first), each bar linking to the task list filtered to it."""
    # Counted per agency id alone, from the index task_open_lead_due (a third of the tasks
    # are overdue at national scale: grouping on the names too sorted all of them), then the
    # names of the agencies that may be shown, in the database's order for the ties.
    counts = (
        Task.objects.live()
        .overdue(today)
        .filter(program__archived_at__isnull=True)
        .values_list("lead_agency_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    counts = sorted(counts, key=lambda row: -row[1])
    if len(counts) > limit:
        counts = [row for row in counts if row[1] >= counts[limit - 1][1]]
    names = {
        agency.pk: agency
        for agency in Agency.objects.filter(pk__in=[pk for pk, _n in counts if pk]).order_by("name")
    }
    order = {pk: index for index, pk in enumerate(names)}
    rows = [
        {
            "lead_agency_id": pk,
            "agency_name": names[pk].name if pk in names else None,
            "agency_short_name": names[pk].short_name if pk in names else None,
            "n": n,
        }
        for pk, n in sorted(counts, key=lambda row: (-row[1], order.get(row[0], len(order))))
    ][:limit]
    base = reverse("programs:task_list")
    links = [
        f"{base}?{urlencode({'overdue': 'on', 'lead_agency': row['lead_agency_id']})}"
        if row["lead_agency_id"]
        else f"{base}?overdue=on"
        for row in rows
    ]
    return bar_chart(
        [
            (
                row["agency_short_name"] or row["agency_name"] or _("No lead agency"),
                row["n"],
                "overdue",
            )
            for row in rows
        ],
        title=_("Overdue tasks per lead agency"),
        desc=_("The lead agencies with the most open tasks past their due date."),
        label_header=_("Lead agency"),
        value_header=_("Overdue tasks"),
        links=links,
    )
