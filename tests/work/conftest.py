"""Shared rows of the work tests: an agency with a unit under it, a staff account of that
agency, and programs, tasks and meetings in and out of its scope, dated around today."""

import datetime

import pytest

from tests.agencies.factories import AgencyFactory
from tests.conftest import set_agency
from tests.programs.factories import (
    ProgramFactory,
    ReviewMeetingFactory,
    SignatoryFactory,
    TaskFactory,
)

TODAY = datetime.date.today()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def world(users):
    """The staff account works at "Ban A" (with the unit "Vụ A1" under it); "Bộ B" is another
    agency. Program P is signed by Ban A and Bộ B, program Q only by Bộ B."""
    ban = AgencyFactory(name="Ban A")
    unit = AgencyFactory(name="Vụ A1", parent=ban)
    other = AgencyFactory(name="Bộ B")
    set_agency(users["staff"], ban)
    p = ProgramFactory(
        title="Chương trình P", signed_on=days(-400), period_start=TODAY.year - 1, period_end=2099
    )
    SignatoryFactory(program=p, agency=ban)
    SignatoryFactory(program=p, agency=other)
    q = ProgramFactory(
        title="Chương trình Q", signed_on=days(-400), period_start=TODAY.year - 1, period_end=2099
    )
    SignatoryFactory(program=q, agency=other)
    rows = {
        "ban": ban,
        "unit": unit,
        "other": other,
        "p": p,
        "q": q,
        "due_unit": TaskFactory(
            program=q, title="Việc của Vụ A1", lead_agency=unit, due_on=days(5)
        ),
        "due_far": TaskFactory(program=p, title="Việc còn xa", lead_agency=ban, due_on=days(60)),
        "overdue": TaskFactory(program=p, title="Việc quá hạn", lead_agency=ban, due_on=days(-3)),
        "other_task": TaskFactory(
            program=q, title="Việc của Bộ B", lead_agency=other, due_on=days(4)
        ),
        "meeting": ReviewMeetingFactory(title="Hội nghị của Ban A", held_on=days(6)),
        "other_meeting": ReviewMeetingFactory(title="Hội nghị khác", held_on=days(6)),
    }
    rows["meeting"].participants.add(ban)
    return rows
