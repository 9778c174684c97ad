"""What list users expect (issue 16): sorting by a column (names in Vietnamese order), the page
size, the task list's bulk changes with a confirmation page and one history record per task,
archive and restore, the home page's figures as links, and recent changes per save."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core import archive
from core.demo_loader import DEMO_CHANGE_REASON
from core.roles import MANAGER, STAFF
from programs import selectors, services
from programs.models import Program, ReviewMeeting, Task, TaskStatus
from tests.agencies.factories import AgencyFactory
from tests.directives.factories import DirectiveFactory
from tests.programs.factories import (
    ProgramFactory,
    ReviewMeetingFactory,
    SignatoryFactory,
    TaskFactory,
)

#: Titles in Vietnamese dictionary order (a ă â … đ …), which byte order gets wrong.
TITLES_IN_ORDER = ["An toàn", "Ăn uống", "Ân nghĩa", "Dân vận", "Đoàn kết", "Ý chí"]


def _titles(response) -> list[str]:
    return [row.title for row in response.context["object_list"]]


# --- Sorting ------------------------------------------------------------------------------------


def test_programs_sort_by_title_in_vietnamese_order_both_ways(viewer_client, db):
    for title in reversed(TITLES_IN_ORDER):
        ProgramFactory(title=title)
    url = reverse("programs:program_list")
    assert _titles(viewer_client.get(url, {"sort": "title"})) == TITLES_IN_ORDER
    assert _titles(viewer_client.get(url, {"sort": "-title"})) == TITLES_IN_ORDER[::-1]


def test_tasks_sort_by_lead_agency_in_vietnamese_order(viewer_client, db):
    for name in ("Đoàn Thanh niên", "Bộ Ngoại giao", "Ủy ban Dân tộc"):
        TaskFactory(title=f"Việc của {name}", lead_agency=AgencyFactory(name=name))
    response = viewer_client.get(reverse("programs:task_list"), {"sort": "lead"})
    assert [task.lead_agency.name for task in response.context["object_list"]] == [
        "Bộ Ngoại giao",
        "Đoàn Thanh niên",
        "Ủy ban Dân tộc",
    ]


def test_an_unknown_sort_keeps_the_default_order(viewer_client, db):
    ProgramFactory(signed_on=datetime.date(2020, 1, 1), title="Cũ")
    ProgramFactory(signed_on=datetime.date(2024, 1, 1), title="Mới")
    response = viewer_client.get(reverse("programs:program_list"), {"sort": "nonsense"})
    assert _titles(response) == ["Mới", "Cũ"]


def test_the_header_links_sort_and_keep_the_filters(viewer_client, db):
    ProgramFactory()
    content = viewer_client.get(
        reverse("programs:program_list"), {"status": "in_force", "sort": "title"}
    ).content.decode()
    assert 'aria-sort="ascending"' in content
    assert "?status=in_force&amp;sort=-title" in content


def test_meetings_and_directives_sort_by_title(viewer_client, db):
    for title in reversed(TITLES_IN_ORDER[:3]):
        ReviewMeetingFactory(title=title)
        DirectiveFactory(title=title)
    meetings = viewer_client.get(reverse("programs:reviewmeeting_list"), {"sort": "title"})
    assert _titles(meetings) == TITLES_IN_ORDER[:3]
    directives = viewer_client.get(reverse("directives:directive_list"), {"sort": "title"})
    assert _titles(directives) == TITLES_IN_ORDER[:3]


# --- Page size ----------------------------------------------------------------------------------


def test_the_page_size_is_chosen_from_the_offered_sizes(viewer_client, db):
    for _ in range(12):
        ProgramFactory()
    url = reverse("programs:program_list")
    assert len(viewer_client.get(url, {"per_page": 10}).context["object_list"]) == 10
    assert len(viewer_client.get(url).context["object_list"]) == 12
    assert len(viewer_client.get(url, {"per_page": 7}).context["object_list"]) == 12
    assert 'data-testid="page-sizes"' in viewer_client.get(url).content.decode()


# --- Bulk changes of tasks ---------------------------------------------------------------------


@pytest.fixture
def three_tasks(db):
    program = ProgramFactory()
    SignatoryFactory(program=program)  # the test accounts' agency: their staff edit it
    return [TaskFactory(program=program, title=f"Nhiệm vụ {n}") for n in range(3)]


def _bulk(client, tasks, **fields):
    data = {"tasks": [task.pk for task in tasks], "action": "change", **fields}
    return client.post(reverse("programs:task_bulk"), data)


def test_a_bulk_change_shows_a_confirmation_first_and_saves_nothing(staff_client, three_tasks):
    lead = AgencyFactory(name="Bộ Ngoại giao")
    response = _bulk(staff_client, three_tasks[:2], status="in_progress", lead_agency=lead.pk)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="bulk-confirm"' in content
    assert "Bộ Ngoại giao" in content
    assert not Task.objects.filter(lead_agency=lead).exists()


def test_a_confirmed_bulk_change_writes_one_history_record_per_task(staff_client, three_tasks):
    lead = AgencyFactory()
    before = {task.pk: task.history.count() for task in three_tasks}
    response = _bulk(
        staff_client,
        three_tasks[:2],
        status="in_progress",
        lead_agency=lead.pk,
        due_on="31/12/2026",
        reason="Phân công lại",
        confirm="True",
        next=reverse("programs:task_list") + "?status=in_progress",
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?status=in_progress")
    for task in three_tasks[:2]:
        task.refresh_from_db()
        assert (task.status, task.lead_agency, task.due_on) == (
            TaskStatus.IN_PROGRESS,
            lead,
            datetime.date(2026, 12, 31),
        )
        assert task.history.count() == before[task.pk] + 1
        assert task.history.first().history_change_reason == "Phân công lại"
        assert task.version == 2
    untouched = three_tasks[2]
    assert untouched.history.count() == before[untouched.pk]


def test_bulk_done_completes_the_tasks(staff_client, three_tasks):
    _bulk(staff_client, three_tasks, status="done", confirm="True")
    assert set(Task.objects.values_list("status", "progress")) == {(TaskStatus.DONE, 100)}


def test_a_bulk_change_without_a_change_is_refused(staff_client, three_tasks):
    response = _bulk(staff_client, three_tasks, confirm="True")
    assert response.status_code == 200
    assert 'data-testid="form-errors"' in response.content.decode()


def test_a_bulk_change_needs_the_change_permission(viewer_client, three_tasks):
    assert _bulk(viewer_client, three_tasks, status="done", confirm="True").status_code == 403


def test_bulk_archive_and_restore(client_for, three_tasks):
    data = {"tasks": [three_tasks[0].pk], "confirm": "True"}
    url = reverse("programs:task_bulk")
    staff = client_for(STAFF)
    assert staff.post(url, {**data, "action": "archive"}).status_code == 302
    assert Task.objects.live().count() == 2
    assert staff.post(url, {**data, "action": "restore"}).status_code == 403
    assert client_for(MANAGER).post(url, {**data, "action": "restore"}).status_code == 302
    assert Task.objects.live().count() == 3
    reasons = list(three_tasks[0].history.values_list("history_change_reason", flat=True)[:2])
    assert reasons == [str(archive.RESTORED_REASON), str(archive.ARCHIVED_REASON)]


def test_task_list_query_count_is_fixed(viewer_client, db, django_assert_max_num_queries):
    for _ in range(3):
        TaskFactory(lead_agency=AgencyFactory())
    TaskFactory(lead_agency=None, due_on=datetime.date(2020, 1, 1))
    url = reverse("programs:task_list")
    viewer_client.get(url)
    with django_assert_max_num_queries(12) as small:
        viewer_client.get(url)
    for _ in range(10):
        TaskFactory(lead_agency=AgencyFactory())
    with django_assert_max_num_queries(len(small.captured_queries)):
        viewer_client.get(url)


# --- Archive and restore -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("factory", "name"),
    [(ProgramFactory, "program"), (ReviewMeetingFactory, "reviewmeeting")],
)
def test_archive_hides_from_the_list_and_a_manager_restores(client_for, factory, name):
    staff_client = client_for(STAFF)
    record = factory()
    if factory is ProgramFactory:
        SignatoryFactory(program=record)  # the test accounts' agency: their staff archive it
    list_url = reverse(f"programs:{name}_list")
    response = staff_client.post(reverse(f"programs:{name}_archive", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.archived_at is not None
    assert record.history.first().history_change_reason == str(archive.ARCHIVED_REASON)
    assert record not in staff_client.get(list_url).context["object_list"]
    assert record in staff_client.get(list_url, {"archived": "only"}).context["object_list"]
    page = staff_client.get(record.get_absolute_url()).content.decode()
    assert 'data-testid="archived-notice"' in page

    restore_url = reverse(f"programs:{name}_restore", args=[record.pk])
    assert staff_client.post(restore_url).status_code == 403
    assert client_for(MANAGER).post(restore_url).status_code == 302
    record.refresh_from_db()
    assert record.archived_at is None
    assert record in client_for(STAFF).get(list_url).context["object_list"]


def test_a_directive_is_archived_and_restored(client_for, db):
    directive = DirectiveFactory()
    staff_client = client_for(STAFF)
    staff_client.post(reverse("directives:directive_archive", args=[directive.pk]))
    list_url = reverse("directives:directive_list")
    assert directive not in staff_client.get(list_url).context["object_list"]
    manager_client = client_for(MANAGER)
    manager_client.post(reverse("directives:directive_restore", args=[directive.pk]))
    assert directive in manager_client.get(list_url).context["object_list"]


def test_a_viewer_cannot_archive(viewer_client, db):
    program = ProgramFactory()
    response = viewer_client.post(reverse("programs:program_archive", args=[program.pk]))
    assert response.status_code == 403


def test_archived_programs_are_left_out_of_search_and_home(viewer_client, db):
    program = ProgramFactory(title="Chương trình lưu trữ riêng", period_start=2020, period_end=2099)
    search_url = reverse("search")
    assert "lưu trữ riêng" in viewer_client.get(search_url, {"q": "luu tru rieng"}).content.decode()
    archive.archive(program)
    assert (
        "lưu trữ riêng"
        not in viewer_client.get(search_url, {"q": "luu tru rieng"}).content.decode()
    )
    in_force = selectors.in_force_panel(today=datetime.date.today(), limit=8)
    assert program not in in_force.items


# --- Home page figures and recent changes ----------------------------------------------------


def test_the_home_figures_open_the_filtered_lists(viewer_client, db):
    overdue = TaskFactory(due_on=datetime.date(2020, 1, 1))
    TaskFactory(due_on=datetime.date(2099, 1, 1))
    ending = ProgramFactory(period_start=2020, period_end=datetime.date.today().year)
    today = datetime.date.today()
    overdue_panel = selectors.overdue_tasks_panel(today=today, limit=8)
    response = viewer_client.get(overdue_panel.url)
    assert list(response.context["object_list"]) == [overdue]
    ending_panel = selectors.ending_soon_panel(today=today, limit=8)
    assert ending in viewer_client.get(ending_panel.url).context["object_list"]
    home = viewer_client.get(reverse("home")).content.decode()
    assert overdue_panel.url.replace("&", "&amp;") in home


def test_recent_changes_group_one_save_and_hide_the_demo_loader(db, users):
    agencies = [AgencyFactory(), AgencyFactory()]
    program = Program(title="Chương trình mới", signed_on=datetime.date(2024, 1, 1))
    from programs.models import Signatory

    services.program_save(
        program=program,
        parties=[Signatory(agency=agency) for agency in agencies],
        tasks=[services.TaskEdit(task=Task(title=f"Việc {n}")) for n in range(3)],
        user=users["staff"],
    )
    demo = ReviewMeeting(kind="final_review", title="Hội nghị mẫu", held_on=datetime.date.today())
    demo._change_reason = str(DEMO_CHANGE_REASON)
    demo.save()
    changes = selectors.recent_changes(limit=10)
    assert [(change.source_model, change.id) for change in changes] == [(Program, program.pk)]
    assert changes[0].tasks_changed == 3


def test_recent_changes_link_a_live_task_to_its_page_else_to_its_program(db, users):
    """A task has a page of its own; an archived or deleted one is reached from its program."""
    program = ProgramFactory()
    # Long before its tasks: they are not folded into the program's line.
    Program.history.filter(id=program.pk).update(
        history_date=timezone.now() - datetime.timedelta(days=1)
    )
    live, archived, deleted = (TaskFactory(program=program, title=f"Việc {n}") for n in range(3))
    archive.archive(archived, user=users["manager"])
    deleted_pk = deleted.pk
    deleted.delete()
    targets = {
        change.id: change.target_url
        for change in selectors.recent_changes(limit=10)
        if change.source_model is Task
    }
    program_url = program.get_absolute_url()
    assert targets[live.pk] == reverse("programs:task_detail", args=[live.pk])
    assert targets[archived.pk] == f"{program_url}#task-{archived.pk}"
    assert targets[deleted_pk] == f"{program_url}#task-{deleted_pk}"


# --- Pages ------------------------------------------------------------------------------------


def test_a_meeting_started_from_a_program_or_directive_has_it_chosen(staff_client, db):
    program, directive = ProgramFactory(), DirectiveFactory()
    url = reverse("programs:reviewmeeting_create")
    form = staff_client.get(url, {"program": program.pk}).context["form"]
    assert form.initial["programs"] == [program.pk]
    form = staff_client.get(url, {"directive": directive.pk}).context["form"]
    assert form.initial["directives"] == [directive.pk]
    assert "programs" not in staff_client.get(url, {"program": "x"}).context["form"].initial
    page = staff_client.get(program.get_absolute_url()).content.decode()
    assert f"{url}?program={program.pk}" in page
    page = staff_client.get(directive.get_absolute_url()).content.decode()
    assert f"{url}?directive={directive.pk}" in page


def test_task_descriptions_are_on_the_program_page_folded(viewer_client, db):
    task = TaskFactory(description="Tổ chức tập huấn cho cán bộ\nở 63 tỉnh, thành phố")
    page = viewer_client.get(task.program.get_absolute_url()).content.decode()
    assert 'data-testid="task-description"' in page
    assert "Tổ chức tập huấn cho cán bộ<br>ở 63 tỉnh, thành phố" in page


# --- Archived tasks on the program page, its count, its PDF and the agency page ---------------


@pytest.fixture
def program_with_archived_task(db):
    program = ProgramFactory()
    TaskFactory(program=program, title="Nhiệm vụ đang làm", description="")
    archived = TaskFactory(program=program, title="Nhiệm vụ đã lưu trữ", description="")
    archive.archive(archived)
    return program, archived


def test_archived_tasks_are_hidden_on_the_program_page_until_asked(
    viewer_client, program_with_archived_task
):
    program, archived = program_with_archived_task
    response = viewer_client.get(program.get_absolute_url())
    page = response.content.decode()
    assert [task.title for task in response.context["tasks"]] == ["Nhiệm vụ đang làm"]
    assert f'id="task-{archived.pk}"' not in page  # the history tab still names it
    assert 'data-testid="show-archived-tasks"' in page

    response = viewer_client.get(program.get_absolute_url(), {"archived": "1"})
    page = response.content.decode()
    assert 'data-testid="archived-tasks"' in page
    assert "Nhiệm vụ đã lưu trữ" in page
    assert f'id="task-{archived.pk}"' in page
    assert archived.get_absolute_url().endswith(f"?archived=1#task-{archived.pk}")


def test_the_program_page_counts_the_same_queries_with_archived_tasks_shown(
    viewer_client, program_with_archived_task, django_assert_max_num_queries
):
    program, _archived = program_with_archived_task
    url = program.get_absolute_url()
    with django_assert_max_num_queries(100) as hidden:
        viewer_client.get(url)
    # Listed, the archived tasks are read like the live ones (the rows, their agencies and
    # latest updates: two queries more than counting them), however many there are.
    with django_assert_max_num_queries(len(hidden.captured_queries) + 2):
        viewer_client.get(url, {"archived": "1"})


def test_archived_tasks_are_left_out_of_counts_edit_page_report_and_agency_page(
    viewer_client, staff_client, program_with_archived_task
):
    from reports.models import ReportKind
    from reports.rendering import report_data

    program, archived = program_with_archived_task
    listed = viewer_client.get(reverse("programs:program_list")).context["object_list"]
    assert [row.rollup.total for row in listed if row.pk == program.pk] == [1]
    tasks = staff_client.get(reverse("programs:task_list"), {"program": program.pk})
    assert [task.title for task in tasks.context["object_list"]] == ["Nhiệm vụ đang làm"]
    data = report_data(
        kind=ReportKind.PROGRAM_FINAL_REVIEW,
        subject_id=program.pk,
        parameters={"as_of": datetime.date.today().isoformat()},
    )
    assert "Nhiệm vụ đang làm" in repr(data)
    assert "Nhiệm vụ đã lưu trữ" not in repr(data)
    agency = archived.lead_agency
    agency_page = viewer_client.get(agency.get_absolute_url()).content.decode()
    assert "Nhiệm vụ đã lưu trữ" not in agency_page


def test_the_menu_offers_the_task_list(viewer_client, db):
    page = viewer_client.get(reverse("programs:task_list")).content.decode()
    assert f'href="{reverse("programs:task_list")}" data-testid="nav-tasks">Nhiệm vụ</a>' in page
    assert 'nav-link active" href="' + reverse("programs:task_list") in page


# --- What a row shows ---------------------------------------------------------------------------


def test_a_program_row_shows_its_first_parties_in_order_and_its_progress(viewer_client, db):
    program = ProgramFactory(title="Phối hợp bốn bên")
    for order, short_name in enumerate(["BDVTW", "BNG", "UBDT", "TWĐ"], start=1):
        SignatoryFactory(
            program=program,
            agency=AgencyFactory(name=f"Cơ quan {short_name}", short_name=short_name),
            order=5 - order,  # stored in the other order: the list follows ``order``
        )
    past = datetime.date.today() - datetime.timedelta(days=30)
    TaskFactory(program=program, status=TaskStatus.DONE, progress=100)
    TaskFactory(program=program, status=TaskStatus.IN_PROGRESS, progress=40, due_on=past)
    TaskFactory(program=program, status=TaskStatus.NOT_STARTED)
    html = viewer_client.get(reverse("programs:program_list")).content.decode()
    parties = html[html.index('class="small ph-hide-sm ph-parties"') :]
    parties = parties[: parties.index("</td>")]
    # The three first by order (TWĐ has order 1), then how many more.
    assert [parties.index(name) for name in ("TWĐ", "UBDT", "BNG")] == sorted(
        parties.index(name) for name in ("TWĐ", "UBDT", "BNG")
    )
    assert "BDVTW" not in parties
    assert "và 1 bên khác" in parties
    assert "Đã hoàn thành 1/3" in html
    assert "1 quá hạn" in html
    # The bar of the weighted progress, red while a task is overdue.
    assert 'aria-valuenow="47"' in html
    assert "progress-bar bg-danger ph-w-47" in html


def test_a_task_row_checkbox_is_named_by_the_task_title(staff_client, db):
    task = TaskFactory(title="Tổng kết 10 năm")
    html = staff_client.get(reverse("programs:task_list")).content.decode()
    assert f'aria-labelledby="ph-choose task-{task.pk}-title"' in html
    assert 'id="ph-choose">Chọn</span>' in html
    assert f'id="task-{task.pk}-title">Tổng kết 10 năm</a>' in html
