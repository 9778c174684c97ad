"""``VersionedModel.save()`` bumps the version or refuses a stale save, whatever path saves
(here: the shell)."""

import pytest

from core.concurrency import EditConflict
from programs.models import Program, Task
from tests.programs.factories import ProgramFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_a_new_row_starts_at_version_one():
    program = ProgramFactory.build(version=7)
    program.save()
    assert Program.objects.get(pk=program.pk).version == 1


def test_each_save_moves_to_the_next_version():
    program = ProgramFactory()
    program.save()
    program.title = "Đổi tên"
    program.save()
    assert program.version == 3
    assert Program.objects.get(pk=program.pk).version == 3
    assert sorted(program.history.values_list("version", flat=True)) == [1, 2, 3]


def test_a_save_of_some_fields_still_bumps_the_version():
    task = TaskFactory(progress=0)
    task.progress = 30
    task.save(update_fields=["progress"])
    task.refresh_from_db()
    assert (task.progress, task.version) == (30, 2)


def test_a_stale_instance_is_refused_and_writes_nothing():
    program = ProgramFactory(title="Ban đầu", summary="")
    stale = Program.objects.get(pk=program.pk)
    program.title = "Người thứ nhất"
    program.save()

    stale.summary = "Người thứ hai"
    with pytest.raises(EditConflict) as raised:
        stale.save()

    assert (raised.value.expected, raised.value.current) == (1, 2)
    assert [(c.field, c.value) for c in raised.value.changes] == [("title", "Người thứ nhất")]
    assert stale.version == 1  # unchanged by the refused save
    fresh = Program.objects.get(pk=program.pk)
    assert (fresh.title, fresh.summary, fresh.version) == ("Người thứ nhất", "", 2)
    assert fresh.history.count() == 2


def test_a_refreshed_instance_saves_again():
    program = ProgramFactory()
    stale = Program.objects.get(pk=program.pk)
    program.save()
    stale.refresh_from_db()
    stale.save()
    assert Program.objects.get(pk=program.pk).version == 3


def test_a_partial_update_of_a_stale_instance_is_refused():
    task = TaskFactory()
    stale = Task.objects.get(pk=task.pk)
    task.save()
    stale.progress = 10
    with pytest.raises(EditConflict):
        stale.save(update_fields=["progress"])
    assert Task.objects.get(pk=task.pk).progress == 0


def test_queryset_update_bypasses_the_version():
    """Documented limit: ``QuerySet.update()`` does not go through ``save()``."""
    program = ProgramFactory()
    Program.objects.filter(pk=program.pk).update(summary="x")
    assert Program.objects.get(pk=program.pk).version == 1
