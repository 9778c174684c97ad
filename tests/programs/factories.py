import datetime

import factory

from agencies.models import Agency
from programs.models import (
    MeetingKind,
    Program,
    ProgramStatus,
    ReviewMeeting,
    Signatory,
    Task,
    TaskUpdate,
)
from tests.agencies.factories import AgencyFactory, OfficialFactory


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    # Numbered from 1001: the sequence runs over the whole session, and a test that writes an
    # identifier by hand ("02-CTr/…", "90-CTr/…", same signing date) must never meet one.
    identifier = factory.Sequence(lambda n: f"{n + 1001}-CTr/BDVTW-BCSĐBNG")
    title = factory.Sequence(lambda n: f"Chương trình phối hợp về công tác số {n}")
    signed_on = datetime.date(2021, 11, 26)
    period_start = 2021
    period_end = 2026
    status = ProgramStatus.IN_FORCE
    # Like migration programs/0004: a draft or terminated status is a decision the dates
    # cannot give, kept by hand; other statuses follow the period (docs/progress.md).
    status_set_by_hand = factory.LazyAttribute(
        lambda o: o.status in (ProgramStatus.DRAFT, ProgramStatus.TERMINATED)
    )


def _first_party_is_home(signatory) -> Agency:
    """A program's first factory party is the test accounts' agency (tests.conftest), so that
    the tests' staff may edit factory programs (scoped permissions, core/scopes.py); the
    others are new agencies. Pass ``agency=`` to choose."""
    from tests.conftest import home_agency

    if not signatory.program.signatories.exists():
        return home_agency()
    return AgencyFactory()


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    program = factory.SubFactory(ProgramFactory)
    agency = factory.LazyAttribute(_first_party_is_home)
    official = factory.SubFactory(OfficialFactory)
    title = "Trưởng Ban"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Nhiệm vụ số {n}")
    lead_agency = factory.SubFactory(AgencyFactory)


class TaskUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskUpdate

    task = factory.SubFactory(TaskFactory)
    # A day apart: never an identical repeat (programs_taskupdate_not_repeated).
    reported_on = factory.Sequence(lambda n: datetime.date(2022, 6, 30) + datetime.timedelta(n))
    progress = 40
    note = "Đã triển khai"


class ReviewMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewMeeting

    kind = MeetingKind.FINAL_REVIEW
    title = factory.Sequence(lambda n: f"Hội nghị tổng kết số {n}")
    held_on = datetime.date(2021, 11, 26)
    place = "Hà Nội"
