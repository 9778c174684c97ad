"""Progress at a glance (docs/progress.md): the Government Office's classes, the weighted
roll-up, the status that follows the period, the completion dates kept by the services, the
SVG charts and where they are shown."""

import datetime
import hashlib
import random
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from core.charts import Span, bar_chart, line_chart, timeline_chart
from programs import services
from programs.models import Program, ProgramStatus, Task, TaskStatus
from programs.progress import (
    CANCELLED,
    DONE_UNDATED,
    LATE,
    ON_TIME,
    OVERDUE,
    WITHIN,
    program_rollups,
    progress_over_time,
    rollup_states,
    task_as_of,
    task_class,
    task_now,
)
from tests.programs.factories import ProgramFactory, TaskFactory, TaskUpdateFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 30)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("status", "due_on", "completed_on", "expected"),
    [
        (TaskStatus.DONE, D(2025, 6, 30), D(2025, 6, 30), ON_TIME),
        (TaskStatus.DONE, None, D(2025, 6, 30), ON_TIME),  # no deadline: never late
        (TaskStatus.DONE, D(2025, 6, 30), D(2025, 7, 1), LATE),
        (TaskStatus.DONE, D(2025, 6, 30), None, DONE_UNDATED),
        (TaskStatus.IN_PROGRESS, D(2026, 12, 31), None, WITHIN),
        (TaskStatus.NOT_STARTED, None, None, WITHIN),  # no deadline: within it
        (TaskStatus.IN_PROGRESS, D(2026, 11, 29), None, OVERDUE),
        (TaskStatus.CANCELLED, D(2020, 1, 1), None, CANCELLED),
    ],
)
def test_each_class_and_the_query_agrees(status, due_on, completed_on, expected):
    assert task_class(status=status, due_on=due_on, completed_on=completed_on, on=TODAY) == expected
    task = TaskFactory(
        status=status, due_on=due_on, progress=100 if status == TaskStatus.DONE else 40
    )
    Task.objects.filter(pk=task.pk).update(completed_on=completed_on)
    rollup = program_rollups([task.program_id], TODAY)[task.program_id]
    assert rollup.counts[expected] == 1


def test_rollup_is_the_weighted_mean_without_cancelled_tasks():
    program = ProgramFactory()
    TaskFactory(program=program, progress=100, status=TaskStatus.DONE, weight=3)
    TaskFactory(program=program, progress=20, status=TaskStatus.IN_PROGRESS, weight=1)
    TaskFactory(program=program, progress=0, status=TaskStatus.CANCELLED, weight=5)
    TaskFactory(program=program, progress=90, archived_at=datetime.datetime.now(datetime.UTC))
    # (3×100 + 1×20) / 4 = 80; the cancelled task counts apart, the archived one not at all.
    states = [task_now(t, TODAY) for t in program.tasks.filter(archived_at=None)]
    in_python = rollup_states(states)
    in_sql = program_rollups([program.pk], TODAY)[program.pk]
    for rollup in (in_python, in_sql):
        assert rollup.progress == 80
        assert (rollup.total, rollup.done, rollup.open, rollup.cancelled) == (2, 1, 1, 1)


def test_a_program_without_tasks_has_no_progress():
    program = ProgramFactory()
    rollup = program_rollups([program.pk], TODAY)[program.pk]
    assert rollup.progress is None and rollup.total == 0


def test_as_of_a_day_reads_the_dated_updates():
    task = TaskFactory(due_on=D(2024, 6, 30), status=TaskStatus.DONE, progress=100)
    TaskUpdateFactory(task=task, reported_on=D(2024, 3, 1), progress=40, note="")
    TaskUpdateFactory(task=task, reported_on=D(2024, 7, 5), progress=100, note="")
    assert task_as_of(task, D(2024, 1, 1)).progress == 0
    before = task_as_of(task, D(2024, 6, 1))
    assert (before.progress, before.klass) == (40, WITHIN)
    assert task_as_of(task, D(2024, 7, 1)).klass == OVERDUE
    after = task_as_of(task, D(2024, 8, 1))
    assert (after.klass, after.completed_on) == (LATE, D(2024, 7, 5))


def test_progress_over_time_has_a_point_per_month():
    program = ProgramFactory(signed_on=D(2024, 1, 10), period_start=2024)
    task = TaskFactory(program=program, status=TaskStatus.IN_PROGRESS, progress=60)
    TaskUpdateFactory(task=task, reported_on=D(2024, 1, 20), progress=30, note="")
    TaskUpdateFactory(task=task, reported_on=D(2024, 3, 5), progress=60, note="")
    points = progress_over_time(
        [task], task.updates.all(), today=D(2024, 4, 15), start=program.starts_on
    )
    assert points == [
        (D(2024, 1, 31), 30),
        (D(2024, 2, 29), 30),
        (D(2024, 3, 31), 60),
        (D(2024, 4, 15), 60),
    ]


# -- Completion dates, kept wherever a task is saved --------------------------------------


def test_an_update_at_100_completes_the_task_on_its_date():
    task = TaskFactory(program=ProgramFactory(signed_on=D(2021, 11, 26)), due_on=D(2024, 6, 30))
    services.task_record_progress(task=task, reported_on=D(2024, 7, 2), progress=100)
    task.refresh_from_db()
    assert (task.status, task.completed_on) == (TaskStatus.DONE, D(2024, 7, 2))
    assert task_now(task, TODAY).klass == LATE
    services.task_record_progress(task=task, reported_on=D(2024, 8, 1), progress=80, note="Sai")
    task.refresh_from_db()
    assert (task.status, task.completed_on) == (TaskStatus.IN_PROGRESS, None)


def test_set_done_by_hand_or_in_bulk_is_completed_that_day(settings):
    task = TaskFactory(status=TaskStatus.IN_PROGRESS, progress=50)
    services.task_bulk_change(tasks=[task], changes={"status": TaskStatus.DONE})
    task.refresh_from_db()
    assert task.completed_on is not None
    # Saved again (the admin, a form), the date stays.
    first = task.completed_on
    task.title = "Đổi tên"
    task.save()
    task.refresh_from_db()
    assert task.completed_on == first


def test_counters_follow_the_services():
    """The list's figures are counted on read, so a save through any service shows at once."""
    program = ProgramFactory(signed_on=D(2021, 11, 26))
    task = TaskFactory(program=program, due_on=D(2030, 1, 1))
    assert program_rollups([program.pk], TODAY)[program.pk].progress == 0
    services.task_record_progress(task=task, reported_on=D(2025, 1, 1), progress=50)
    assert program_rollups([program.pk], TODAY)[program.pk].progress == 50
    services.task_record_progress(task=task, reported_on=D(2025, 2, 1), progress=100)
    assert program_rollups([program.pk], TODAY)[program.pk].counts[ON_TIME] == 1


# -- Status follows the period --------------------------------------------------------------


def test_status_follows_the_period_unless_set_by_hand():
    lao = ProgramFactory(signed_on=None, period_start=2021, period_end=2025)
    assert lao.status_on(D(2024, 5, 1)) == ProgramStatus.IN_FORCE
    assert lao.status_on(D(2026, 1, 1)) == ProgramStatus.COMPLETED
    assert lao.status_on(D(2020, 12, 31)) == ProgramStatus.DRAFT
    signed = ProgramFactory(signed_on=D(2024, 11, 1), period_start=2024, period_end=2029)
    assert signed.status_on(D(2024, 10, 31)) == ProgramStatus.DRAFT
    assert signed.status_on(D(2024, 11, 1)) == ProgramStatus.IN_FORCE
    lao.status, lao.status_set_by_hand = ProgramStatus.IN_FORCE, True  # extended
    lao.save()
    assert lao.status_on(D(2026, 6, 1)) == ProgramStatus.IN_FORCE


def test_the_queries_agree_with_the_status_on_a_day():
    lao = ProgramFactory(signed_on=None, period_start=2021, period_end=2025)
    new = ProgramFactory(signed_on=D(2024, 11, 1), period_start=2024, period_end=2029)
    early = ProgramFactory(
        signed_on=D(2022, 1, 1), period_start=2022, period_end=2026, status=ProgramStatus.TERMINATED
    )
    assert early.status_set_by_hand
    on = D(2026, 3, 1)
    for program in (lao, new, early):
        status = program.status_on(on)
        assert program in Program.objects.with_status(status, on)
        annotated = Program.objects.with_current_status(on).get(pk=program.pk)
        assert annotated.status_today == status
    assert set(Program.objects.in_force(on)) == {new}


def test_saving_stores_the_status_the_dates_give():
    program = ProgramFactory(signed_on=None, period_start=2010, period_end=2015)
    program.refresh_from_db()
    assert program.status == ProgramStatus.COMPLETED
    assert not program.status_set_by_hand


def test_the_page_and_the_list_show_a_status_set_by_hand(viewer_client):
    program = ProgramFactory(status=ProgramStatus.TERMINATED)
    page = viewer_client.get(program.get_absolute_url()).content.decode()
    assert 'data-testid="status-by-hand"' in page
    listing = viewer_client.get(reverse("programs:program_list")).content.decode()
    assert 'data-testid="status-by-hand"' in listing
    follows = ProgramFactory(signed_on=None, period_start=2010, period_end=2015)
    assert (
        'data-testid="status-by-hand"'
        not in viewer_client.get(follows.get_absolute_url()).content.decode()
    )


def test_the_list_filters_by_the_status_the_dates_give(viewer_client):
    ended = ProgramFactory(signed_on=None, period_start=2010, period_end=2015)
    Program.objects.filter(pk=ended.pk).update(status=ProgramStatus.IN_FORCE)  # stored long ago
    running = ProgramFactory(signed_on=D(2024, 1, 1), period_start=2024, period_end=2099)
    response = viewer_client.get(
        reverse("programs:program_list"), {"status": ProgramStatus.COMPLETED}
    )
    assert list(response.context["object_list"]) == [ended]
    response = viewer_client.get(reverse("programs:program_list"), {"sort": "status"})
    assert running in response.context["object_list"]


# -- Charts -------------------------------------------------------------------------------------


def _parse(chart) -> ET.Element:
    return ET.fromstring(str(chart))


def test_bar_chart_is_svg_with_a_bar_per_row():
    chart = bar_chart([("Đúng hạn", 3, ON_TIME), ("Quá hạn <b>", 0, OVERDUE)], title="T & t")
    root = _parse(chart)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("viewBox").startswith("0 0 400 ")
    assert root.find(f"{SVG}title").text == "T & t"
    assert len(root.findall(f".//{SVG}rect")) == 2
    assert "Quá hạn <b>" in "".join(root.itertext())  # text escaped, kept as text
    assert "style=" not in str(chart)
    assert chart.rows == [["Đúng hạn", 3], ["Quá hạn <b>", 0]]
    assert str(chart) == str(
        bar_chart([("Đúng hạn", 3, ON_TIME), ("Quá hạn <b>", 0, OVERDUE)], title="T & t")
    )  # same figures, same SVG


def test_line_chart_has_a_point_per_value():
    points = [(D(2024, 1, 31), 10), (D(2024, 2, 29), 30), (D(2024, 3, 31), 65)]
    root = _parse(line_chart(points, title="Tiến độ"))
    assert len(root.findall(f".//{SVG}circle")) == 3
    assert len(root.find(f".//{SVG}polyline").get("points").split()) == 3


def test_line_chart_draws_the_same_svg_as_before():
    """The points are drawn with f-strings, not format_html: byte for byte the SVG the
    format_html version drew (its sha256, taken before the change; the review report's
    fingerprint covers the SVG)."""
    points = [
        (D(2024, 1, 31), 0),
        (D(2024, 2, 29), 12),
        (D(2024, 3, 31), 57),
        (D(2024, 4, 15), 100),
    ]
    svg = str(line_chart(points, title="Tiến độ <b>", desc="d"))
    assert "<title>29/02/2024: 12%</title>" in svg
    assert "Tiến độ &lt;b&gt;" in svg
    assert (
        hashlib.sha256(svg.encode()).hexdigest()
        == "017fc422ce18d8d6bf1c737af61b4f5de35fcbfbfbaf72f775a049f3fbff09da"
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_chart_table_body_renders_the_rows_as_the_template_loop_did(language):
    """Chart.table_body localises and escapes each cell as ``{{ cell }}`` did in the loop
    of loops it replaces in core/includes/_chart_table.html."""
    rows = [["Đúng hạn <b>", 12345], [gettext_lazy("Overdue"), 0], ["31/01/2024", "57%"]]
    chart = bar_chart([("x", 1, ON_TIME)], title="T")
    chart.rows = rows
    loop = Template(
        "{% for row in chart.rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}"
        "</tr>{% endfor %}"
    )
    with translation.override(language):
        expected = loop.render(Context({"chart": chart}))
        assert chart.table_body() == expected
    assert "&lt;b&gt;" in expected
    rendered = render_to_string("core/includes/_chart_table.html", {"chart": chart})
    assert chart.table_body() in rendered


def test_timeline_chart_has_a_bar_per_program_and_a_today_line():
    spans = [Span("A", 2021, 2025, "completed"), Span("B", 2024, 2029, url="/p/2/")]
    root = _parse(timeline_chart(spans, today=TODAY, title="Giai đoạn"))
    assert len(root.findall(f".//{SVG}rect")) == 2
    assert root.find(f".//{SVG}a").get("href") == "/p/2/"
    assert root.find(f".//{SVG}line[@class='ph-chart-today']") is not None


def test_program_page_draws_its_charts(viewer_client):
    program = ProgramFactory(signed_on=D(2024, 1, 10), period_start=2024)
    task = TaskFactory(program=program, due_on=D(2025, 1, 1), status=TaskStatus.IN_PROGRESS)
    TaskUpdateFactory(task=task, reported_on=D(2024, 2, 1), progress=20, note="")
    TaskFactory(program=program, status=TaskStatus.CANCELLED)
    response = viewer_client.get(program.get_absolute_url())
    assert response.context["rollup"].counts[OVERDUE] == 1
    html = response.content.decode()
    assert 'data-chart="bar"' in html and 'data-chart="line"' in html
    status_svg = _parse(response.context["status_chart"])
    assert len(status_svg.findall(f".//{SVG}rect")) == 5  # the undated class only when used


def test_home_page_draws_the_timeline_and_the_overdue_agencies(viewer_client):
    program = ProgramFactory(period_start=2024, period_end=2099)
    ProgramFactory(period_start=2010, period_end=2015)  # ended: not on the timeline
    TaskFactory(program=program, due_on=D(2020, 1, 1), status=TaskStatus.IN_PROGRESS)
    html = viewer_client.get(reverse("home")).content.decode()
    assert 'data-testid="timeline-chart"' in html
    assert 'data-testid="overdue-chart"' in html


def test_list_and_home_count_the_tasks_in_a_fixed_number_of_queries(
    viewer_client, django_assert_num_queries
):
    for _ in range(2):
        TaskFactory(program=ProgramFactory(period_end=2099), due_on=D(2020, 1, 1))
    url = reverse("home")
    viewer_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        viewer_client.get(url)
    for _ in range(5):
        program = ProgramFactory(period_end=2099)
        TaskFactory.create_batch(3, program=program, due_on=D(2020, 1, 1))
    with django_assert_num_queries(len(first)):
        viewer_client.get(url)


def _progress_month_by_month(tasks, updates, *, today, start):
    """The progress over time the slow way (task_as_of per task and month end): what
    progress_over_time's single sweep must agree with."""
    by_task = {}
    for update in updates:
        by_task.setdefault(update.task_id, []).append(update)
    if not by_task:
        return []
    first = max(min(u.reported_on for rows in by_task.values() for u in rows), start or D(1, 1, 1))
    points, year, month = [], first.year, first.month
    while (year, month) <= (today.year, today.month):
        following = D(year + month // 12, month % 12 + 1, 1)
        day = min(following - datetime.timedelta(days=1), today)
        states = [
            task_as_of(task, day, by_task.get(task.pk, ()))
            for task in tasks
            if task.archived_at is None
        ]
        result = rollup_states(states)
        if result.progress is not None:
            points.append((day, result.progress))
        year, month = following.year, following.month
    return points


@pytest.mark.parametrize("seed", range(40))
def test_progress_over_time_agrees_with_task_as_of_month_by_month(seed):
    rng = random.Random(seed)
    day = lambda: D(2020, 1, 1) + datetime.timedelta(days=rng.randrange(0, 3 * 365))  # noqa: E731
    tasks, updates = [], []
    report_days = [day() for _n in range(6)]  # few days: updates on the same day too
    for pk in range(1, rng.randrange(1, 12)):
        status = rng.choice(list(TaskStatus))
        tasks.append(
            SimpleNamespace(
                pk=pk,
                weight=rng.randrange(1, 5),
                status=status,
                progress=100 if status == TaskStatus.DONE else rng.randrange(0, 101),
                completed_on=rng.choice([None, day()]),
                due_on=rng.choice([None, day()]),
                archived_at=rng.choice([None, None, None, "archived"]),
            )
        )
        for _n in range(rng.randrange(0, 6)):
            updates.append(
                SimpleNamespace(
                    task_id=pk,
                    reported_on=rng.choice(report_days),
                    progress=rng.choice([0, 30, 70, 100]),
                )
            )
    updates.sort(key=lambda u: u.reported_on, reverse=True)
    today, start = D(2025, 3, 14), rng.choice([None, D(2021, 5, 1)])
    assert progress_over_time(tasks, updates, today=today, start=start) == (
        _progress_month_by_month(tasks, updates, today=today, start=start)
    )
