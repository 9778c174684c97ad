"""Each filter of the program and meeting lists, on at least three rows."""

import datetime

import pytest

from programs.filters import ProgramFilterSet, ReviewMeetingFilterSet
from programs.models import Program, ProgramKind, ProgramStatus, ReviewMeeting
from tests.agencies.factories import AgencyFactory
from tests.directives.factories import DirectiveFactory
from tests.programs.factories import ProgramFactory, ReviewMeetingFactory, SignatoryFactory

pytestmark = pytest.mark.django_db


def programs(**params):
    return set(ProgramFilterSet(params, queryset=Program.objects.all()).qs)


def meetings(**params):
    return set(ReviewMeetingFilterSet(params, queryset=ReviewMeeting.objects.all()).qs)


@pytest.fixture
def three():
    old = ProgramFactory(
        identifier="90-CTr/BDVTW-BCSĐBNG",
        title="Chương trình phối hợp công tác dân vận đối với người Việt Nam ở nước ngoài",
        signed_on=datetime.date(2016, 12, 6),
        period_start=2016,
        period_end=2021,
        status=ProgramStatus.COMPLETED,
    )
    new = ProgramFactory(
        identifier="02-CTr/BDVTW-BCSĐBNG",
        title="Chương trình phối hợp giai đoạn mới",
        signed_on=datetime.date(2021, 11, 26),
        period_start=2021,
        period_end=2026,
        predecessor=old,
    )
    hcm = ProgramFactory(
        identifier="",
        title="Thỏa thuận hợp tác đối ngoại nhân dân",
        kind=ProgramKind.COOPERATION_AGREEMENT,
        signed_on=datetime.date(2024, 11, 1),
        period_start=2024,
        period_end=2029,
        status=ProgramStatus.DRAFT,
    )
    return old, new, hcm


def test_q_ignores_diacritics_and_case(three):
    old, _new, _hcm = three
    assert programs(q="NGUOI VIET NAM o nuoc ngoai") == {old}


def test_q_matches_nfd_input(three):
    import unicodedata

    assert programs(q=unicodedata.normalize("NFD", "Thỏa thuận hợp tác")) == {three[2]}


def test_q_matches_identifier_variants(three):
    old, new, _ = three
    assert programs(q="90- ctr/bdvtw-bcsdbng") == {old}
    assert programs(q="Số: 02-CTr/BDVTW-BCSÐBNG") == {new}


def test_q_matches_citation(three):
    old, new, _ = three
    assert programs(q="Chương trình phối hợp 90") == {old}
    assert programs(q="CTr 2") == {new}


def test_q_matches_programs_based_on_a_cited_directive(three):
    old, new, _ = three
    new.based_on.add(DirectiveFactory(identifier="25-NQ/TW"))
    old.based_on.add(DirectiveFactory(identifier="36-NQ/TW"))
    assert programs(q="NQ 25") == {new}
    assert programs(q="25/NQ-TW") == {new}


def test_status(three):
    assert programs(status=ProgramStatus.DRAFT) == {three[2]}


def test_kind(three):
    assert programs(kind=ProgramKind.COORDINATION) == {three[0], three[1]}


def test_signing_agency(three):
    old, new, hcm = three
    agency = AgencyFactory()
    SignatoryFactory(program=old, agency=agency)
    SignatoryFactory(program=new, agency=agency)
    SignatoryFactory(program=new)
    SignatoryFactory(program=hcm)
    result = ProgramFilterSet({"agency": agency.pk}, queryset=Program.objects.all()).qs
    assert list(result.order_by("pk")) == [old, new]  # each once, despite the join


def test_directive(three):
    old, new, hcm = three
    directive = DirectiveFactory()
    new.based_on.add(directive)
    hcm.based_on.add(directive, DirectiveFactory())
    old.based_on.add(DirectiveFactory())
    assert programs(directive=directive.pk) == {new, hcm}


def test_in_force_on_a_date(three):
    old, new, _hcm = three
    assert programs(in_force_on="01/06/2018") == {old}
    assert programs(in_force_on="15/03/2023") == {new}
    assert programs(in_force_on="15/03/2025") == {new}  # the draft is not in force


def test_in_force_on_the_signing_day_typed_day_first(three):
    assert programs(in_force_on="26/11/2021") == {three[0], three[1]}


def test_year_overlapping(three):
    old, new, hcm = three
    assert programs(year="2021") == {old, new}
    assert programs(year="2027") == {hcm}


def test_filters_combine(three):
    assert programs(year="2021", status=ProgramStatus.IN_FORCE) == {three[1]}


@pytest.fixture
def three_meetings():
    final = ReviewMeetingFactory(
        kind="final_review",
        title="Hội nghị tổng kết 5 năm Chương trình phối hợp 90",
        held_on=datetime.date(2021, 11, 26),
        place="Hà Nội",
    )
    working = ReviewMeetingFactory(
        kind="working_session",
        title="Buổi làm việc về 10 năm thực hiện Nghị quyết 25",
        held_on=datetime.date(2024, 7, 25),
        place="Hà Nội",
    )
    signing = ReviewMeetingFactory(
        kind="signing",
        title="Lễ ký kết chương trình phối hợp",
        held_on=datetime.date(2024, 11, 1),
        place="Thành phố Hồ Chí Minh",
    )
    return final, working, signing


def test_meeting_q(three_meetings):
    assert meetings(q="thanh pho ho chi minh") == {three_meetings[2]}
    assert meetings(q="NGHI QUYET 25") == {three_meetings[1]}


def test_meeting_kind(three_meetings):
    assert meetings(kind="working_session") == {three_meetings[1]}


def test_meeting_year(three_meetings):
    assert meetings(year="2024") == {three_meetings[1], three_meetings[2]}


def test_meeting_program_reviewed_or_signed(three_meetings):
    final, working, signing = three_meetings
    program = ProgramFactory()
    final.programs.add(program)
    signing.signed_programs.add(program)
    working.programs.add(ProgramFactory())
    assert meetings(program=program.pk) == {final, signing}


def test_meeting_directive(three_meetings):
    final, working, _signing = three_meetings
    directive = DirectiveFactory()
    working.directives.add(directive)
    final.directives.add(DirectiveFactory())
    assert meetings(directive=directive.pk) == {working}


def test_meeting_order(three_meetings):
    final, working, signing = three_meetings
    qs = ReviewMeetingFilterSet({"order": "-held_on"}, queryset=ReviewMeeting.objects.all()).qs
    assert list(qs) == [signing, working, final]


def test_choice_filters_load_their_choices_on_demand():
    """Agencies, directives, officials and programs are picked through the autocomplete
    (core.autocomplete): the form draws only the chosen option, however many rows exist."""
    from core.autocomplete import AutocompleteMixin

    chosen = DirectiveFactory()
    DirectiveFactory.create_batch(3)
    forms_ = [
        ProgramFilterSet({"directive": chosen.pk}, queryset=Program.objects.all()).form,
        ReviewMeetingFilterSet({}, queryset=ReviewMeeting.objects.all()).form,
    ]
    for form in forms_:
        for name in ("agency", "directive", "program", "signer", "chair"):
            if name in form.fields:
                assert isinstance(form.fields[name].widget, AutocompleteMixin), name
    assert str(forms_[0]["directive"]).count("<option") == 2  # "any directive" and the chosen
