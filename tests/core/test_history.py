"""The history tab's reading of django-simple-history: who, when, why, field old → new, with
related names and the rows that belong to a record, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from simple_history.utils import update_change_reason

from core.history import history_entries
from programs.models import Signatory, Task, TaskStatus, TaskUpdate
from tests.agencies.factories import AgencyFactory, OfficialFactory
from tests.programs.factories import ProgramFactory, ReviewMeetingFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_an_edit_lists_changed_fields_with_readable_values(users):
    program = ProgramFactory(title="Cũ", status="draft")
    program.title, program.status = "Mới", "in_force"
    program._history_user = users["staff"]
    program.save()
    update_change_reason(program, "Sửa theo kết luận hội nghị")
    newest, creation = history_entries(program)
    assert newest.user == users["staff"]
    assert newest.reason == "Sửa theo kết luận hội nghị"
    assert {(c.field, str(c.old), str(c.new)) for c in newest.changes} == {
        ("title", "Cũ", "Mới"),
        ("status", "In preparation", "In force"),
    }
    assert creation.changes == []


def test_foreign_keys_and_many_to_many_show_names():
    meeting = ReviewMeetingFactory()
    chair = OfficialFactory(full_name="Bùi Thị Minh Hoài")
    meeting.chairs.add(chair)
    meeting.save()
    task = TaskFactory(lead_agency=AgencyFactory(name="Ban Dân vận Trung ương"))
    task.lead_agency = AgencyFactory(name="Bộ Ngoại giao")
    task.save()
    changes = [c for entry in history_entries(meeting) for c in entry.changes]
    assert [(c.field, c.new) for c in changes] == [("chairs", "Bùi Thị Minh Hoài")]
    lead_change = history_entries(task)[0].changes[0]
    assert (str(lead_change.old), str(lead_change.new)) == (
        "Ban Dân vận Trung ương",
        "Bộ Ngoại giao",
    )


def test_related_rows_appear_with_their_subject():
    program = ProgramFactory()
    task = TaskFactory(program=program, title="Tổ chức đoàn công tác")
    task.status, task.progress = TaskStatus.IN_PROGRESS, 40
    task.save()
    entries = history_entries(program, related=[Task.history.filter(program_id=program.pk)])
    assert entries[0].subject == "task: Tổ chức đoàn công tác"
    assert {c.field for c in entries[0].changes} == {"status", "progress"}
    assert entries[-1].subject == ""


def test_query_count_does_not_grow_with_entries():
    program = ProgramFactory()

    def count() -> int:
        related = [
            Task.history.filter(program_id=program.pk),
            Signatory.history.filter(program_id=program.pk),
        ]
        with CaptureQueriesContext(connection) as queries:
            history_entries(program, related=related)
        return len(queries)

    task = TaskFactory(program=program)
    task.progress, task.lead_agency = 5, AgencyFactory()
    task.save()
    before = count()
    for progress in (10, 20, 30, 40):
        task.progress = progress
        task.lead_agency = AgencyFactory()
        task.save()
    assert count() == before


def test_a_related_row_created_shows_what_it_was_created_with():
    program = ProgramFactory()
    task = TaskFactory(program=program, title="Tập huấn", lead_agency=None)
    update = TaskUpdate.objects.create(
        task=task, reported_on=datetime.date(2022, 6, 30), progress=0, note="Bắt đầu"
    )
    entries = history_entries(program, related=[TaskUpdate.history.filter(task_id=task.pk)])
    created = entries[0]
    assert created.subject == "progress update"
    assert {(c.field, str(c.new)) for c in created.changes} >= {
        ("task", "Tập huấn"),
        ("progress", "0"),
        ("note", "Bắt đầu"),
    }
    assert update.pk


def test_a_related_creation_does_not_repeat_the_link_back_to_the_record():
    program = ProgramFactory()
    TaskFactory(program=program, title="Tập huấn", lead_agency=None)
    created = history_entries(program, related=[Task.history.filter(program_id=program.pk)])[0]
    assert created.created
    assert "program" not in {change.field for change in created.changes}
    assert ("status", "Not started") in {(c.field, str(c.new)) for c in created.changes}
