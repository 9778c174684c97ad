import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agencies.models import AGENCY_OWN_PARENT, PERIOD_ORDERED, Agency, Position
from agencies.selectors import agency_ancestors, agency_chains, unit_counts
from tests.agencies.factories import (
    AgencyFactory,
    AgencyNameFactory,
    OfficialFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def test_agency_text_is_stored_nfc_with_d_stroke_and_a_folded_key():
    agency = AgencyFactory(name=unicodedata.normalize("NFD", "Ðảng ủy  Bộ Ngoại giao"))
    agency.refresh_from_db()
    assert agency.name == "Đảng ủy Bộ Ngoại giao"
    assert unicodedata.is_normalized("NFC", agency.name)
    assert "dang uy bo ngoai giao" in agency.search_key


def test_agency_period_must_be_ordered_in_clean_and_database():
    agency = AgencyFactory.build(valid_from=D(2020, 1, 1), valid_to=D(2019, 1, 1))
    with pytest.raises(ValidationError) as error:
        agency.full_clean()
    assert str(PERIOD_ORDERED) in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        agency.save()


def test_agency_cannot_sit_under_its_own_unit():
    ministry = AgencyFactory()
    unit = AgencyFactory(parent=ministry)
    ministry.parent = unit
    with pytest.raises(ValidationError) as error:
        ministry.full_clean()
    assert str(AGENCY_OWN_PARENT) in str(error.value)


def test_agency_ancestors_nearest_first():
    top = AgencyFactory(name="Bộ Ngoại giao")
    middle = AgencyFactory(name="Ủy ban Nhà nước về người Việt Nam ở nước ngoài", parent=top)
    bottom = AgencyFactory(name="Vụ", parent=middle)
    assert bottom.ancestors() == [middle, top]


def test_agency_chains_top_first_for_many_agencies_in_one_query(django_assert_num_queries):
    top = AgencyFactory(name="Bộ Ngoại giao")
    middle = AgencyFactory(name="Ủy ban Nhà nước về người Việt Nam ở nước ngoài", parent=top)
    bottom = AgencyFactory(name="Vụ", parent=middle)
    other = AgencyFactory(name="Văn phòng", parent=top)
    with django_assert_num_queries(1):
        chains = agency_chains([bottom.pk, other.pk, top.pk])
        assert chains == {bottom.pk: [top, middle], other.pk: [top], top.pk: []}
        assert chains[bottom.pk][0].name == "Bộ Ngoại giao"
    assert agency_ancestors(bottom) == [top, middle]


def test_agency_chains_and_units_below_end_on_a_parent_loop():
    first = AgencyFactory()
    second = AgencyFactory(parent=first)
    third = AgencyFactory(parent=second)
    # Bad data (an import that bypassed clean()): first under third.
    Agency.objects.filter(pk=first.pk).update(parent=third)
    assert agency_chains([third.pk])[third.pk] == [first, second]
    assert set(Agency.objects.under(first)) == {first, second, third}


def test_unit_counts_and_by_kind():
    party = AgencyFactory(name="Ban Dân vận Trung ương", kind="party_body")
    state = AgencyFactory(name="Bộ Ngoại giao", kind="state_body")
    front = AgencyFactory(name="An ninh", kind="front")
    AgencyFactory.create_batch(2, parent=state)
    assert unit_counts([party.pk, state.pk]) == {state.pk: 2}
    assert list(Agency.objects.roots().by_kind()) == [party, state, front]


def test_agency_name_on_a_date_uses_the_former_name_in_force():
    agency = AgencyFactory(name="Đảng bộ Bộ Ngoại giao")
    AgencyNameFactory(
        agency=agency, name="Đảng ủy Bộ Ngoại giao", valid_from=None, valid_to=D(2025, 1, 31)
    )
    assert agency.name_on(D(2021, 11, 26)) == "Đảng ủy Bộ Ngoại giao"
    assert agency.name_on(D(2025, 6, 1)) == "Đảng bộ Bộ Ngoại giao"


def test_in_force_agencies():
    current = AgencyFactory(valid_from=D(2000, 1, 1))
    AgencyFactory(valid_from=D(2000, 1, 1), valid_to=D(2025, 2, 3))
    assert list(Agency.objects.in_force(D(2026, 1, 1))) == [current]


def test_title_on_a_date_at_an_agency():
    ministry = AgencyFactory(name="Bộ Ngoại giao")
    party_body = AgencyFactory(name="Ban cán sự đảng Bộ Ngoại giao")
    son = OfficialFactory(full_name="Bùi Thanh Sơn")
    PositionFactory(official=son, agency=ministry, title="Thứ trưởng", end_date=D(2021, 4, 7))
    PositionFactory(official=son, agency=ministry, title="Bộ trưởng", start_date=D(2021, 4, 8))
    PositionFactory(
        official=son, agency=party_body, title="Bí thư Ban cán sự đảng", start_date=D(2021, 4, 8)
    )
    assert son.title_on(ministry, D(2020, 1, 1)) == "Thứ trưởng"
    assert son.title_on(ministry, D(2021, 11, 26)) == "Bộ trưởng"
    assert son.title_on(party_body, D(2021, 11, 26)) == "Bí thư Ban cán sự đảng"
    assert son.title_on(party_body, D(2020, 1, 1)) == ""
    assert {p.title for p in son.positions_held(D(2021, 11, 26))} == {
        "Bộ trưởng",
        "Bí thư Ban cán sự đảng",
    }


def test_several_titles_at_one_agency_on_one_day_are_joined_in_order():
    board = AgencyFactory(name="Ban Dân vận Trung ương")
    hoai = OfficialFactory(full_name="Bùi Thị Minh Hoài")
    PositionFactory(official=hoai, agency=board, title="Trưởng Ban", order=2)
    PositionFactory(official=hoai, agency=board, title="Bí thư Trung ương Đảng", order=1)
    assert hoai.title_on(board.pk, D(2021, 11, 26)) == "Bí thư Trung ương Đảng, Trưởng Ban"


def test_position_period_ordered():
    position = PositionFactory.build(
        official=OfficialFactory(),
        agency=AgencyFactory(),
        start_date=D(2021, 1, 1),
        end_date=D(2020, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        position.full_clean()
    assert str(PERIOD_ORDERED) in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        position.save()
    assert not Position.objects.exists()


@pytest.mark.django_db
def test_agency_with_descendants_is_the_agency_and_every_unit_under_it():
    from agencies.selectors import agency_with_descendants

    top = Agency.objects.create(name="Ban Dân vận Trung ương")
    unit = Agency.objects.create(name="Vụ Dân tộc", parent=top)
    sub = Agency.objects.create(name="Phòng Tổng hợp", parent=unit)
    other = Agency.objects.create(name="Bộ Ngoại giao")
    assert agency_with_descendants(top) == {top.pk, unit.pk, sub.pk}
    assert agency_with_descendants(unit.pk) == {unit.pk, sub.pk}
    assert agency_with_descendants(other) == {other.pk}
    assert agency_with_descendants(None) == set()
