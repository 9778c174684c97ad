"""One rule for "on D, within [from, to]": both ends included, an empty end open; the Python
test and the query agree (run on SQLite and PostgreSQL)."""

import datetime

import pytest

from agencies.models import Agency, Position
from core.periods import within, within_q
from programs.models import Program
from tests.agencies.factories import AgencyFactory, OfficialFactory, PositionFactory
from tests.programs.factories import ProgramFactory

D = datetime.date
JAN_1, JUN_30, DEC_31 = D(2024, 1, 1), D(2024, 6, 30), D(2024, 12, 31)

CASES = [
    # Each case: start, end, the day, whether the day is inside.
    (JAN_1, DEC_31, JUN_30, True),
    (JAN_1, DEC_31, JAN_1, True),  # the first day counts
    (JAN_1, DEC_31, DEC_31, True),  # so does the last
    (JAN_1, DEC_31, D(2023, 12, 31), False),
    (JAN_1, DEC_31, D(2025, 1, 1), False),
    (None, DEC_31, D(1945, 9, 2), True),  # open start
    (None, DEC_31, D(2025, 1, 1), False),
    (JAN_1, None, D(2099, 1, 1), True),  # open end
    (JAN_1, None, D(2023, 12, 31), False),
    (None, None, JUN_30, True),
    (JUN_30, JUN_30, JUN_30, True),  # a one-day period
]


@pytest.mark.parametrize(("start", "end", "day", "inside"), CASES)
def test_within(start, end, day, inside):
    assert within(day, start, end) is inside


@pytest.mark.parametrize(("start", "end", "day", "inside"), CASES)
@pytest.mark.django_db
def test_within_q_agrees_with_within(start, end, day, inside):
    agency = AgencyFactory(valid_from=start, valid_to=end)
    AgencyFactory(valid_from=D(1900, 1, 1), valid_to=D(1900, 1, 2))  # never matches
    found = Agency.objects.filter(within_q("valid_from", "valid_to", day))
    assert list(found) == ([agency] if inside else [])


@pytest.mark.django_db
def test_within_q_on_years():
    ProgramFactory(identifier="1-CTr/BDVTW", period_start=2021, period_end=2025)
    ProgramFactory(identifier="2-CTr/BDVTW", period_start=2026, period_end=None)
    ProgramFactory(identifier="3-CTr/BDVTW", period_start=None, period_end=2020)

    def numbers(year):
        found = Program.objects.filter(within_q("period_start", "period_end", year))
        return sorted(p.number for p in found)

    assert numbers(2020) == [3]
    assert numbers(2021) == [1]
    assert numbers(2025) == [1]
    assert numbers(2030) == [2]


@pytest.mark.django_db
def test_titles_of_an_official_on_a_date(django_assert_num_queries):
    official = OfficialFactory()
    ministry, party = AgencyFactory(), AgencyFactory()
    PositionFactory(official=official, agency=ministry, title="Thứ trưởng", end_date=D(2021, 4, 7))
    PositionFactory(
        official=official, agency=ministry, title="Bộ trưởng", start_date=D(2021, 4, 8), order=1
    )
    PositionFactory(
        official=official, agency=ministry, title="Bí thư Ban cán sự đảng", start_date=D(2021, 4, 8)
    )
    PositionFactory(official=official, agency=party, title="Ủy viên", start_date=D(2021, 1, 30))

    assert official.titles_on(D(2021, 4, 7)) == "Thứ trưởng, Ủy viên"
    assert official.titles_on(D(2021, 4, 8), agency=ministry) == "Bí thư Ban cán sự đảng, Bộ trưởng"
    assert official.title_on(ministry.pk, D(2021, 4, 8)) == "Bí thư Ban cán sự đảng, Bộ trưởng"
    assert official.titles_on(D(2020, 1, 1), agency=party) == ""
    assert official.titles_on(None) == ""

    prefetched = type(official).objects.prefetch_related("positions").get(pk=official.pk)
    with django_assert_num_queries(0):
        assert [p.title for p in prefetched.positions_held(D(2024, 1, 1))] == [
            "Ủy viên",  # order 0, from 30/01/2021
            "Bí thư Ban cán sự đảng",  # order 0, from 08/04/2021
            "Bộ trưởng",  # order 1
        ]
    assert {p.pk for p in Position.objects.held_on(D(2024, 1, 1))} == {
        p.pk for p in prefetched.positions_held(D(2024, 1, 1))
    }
