import datetime

import pytest
from django.urls import reverse

from core.roles import ADMIN, MANAGER, STAFF, VIEWER
from programs.models import (
    CONNECTIONS_NEED_ONLINE,
    DONE_IS_COMPLETE,
    PERIOD_ORDERED,
    PROGRAM_DUPLICATE,
    PROGRESS_RANGE,
    SIGNATORY_DUPLICATE,
    TOO_FEW_PARTIES,
    YEARS_ORDERED,
    Program,
    ReviewMeeting,
    Task,
    TaskStatus,
    TaskUpdate,
)
from tests.agencies.factories import (
    AgencyFactory,
    AgencyNameFactory,
    OfficialFactory,
    PositionFactory,
)
from tests.conftest import home_agency
from tests.directives.factories import DirectiveFactory
from tests.programs.factories import (
    ProgramFactory,
    ReviewMeetingFactory,
    SignatoryFactory,
    TaskFactory,
    TaskUpdateFactory,
)
from tests.programs.helpers import meeting_data, program_data, task_data

READERS = [VIEWER, STAFF, MANAGER, ADMIN]
EDITORS = [STAFF, MANAGER, ADMIN]
ROLES = [*READERS, "nobody"]


def _url(name, program, meeting):
    args = {
        "programs:program_list": [],
        "programs:program_create": [],
        "programs:program_detail": [program.pk],
        "programs:program_update": [program.pk],
        "programs:taskupdate_create": [program.tasks.first().pk],
        "programs:reviewmeeting_list": [],
        "programs:reviewmeeting_create": [],
        "programs:reviewmeeting_detail": [meeting.pk],
        "programs:reviewmeeting_update": [meeting.pk],
    }[name]
    return reverse(name, args=args)


READ_VIEWS = [
    "programs:program_list",
    "programs:program_detail",
    "programs:reviewmeeting_list",
    "programs:reviewmeeting_detail",
]
EDIT_VIEWS = [
    "programs:program_create",
    "programs:program_update",
    "programs:taskupdate_create",
    "programs:reviewmeeting_create",
    "programs:reviewmeeting_update",
]


@pytest.mark.parametrize("name", READ_VIEWS)
@pytest.mark.parametrize("role", ROLES)
def test_read_views_by_role(client_for, program, meeting, name, role):
    response = client_for(role).get(_url(name, program, meeting))
    assert response.status_code == (200 if role in READERS else 403)


@pytest.mark.parametrize("name", EDIT_VIEWS)
@pytest.mark.parametrize("role", ROLES)
def test_edit_views_by_role(client_for, program, meeting, name, role):
    response = client_for(role).get(_url(name, program, meeting))
    assert response.status_code == (200 if role in EDITORS else 403)


@pytest.mark.parametrize("name", EDIT_VIEWS)
@pytest.mark.parametrize("role", [VIEWER, "nobody"])
def test_edit_views_refuse_posts(client_for, program, meeting, name, role):
    before = (Program.objects.count(), ReviewMeeting.objects.count(), TaskUpdate.objects.count())
    response = client_for(role).post(_url(name, program, meeting), {"title": "x"})
    assert response.status_code == 403
    after = (Program.objects.count(), ReviewMeeting.objects.count(), TaskUpdate.objects.count())
    assert after == before


@pytest.mark.parametrize("name", READ_VIEWS + EDIT_VIEWS)
def test_anonymous_is_sent_to_sign_in(client, program, meeting, name):
    response = client.get(_url(name, program, meeting))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(("role", "shown"), [(VIEWER, False), (STAFF, True), (MANAGER, True)])
def test_edit_buttons_only_for_editors(client_for, program, meeting, role, shown):
    client = client_for(role)
    detail = client.get(program.get_absolute_url()).content.decode()
    listing = client.get(reverse("programs:program_list")).content.decode()
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    assert (reverse("programs:program_update", args=[program.pk]) in detail) is shown
    assert (reverse("programs:program_create") in listing) is shown
    task = program.tasks.first()
    assert (reverse("programs:taskupdate_create", args=[task.pk]) in detail) is shown
    assert (reverse("programs:reviewmeeting_update", args=[meeting.pk]) in meeting_page) is shown


# Program detail ---------------------------------------------------------------------------


def test_detail_shows_agency_name_and_title_at_signing(viewer_client, db):
    program = ProgramFactory(signed_on=datetime.date(2016, 12, 6))
    agency = AgencyFactory(name="Ban Tuyên giáo và Dân vận Trung ương")
    AgencyNameFactory(
        agency=agency,
        name="Ban Dân vận Trung ương",
        valid_from=datetime.date(1930, 10, 15),
        valid_to=datetime.date(2025, 2, 2),
    )
    SignatoryFactory(
        program=program,
        agency=agency,
        official=OfficialFactory(full_name="Trương Thị Mai"),
        title="Trưởng Ban Dân vận Trung ương",
    )
    SignatoryFactory(program=program)
    content = viewer_client.get(program.get_absolute_url()).content.decode()
    assert "Ban Dân vận Trung ương" in content
    assert "Trương Thị Mai" in content
    assert "Trưởng Ban Dân vận Trung ương" in content


def test_detail_shows_period_directives_succession_tasks_and_meetings(viewer_client, program):
    successor = ProgramFactory(predecessor=program, period_start=2026, period_end=2031)
    older = ProgramFactory(identifier="90-CTr/BDVTW-BCSĐBNG", period_start=2016, period_end=2021)
    program.predecessor = older
    program.save()
    task = program.tasks.get()
    TaskUpdateFactory(task=task, progress=70, note="Đã tổ chức tập huấn")
    content = viewer_client.get(program.get_absolute_url()).content.decode()
    assert "2021–2026" in content
    assert "25-NQ/TW" in content
    assert successor.get_absolute_url() in content
    assert older.get_absolute_url() in content
    assert "Nhiệm vụ tư vấn chính sách" in content
    assert "Đã tổ chức tập huấn" in content
    assert 'aria-valuenow="0"' in content
    assert program.review_meetings.get().title in content
    # The history is loaded when its tab is opened, from the program's history page.
    assert f'hx-get="{reverse("programs:program_history", args=[program.pk])}"' in content


def test_history_tab_includes_tasks_and_parties(staff_client, program):
    task = program.tasks.get()
    data = task_data(task, title="Nhiệm vụ tư vấn chính sách (sửa)", reason="Sửa nhiệm vụ")
    staff_client.post(reverse("programs:task_update", args=[task.pk]), data)
    staff_client.post(
        reverse("programs:taskupdate_create", args=[task.pk]),
        {"reported_on": "15/03/2024", "progress": "35", "note": "Báo cáo quý I"},
    )
    history = staff_client.get(reverse("programs:program_history", args=[program.pk])).context[
        "history"
    ]
    changes = [(c.old, c.new) for entry in history for c in entry.changes if c.field == "title"]
    assert ("Nhiệm vụ tư vấn chính sách", "Nhiệm vụ tư vấn chính sách (sửa)") in changes
    assert any(c.field == "progress" and c.new == 35 for e in history for c in e.changes)
    assert any(entry.reason == "Sửa nhiệm vụ" for entry in history)


def test_detail_lists_only_latest_updates(viewer_client, program):
    task = program.tasks.get()
    # The fixture's update is dated by a sequence that runs over the whole session: older.
    task.updates.update(reported_on=datetime.date(2022, 1, 1))
    for day in range(1, 6):
        TaskUpdateFactory(task=task, reported_on=datetime.date(2023, 1, day), note=f"ghi chú {day}")
    # The page holds no history (its tab loads it): every note on it is the updates list's.
    content = viewer_client.get(program.get_absolute_url()).content.decode()
    assert 'data-testid="history"' not in content
    assert "ghi chú 5" in content
    assert "ghi chú 3" in content
    assert "ghi chú 2" not in content


def _build_program(n):
    """A program with ``n`` of everything its page shows, written with the same number of
    history records whatever ``n`` (so only the rows grow, not the history)."""
    program = ProgramFactory()
    program.based_on.add(*[DirectiveFactory() for _ in range(n)])
    program.predecessor = ProgramFactory()
    program.save()
    for _ in range(max(n, 2)):
        SignatoryFactory(program=program)
    for _ in range(n):
        task = TaskFactory(program=program)
        task.coordinating_agencies.add(AgencyFactory(), AgencyFactory())
        TaskUpdateFactory(task=task)
        TaskUpdateFactory(task=task)
        ProgramFactory(predecessor=program)
        ReviewMeetingFactory().programs.add(program)
        ReviewMeetingFactory().signed_programs.add(program)
    return program


def _count_queries(client, url):
    """The queries of a second request to ``url``: the first fills the process's caches
    (content types, permissions), as in a server that has answered before."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_program_detail_query_count_fixed(viewer_client, django_assert_num_queries):
    baseline = _count_queries(viewer_client, _build_program(1).get_absolute_url())
    large = _build_program(5)
    with django_assert_num_queries(baseline):
        response = viewer_client.get(large.get_absolute_url())
    assert len(response.context["tasks"]) == 5


def test_program_list_query_count_fixed(viewer_client, program, django_assert_num_queries):
    url = reverse("programs:program_list")
    baseline = _count_queries(viewer_client, url)
    for _ in range(5):
        other = ProgramFactory()
        SignatoryFactory(program=other)
        SignatoryFactory(program=other)
        TaskFactory(program=other)
    with django_assert_num_queries(baseline):
        response = viewer_client.get(url)
    assert len(response.context["object_list"]) == 6


def test_program_list_counts_each_programs_tasks(viewer_client, program):
    for _ in range(3):
        TaskFactory(program=program)
    empty = ProgramFactory()
    response = viewer_client.get(reverse("programs:program_list"))
    counts = {row.pk: row.rollup.total for row in response.context["object_list"]}
    assert counts[program.pk] == program.tasks.count() >= 3
    assert counts[empty.pk] == 0
    assert response.context["paginator"].count == 2


def test_meeting_list_query_count_fixed(viewer_client, meeting, django_assert_num_queries):
    url = reverse("programs:reviewmeeting_list")
    baseline = _count_queries(viewer_client, url)
    for _ in range(5):
        other = ReviewMeetingFactory()
        other.programs.add(ProgramFactory())
        other.directives.add(DirectiveFactory())
    with django_assert_num_queries(baseline):
        response = viewer_client.get(url)
    assert len(response.context["object_list"]) == 6


def _build_meeting(n):
    """A meeting with ``n`` of each related row, in a fixed number of history records."""
    meeting = ReviewMeetingFactory()
    officials = [OfficialFactory() for _ in range(n)]
    for official in officials:
        PositionFactory(official=official)
        PositionFactory(official=official)
    meeting.chairs.add(*officials)
    meeting.participants.add(*[AgencyFactory() for _ in range(n)])
    meeting.programs.add(*[ProgramFactory() for _ in range(n)])
    meeting.signed_programs.add(*[ProgramFactory() for _ in range(n)])
    meeting.directives.add(*[DirectiveFactory() for _ in range(n)])
    return meeting


def test_meeting_detail_query_count_fixed(viewer_client, django_assert_num_queries):
    baseline = _count_queries(viewer_client, _build_meeting(1).get_absolute_url())
    large = _build_meeting(5)
    with django_assert_num_queries(baseline):
        response = viewer_client.get(large.get_absolute_url())
    assert len(response.context["chairs"]) == 5


def test_meeting_detail_shows_chair_title_on_the_day(viewer_client, meeting):
    content = viewer_client.get(meeting.get_absolute_url()).content.decode()
    chair = meeting.chairs.get()
    assert chair.full_name in content
    assert "Trưởng Ban" in content


def test_meeting_list_in_calendar_order(viewer_client, db):
    later = ReviewMeetingFactory(held_on=datetime.date(2024, 11, 1))
    earlier = ReviewMeetingFactory(held_on=datetime.date(2021, 11, 26))
    middle = ReviewMeetingFactory(held_on=datetime.date(2022, 7, 5))
    response = viewer_client.get(reverse("programs:reviewmeeting_list"))
    assert list(response.context["object_list"]) == [earlier, middle, later]
    newest = viewer_client.get(reverse("programs:reviewmeeting_list"), {"order": "-held_on"})
    assert list(newest.context["object_list"]) == [later, middle, earlier]


# Program form -----------------------------------------------------------------------------


def test_create_program_with_parties_and_tasks(staff_client, users, db):
    first, second = home_agency(), AgencyFactory()  # the author's agency signs
    lead = AgencyFactory()
    directive = DirectiveFactory()
    data = program_data(
        agencies=[first, second],
        tasks=[{"title": "Tập huấn hằng năm", "lead_agency": str(lead.pk), "due_on": "31/12/2022"}],
        identifier="02- CTr/BDVTW-BCSÐBNG",
        based_on=[str(directive.pk)],
        reason="Nhập chương trình mới",
    )
    response = staff_client.post(reverse("programs:program_create"), data)
    program = Program.objects.get()
    assert response.status_code == 302
    assert response["Location"] == program.get_absolute_url()
    assert program.identifier == "02-CTr/BDVTW-BCSĐBNG"
    assert program.signed_on == datetime.date(2021, 11, 26)
    assert set(program.signatories.values_list("agency", flat=True)) == {first.pk, second.pk}
    task = program.tasks.get()
    assert (task.title, task.lead_agency, task.due_on) == (
        "Tập huấn hằng năm",
        lead,
        datetime.date(2022, 12, 31),
    )
    assert list(program.based_on.all()) == [directive]
    record = program.history.earliest()
    assert record.history_user == users[STAFF]
    assert record.history_change_reason == "Nhập chương trình mới"


def test_signatory_title_filled_from_position_on_signing_date(staff_client, db):
    agency, other = AgencyFactory(), home_agency()  # the author's agency signs
    official = OfficialFactory()
    PositionFactory(
        official=official,
        agency=agency,
        title="Phó Trưởng ban",
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2019, 12, 31),
    )
    PositionFactory(
        official=official, agency=agency, title="Trưởng Ban", start_date=datetime.date(2020, 1, 1)
    )
    data = program_data(agencies=[agency, other])
    data["signatories-0-official"] = str(official.pk)
    staff_client.post(reverse("programs:program_create"), data)
    signatory = Program.objects.get().signatories.get(agency=agency)
    assert signatory.title == "Trưởng Ban"


def _assert_refused(response, message):
    assert response.status_code == 200
    assert str(message) in response.content.decode()
    assert 'data-testid="form-errors"' in response.content.decode()


def test_create_refuses_end_before_start(staff_client, db):
    data = program_data(
        agencies=[AgencyFactory(), AgencyFactory()], period_start="2026", period_end="2021"
    )
    response = staff_client.post(reverse("programs:program_create"), data)
    _assert_refused(response, PERIOD_ORDERED)
    assert response.context["form"].errors["period_end"] == [str(PERIOD_ORDERED)]
    assert not Program.objects.exists()


def test_create_refuses_a_single_party(staff_client, db):
    data = program_data(agencies=[AgencyFactory()], tasks=[{"title": "Một nhiệm vụ"}])
    response = staff_client.post(reverse("programs:program_create"), data)
    _assert_refused(response, TOO_FEW_PARTIES)
    assert not Program.objects.exists()
    assert not Task.objects.exists()


def test_create_refuses_unparseable_identifier(staff_client, db):
    data = program_data(agencies=[AgencyFactory(), AgencyFactory()], identifier="chương trình")
    response = staff_client.post(reverse("programs:program_create"), data)
    assert response.status_code == 200
    assert "is not a document identifier" in response.content.decode() or (
        "không phải" in response.content.decode()
    )
    assert response.context["form"].errors["identifier"]
    assert not Program.objects.exists()


def test_create_refuses_duplicate_identifier_and_date(staff_client, program):
    data = program_data(
        agencies=[home_agency(), AgencyFactory()],
        tasks=[{"title": "Nhiệm vụ sẽ không được lưu"}],
        identifier="02-ctr/bdvtw-bcsdbng",
        signed_on=program.signed_on.strftime("%d/%m/%Y"),
    )
    response = staff_client.post(reverse("programs:program_create"), data)
    _assert_refused(response, PROGRAM_DUPLICATE)
    assert Program.objects.count() == 1
    assert not Task.objects.filter(title="Nhiệm vụ sẽ không được lưu").exists()
    # The refused rows did not keep ids of rows that were rolled back.
    form = response.context["tasks"].forms[0]
    assert form.instance.pk is None


def test_create_refuses_task_progress_out_of_range(staff_client, db):
    data = program_data(
        agencies=[AgencyFactory(), AgencyFactory()],
        tasks=[{"title": "Nhiệm vụ", "progress": "120"}],
    )
    response = staff_client.post(reverse("programs:program_create"), data)
    _assert_refused(response, "")
    assert str(PROGRESS_RANGE) in response.content.decode()
    assert not Program.objects.exists()


def test_update_records_history_who_what_and_why(staff_client, users, program):
    old_title = program.title
    data = program_data(program, title="Chương trình phối hợp (sửa đổi)", reason="Đính chính tên")
    response = staff_client.post(reverse("programs:program_update", args=[program.pk]), data)
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.title == "Chương trình phối hợp (sửa đổi)"
    assert program.version == 2
    record = program.history.latest()
    assert record.history_user == users[STAFF]
    assert record.history_change_reason == "Đính chính tên"
    delta = record.diff_against(record.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "title"] == [
        ("title", old_title, "Chương trình phối hợp (sửa đổi)")
    ]
    page = staff_client.get(reverse("programs:program_history", args=[program.pk]))
    assert "Đính chính tên" in page.content.decode()
    assert old_title in page.content.decode()


def test_update_edits_removes_and_adds_parties_and_tasks_on_their_pages(staff_client, program):
    task = program.tasks.get()
    first, _second = program.signatories.all()
    newcomer = AgencyFactory()
    data = program_data(program, agencies=[newcomer])
    data["signatories-1-DELETE"] = "on"
    response = staff_client.post(reverse("programs:program_update", args=[program.pk]), data)
    assert response.status_code == 302
    assert set(program.signatories.values_list("agency", flat=True)) == {
        first.agency_id,
        newcomer.pk,
    }
    url = reverse("programs:task_update", args=[task.pk])
    assert staff_client.post(url, task_data(task, title="Nhiệm vụ tư vấn (sửa)")).status_code == 302
    task.refresh_from_db()
    assert (task.title, task.version) == ("Nhiệm vụ tư vấn (sửa)", 2)
    response = staff_client.post(
        reverse("programs:task_create", args=[program.pk]),
        {
            "title": "Nhiệm vụ mới",
            "due_on": "01/06/2025",
            "status": "not_started",
            "progress": "0",
            "weight": "1",
        },
    )
    assert response.status_code == 302
    assert program.tasks.filter(title="Nhiệm vụ mới", due_on=datetime.date(2025, 6, 1)).exists()


def test_update_refuses_removing_down_to_one_party(staff_client, program):
    data = program_data(program)
    data["signatories-1-DELETE"] = "on"
    response = staff_client.post(reverse("programs:program_update", args=[program.pk]), data)
    _assert_refused(response, TOO_FEW_PARTIES)
    assert program.signatories.count() == 2


def test_create_refuses_the_same_agency_twice(staff_client, db):
    agency = AgencyFactory()
    data = program_data(agencies=[agency, agency, AgencyFactory()])
    response = staff_client.post(reverse("programs:program_create"), data)
    _assert_refused(response, SIGNATORY_DUPLICATE)
    assert not Program.objects.exists()


def test_update_refuses_a_done_task_below_100(staff_client, program):
    task = program.tasks.get()
    data = task_data(task, status="done", progress="50")
    response = staff_client.post(reverse("programs:task_update", args=[task.pk]), data)
    _assert_refused(response, DONE_IS_COMPLETE)
    task.refresh_from_db()
    assert (task.status, task.progress, task.version) == (TaskStatus.NOT_STARTED, 0, 1)


def test_record_progress(staff_client, users, program):
    task = program.tasks.get()
    url = reverse("programs:taskupdate_create", args=[task.pk])
    response = staff_client.post(
        url, {"reported_on": "15/03/2024", "progress": "60", "note": "Đã khảo sát"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.progress, task.status) == (60, TaskStatus.IN_PROGRESS)
    update = task.updates.latest()
    assert (update.reported_on, update.author) == (datetime.date(2024, 3, 15), users[STAFF])


def test_record_progress_refuses_out_of_range(staff_client, program):
    task = program.tasks.get()
    before = TaskUpdate.objects.count()
    response = staff_client.post(
        reverse("programs:taskupdate_create", args=[task.pk]),
        {"reported_on": "15/03/2024", "progress": "101"},
    )
    _assert_refused(response, PROGRESS_RANGE)
    assert TaskUpdate.objects.count() == before
    task.refresh_from_db()
    assert task.progress == 0


# Meetings ---------------------------------------------------------------------------------


def test_create_meeting(staff_client, program):
    data = meeting_data(
        title="Hội nghị sơ kết 3 năm",
        held_on="05/07/2022",
        format="hybrid",
        connection_points="63",
        programs=[str(program.pk)],
    )
    response = staff_client.post(reverse("programs:reviewmeeting_create"), data)
    meeting = ReviewMeeting.objects.get(title="Hội nghị sơ kết 3 năm")
    assert response.status_code == 302
    assert meeting.held_on == datetime.date(2022, 7, 5)
    assert meeting.connection_points == 63
    assert list(meeting.programs.all()) == [program]


def test_meeting_form_errors_save_nothing(staff_client, meeting):
    data = meeting_data(meeting, reviewed_from="2024", reviewed_to="2013", connection_points="5")
    response = staff_client.post(reverse("programs:reviewmeeting_update", args=[meeting.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["reviewed_to"] == [str(YEARS_ORDERED)]
    assert str(CONNECTIONS_NEED_ONLINE) in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.reviewed_from is None
    assert meeting.version == 1


def test_program_list_paginates_and_keeps_filters(viewer_client, db):
    for _ in range(27):
        ProgramFactory(period_start=2016, period_end=2021)
    ProgramFactory(period_start=2030, period_end=2035)
    url = reverse("programs:program_list")
    first = viewer_client.get(url, {"year": "2018"})
    assert first.context["paginator"].count == 27
    assert len(first.context["object_list"]) == 25
    assert "?year=2018&amp;page=2" in first.content.decode()
    second = viewer_client.get(url, {"year": "2018", "page": "2"})
    assert len(second.context["object_list"]) == 2


def test_program_list_shows_a_message_when_nothing_matches(viewer_client, program):
    response = viewer_client.get(reverse("programs:program_list"), {"q": "không có gì như thế"})
    assert list(response.context["object_list"]) == []
    assert 'data-testid="empty"' in response.content.decode()
    assert 'data-testid="program-table"' not in response.content.decode()
