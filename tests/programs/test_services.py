import datetime

import pytest
from django.core.exceptions import ValidationError

from programs.models import PROGRESS_RANGE, TaskStatus, TaskUpdate
from programs.services import task_record_progress
from tests.programs.factories import TaskFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 3, 15)


@pytest.mark.parametrize(
    ("start", "progress", "status"),
    [
        (TaskStatus.NOT_STARTED, 0, TaskStatus.NOT_STARTED),
        (TaskStatus.NOT_STARTED, 30, TaskStatus.IN_PROGRESS),
        (TaskStatus.IN_PROGRESS, 100, TaskStatus.DONE),
        (TaskStatus.CANCELLED, 40, TaskStatus.CANCELLED),
    ],
)
def test_progress_sets_status(start, progress, status):
    task = TaskFactory(status=start)
    task_record_progress(task=task, reported_on=DAY, progress=progress)
    task.refresh_from_db()
    assert (task.progress, task.status, task.version) == (progress, status, 2)


def test_done_task_reported_below_100_reopens():
    task = TaskFactory(status=TaskStatus.DONE, progress=100)
    task_record_progress(task=task, reported_on=DAY, progress=80, note="Phát sinh việc mới")
    task.refresh_from_db()
    assert (task.status, task.progress) == (TaskStatus.IN_PROGRESS, 80)


def test_update_is_recorded_with_author(users):
    task = TaskFactory()
    update = task_record_progress(
        task=task, reported_on=DAY, progress=50, note="Đã khảo sát", author=users["staff"]
    )
    assert (update.task, update.progress, update.note, update.author) == (
        task,
        50,
        "Đã khảo sát",
        users["staff"],
    )
    assert task.history.latest().history_user == users["staff"]


@pytest.mark.parametrize("progress", [-1, 101, 250])
def test_progress_out_of_range_saves_nothing(progress):
    task = TaskFactory(progress=20, status=TaskStatus.IN_PROGRESS)
    with pytest.raises(ValidationError) as raised:
        task_record_progress(task=task, reported_on=DAY, progress=progress)
    assert str(PROGRESS_RANGE) in raised.value.messages
    task.refresh_from_db()
    assert (task.progress, task.version) == (20, 1)
    assert not TaskUpdate.objects.exists()
