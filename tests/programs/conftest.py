import datetime

import pytest

from tests.agencies.factories import AgencyFactory, OfficialFactory, PositionFactory
from tests.directives.factories import DirectiveFactory
from tests.programs.factories import (
    ProgramFactory,
    ReviewMeetingFactory,
    SignatoryFactory,
    TaskFactory,
    TaskUpdateFactory,
)


@pytest.fixture
def program(db):
    """A signed program with two parties, a directive, a task with an update and a meeting."""
    program = ProgramFactory(identifier="02-CTr/BDVTW-BCSĐBNG", title="Chương trình phối hợp")
    SignatoryFactory(program=program)
    SignatoryFactory(program=program)
    program.based_on.add(DirectiveFactory(identifier="25-NQ/TW"))
    task = TaskFactory(program=program, title="Nhiệm vụ tư vấn chính sách")
    TaskUpdateFactory(task=task)
    ReviewMeetingFactory().programs.add(program)
    return program


@pytest.fixture
def meeting(db):
    meeting = ReviewMeetingFactory(held_on=datetime.date(2024, 7, 25))
    official = OfficialFactory()
    PositionFactory(official=official, agency=AgencyFactory(), title="Trưởng Ban")
    meeting.chairs.add(official)
    meeting.participants.add(AgencyFactory())
    return meeting
