"""No silent overwrite: two people open the same record; the second save is refused."""

import pytest
from django.urls import reverse

from core.concurrency import VERSION_CONFLICT, EditConflict, changes_since, claim_version
from core.roles import MANAGER, STAFF
from programs.models import Program
from tests.programs.factories import (
    ProgramFactory,
    ReviewMeetingFactory,
    SignatoryFactory,
    TaskFactory,
)
from tests.programs.helpers import meeting_data, program_data, task_data


@pytest.fixture
def program(db):
    program = ProgramFactory(title="Chương trình phối hợp ban đầu", period_end=2026)
    SignatoryFactory(program=program)
    SignatoryFactory(program=program)
    TaskFactory(program=program, title="Nhiệm vụ một")
    return program


def test_second_save_from_stale_version_is_refused(client_for, users, program):
    url = reverse("programs:program_update", args=[program.pk])
    # Both open the form at version 1.
    first = program_data(program, title="Tiêu đề của người thứ nhất", period_end="2027")
    second = program_data(program, title="Tiêu đề của người thứ hai", summary="Ghi chú riêng")

    assert client_for(STAFF).post(url, first).status_code == 302
    response = client_for(MANAGER).post(url, second)

    assert response.status_code == 200
    content = response.content.decode()
    assert str(VERSION_CONFLICT) in content
    conflict = response.context["form"].conflict
    changed = {change.field: change for change in conflict.changes}
    assert changed["title"].value == "Tiêu đề của người thứ nhất"
    assert changed["title"].user == users[STAFF]
    assert changed["period_end"].value == 2027
    assert "Tiêu đề của người thứ nhất" in content  # their value, in the list of changes
    # The second person's input is still on the form...
    assert response.context["form"]["title"].value() == "Tiêu đề của người thứ hai"
    assert response.context["form"]["summary"].value() == "Ghi chú riêng"
    # ...and was not saved.
    program.refresh_from_db()
    assert (program.title, program.version, program.summary) == (
        "Tiêu đề của người thứ nhất",
        2,
        "",
    )
    # The form now carries the current version: saving again on purpose goes through.
    assert response.context["form"]["version"].value() == "2"
    retry = dict(second, version="2")
    assert client_for(MANAGER).post(url, retry).status_code == 302
    program.refresh_from_db()
    assert (program.title, program.version) == ("Tiêu đề của người thứ hai", 3)


def test_conflict_lists_task_changes_made_meanwhile(client_for, program):
    url = reverse("programs:program_update", args=[program.pk])
    stale = program_data(program, summary="x")
    task = program.tasks.get()
    task_url = reverse("programs:task_update", args=[task.pk])
    edited = task_data(task, title="Nhiệm vụ một (đã sửa)")
    assert client_for(STAFF).post(url, program_data(program, summary="y")).status_code == 302
    assert client_for(STAFF).post(task_url, edited).status_code == 302

    response = client_for(MANAGER).post(url, stale)
    conflict = response.context["form"].conflict
    assert any(
        change.field == "title" and change.value == "Nhiệm vụ một (đã sửa)"
        for change in conflict.changes
    )
    task.refresh_from_db()
    assert task.title == "Nhiệm vụ một (đã sửa)"


def test_stale_task_row_is_refused_after_a_progress_update(client_for, program):
    """A progress update bumps the task's version: a task form opened before it cannot
    overwrite the task's progress."""
    from programs.services import task_record_progress

    task = program.tasks.get()
    url = reverse("programs:task_update", args=[task.pk])
    stale = task_data(task, title="Nhiệm vụ một (sửa tên)")
    task_record_progress(task=task, reported_on=task.program.signed_on, progress=50)

    response = client_for(STAFF).post(url, stale)
    assert response.status_code == 200
    assert response.context["form"].conflict is not None
    task.refresh_from_db()
    assert (task.title, task.progress) == ("Nhiệm vụ một", 50)


def test_meeting_second_save_is_refused(client_for, users, db):
    meeting = ReviewMeetingFactory(place="Hà Nội")
    url = reverse("programs:reviewmeeting_update", args=[meeting.pk])
    first = meeting_data(meeting, place="Thành phố Hồ Chí Minh")
    second = meeting_data(meeting, conclusions="Kết luận của người thứ hai")

    assert client_for(STAFF).post(url, first).status_code == 302
    response = client_for(MANAGER).post(url, second)

    assert response.status_code == 200
    changes = response.context["form"].conflict.changes
    assert [(c.field, c.value, c.user) for c in changes] == [
        ("place", "Thành phố Hồ Chí Minh", users[STAFF])
    ]
    assert response.context["form"]["conclusions"].value() == "Kết luận của người thứ hai"
    meeting.refresh_from_db()
    assert (meeting.place, meeting.conclusions, meeting.version) == ("Thành phố Hồ Chí Minh", "", 2)


def test_a_save_without_field_changes_still_names_who_saved(client_for, users, program):
    url = reverse("programs:program_update", args=[program.pk])
    stale = program_data(program, title="Tiêu đề mới")
    unchanged = program_data(program, reason="Kiểm tra lại, không sửa")
    assert client_for(STAFF).post(url, unchanged).status_code == 302

    response = client_for(MANAGER).post(url, stale)
    changes = response.context["form"].conflict.changes
    assert [(c.field, c.value, c.user) for c in changes] == [
        ("", "Kiểm tra lại, không sửa", users[STAFF])
    ]
    assert "Kiểm tra lại, không sửa" in response.content.decode()


def test_conflict_notice_is_not_repeated_as_a_form_error(client_for, program):
    url = reverse("programs:program_update", args=[program.pk])
    stale = program_data(program, title="B")
    assert client_for(STAFF).post(url, program_data(program, title="A")).status_code == 302
    content = client_for(MANAGER).post(url, stale).content.decode()
    assert content.count(str(VERSION_CONFLICT)) == 1
    assert 'data-testid="form-errors"' not in content


def test_claim_version_moves_to_next_version(program):
    claim_version(program, expected=1)
    assert program.version == 2


def test_claim_version_raises_with_changes(program):
    stale = Program.objects.get(pk=program.pk)
    program.title = "Đổi tên"
    claim_version(program, expected=1)
    program.save()
    with pytest.raises(EditConflict) as raised:
        claim_version(stale, expected=1)
    assert (raised.value.expected, raised.value.current) == (1, 2)
    assert [c.field for c in raised.value.changes] == ["title"]


def test_changes_since_current_version_is_empty(program):
    assert changes_since(program, program.version) == []
