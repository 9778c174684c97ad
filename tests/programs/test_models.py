import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from programs.models import (
    CONNECTIONS_NEED_ONLINE,
    DONE_IS_COMPLETE,
    PERIOD_ORDERED,
    PROGRAM_DUPLICATE,
    PROGRESS_RANGE,
    SIGNATORY_DUPLICATE,
    MeetingFormat,
    Program,
    ProgramStatus,
    Task,
    TaskStatus,
    TaskUpdate,
)
from tests.agencies.factories import AgencyFactory
from tests.programs.factories import (
    ProgramFactory,
    ReviewMeetingFactory,
    SignatoryFactory,
    TaskFactory,
    TaskUpdateFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def test_period_end_before_start_is_refused():
    program = ProgramFactory.build(period_start=2021, period_end=2016)
    with pytest.raises(ValidationError) as error:
        program.full_clean()
    assert str(PERIOD_ORDERED) in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        program.save()
    assert not Program.objects.exists()


@pytest.mark.parametrize("progress", [101, 150])
def test_task_progress_outside_0_100_is_refused(progress):
    task = TaskFactory.build(program=ProgramFactory(), lead_agency=None, progress=progress)
    with pytest.raises(ValidationError) as error:
        task.full_clean()
    assert str(PROGRESS_RANGE) in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        task.save()
    assert not Task.objects.exists()


def test_task_update_progress_outside_0_100_is_refused():
    update = TaskUpdateFactory.build(task=TaskFactory(), progress=120)
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert str(PROGRESS_RANGE) in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        update.save()
    assert not TaskUpdate.objects.exists()


def test_done_task_must_be_complete():
    task = TaskFactory.build(
        program=ProgramFactory(), lead_agency=None, status=TaskStatus.DONE, progress=80
    )
    with pytest.raises(ValidationError) as error:
        task.full_clean()
    assert str(DONE_IS_COMPLETE) in str(error.value)


def test_program_identifier_and_signing_date_are_unique():
    ProgramFactory(identifier="90-CTr/BDVTW-BCSĐBNG", signed_on=D(2016, 12, 6))
    duplicate = ProgramFactory.build(identifier="90-ctr/bdvtw-bcsdbng", signed_on=D(2016, 12, 6))
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert str(PROGRAM_DUPLICATE) in str(error.value)


def test_programs_without_identifier_do_not_collide():
    ProgramFactory(identifier="", signed_on=D(2024, 11, 1))
    ProgramFactory(identifier="", signed_on=D(2024, 11, 1))
    assert Program.objects.filter(identifier="").count() == 2


def test_an_agency_signs_a_program_once():
    signatory = SignatoryFactory()
    again = SignatoryFactory.build(
        program=signatory.program, agency=signatory.agency, official=None
    )
    with pytest.raises(ValidationError) as error:
        again.full_clean()
    assert str(SIGNATORY_DUPLICATE) in str(error.value)


def test_connection_points_need_an_online_format():
    meeting = ReviewMeetingFactory.build(format=MeetingFormat.IN_PERSON, connection_points=63)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert str(CONNECTIONS_NEED_ONLINE) in str(error.value)
    meeting.format = MeetingFormat.HYBRID
    meeting.full_clean()


def test_in_force_on_a_date_and_overlapping_a_year():
    old = ProgramFactory(
        signed_on=D(2016, 12, 6), period_start=2016, period_end=2021, status=ProgramStatus.COMPLETED
    )
    new = ProgramFactory(signed_on=D(2021, 11, 26), period_start=2021, period_end=2026)
    ProgramFactory(signed_on=None, period_start=2024, period_end=2029, status=ProgramStatus.DRAFT)
    assert set(Program.objects.in_force(D(2019, 5, 1))) == {old}
    assert set(Program.objects.in_force(D(2021, 12, 1))) == {old, new}
    assert set(Program.objects.in_force(D(2021, 11, 1))) == {old}
    assert set(Program.objects.overlapping(2021)) == {old, new}
    assert Program.objects.overlapping(2027).count() == 1


def test_overdue_tasks_are_open_and_past_due():
    late = TaskFactory(due_on=D(2022, 1, 1), status=TaskStatus.IN_PROGRESS, progress=30)
    TaskFactory(due_on=D(2022, 1, 1), status=TaskStatus.DONE, progress=100)
    TaskFactory(due_on=D(2030, 1, 1))
    TaskFactory(due_on=None)
    assert list(Task.objects.overdue(D(2023, 1, 1))) == [late]
    assert late.is_overdue(D(2023, 1, 1))


def test_program_history_records_a_change():
    program = ProgramFactory(title="Chương trình cũ")
    program.title = "Chương trình mới"
    program.save()
    assert program.history.count() == 2
    newest, oldest = program.history.all()[:2]
    delta = newest.diff_against(oldest)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("title", "Chương trình cũ", "Chương trình mới")
    ]


def test_signatory_title_normalised():
    signatory = SignatoryFactory(title="  Trưởng   Ban ", agency=AgencyFactory())
    assert signatory.title == "Trưởng Ban"
