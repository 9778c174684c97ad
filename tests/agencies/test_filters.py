import datetime

import pytest

from agencies.filters import AgencyFilterSet, OfficialFilterSet
from agencies.models import Agency, AgencyKind, Official
from tests.agencies.factories import (
    AgencyFactory,
    AgencyNameFactory,
    OfficialFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies():
    return {
        "bdv": AgencyFactory(
            name="Ban Dân vận Trung ương",
            short_name="BDVTW",
            kind=AgencyKind.PARTY_BODY,
            valid_to=datetime.date(2025, 2, 28),
        ),
        "tgdv": AgencyFactory(
            name="Ban Tuyên giáo và Dân vận Trung ương",
            short_name="BTGDVTW",
            kind=AgencyKind.PARTY_BODY,
            valid_from=datetime.date(2025, 3, 1),
        ),
        "bng": AgencyFactory(name="Bộ Ngoại giao", short_name="BNG", kind=AgencyKind.STATE_BODY),
        "mttq": AgencyFactory(name="Ủy ban MTTQ Việt Nam TP.HCM", kind=AgencyKind.FRONT),
    }


def names(data) -> list[str]:
    filterset = AgencyFilterSet(data, queryset=Agency.objects.all())
    assert filterset.is_valid(), filterset.errors
    return sorted(filterset.qs.values_list("name", flat=True))


def test_q_ignores_diacritics_and_case(agencies):
    assert names({"q": "DAN VAN"}) == [
        "Ban Dân vận Trung ương",
        "Ban Tuyên giáo và Dân vận Trung ương",
    ]


def test_q_matches_short_name(agencies):
    assert names({"q": "bng"}) == ["Bộ Ngoại giao"]


def test_q_matches_former_names(agencies):
    AgencyNameFactory(agency=agencies["tgdv"], name="Ban Tuyên giáo Trung ương")
    assert names({"q": "tuyen giao trung uong"}) == ["Ban Tuyên giáo và Dân vận Trung ương"]


def test_kind_filter(agencies):
    assert names({"kind": AgencyKind.PARTY_BODY}) == [
        "Ban Dân vận Trung ương",
        "Ban Tuyên giáo và Dân vận Trung ương",
    ]


def test_in_force_on_filter_reads_day_first_dates(agencies):
    assert "Ban Dân vận Trung ương" in names({"in_force_on": "01/02/2025"})
    assert "Ban Tuyên giáo và Dân vận Trung ương" not in names({"in_force_on": "01/02/2025"})
    assert names({"in_force_on": "01/04/2025"}) == [
        "Ban Tuyên giáo và Dân vận Trung ương",
        "Bộ Ngoại giao",
        "Ủy ban MTTQ Việt Nam TP.HCM",
    ]


def test_is_active(agencies):
    assert not AgencyFilterSet({}, queryset=Agency.objects.all()).is_active
    assert not AgencyFilterSet({"q": ""}, queryset=Agency.objects.all()).is_active
    assert AgencyFilterSet({"kind": "front"}, queryset=Agency.objects.all()).is_active


def test_parent_filter_keeps_units_at_any_depth(agencies):
    bng = agencies["bng"]
    dub = AgencyFactory(name="Đảng ủy Bộ Ngoại giao", parent=bng)
    AgencyFactory(name="Văn phòng Đảng ủy", parent=dub)
    AgencyFactory(name="Văn phòng Bộ", parent=AgencyFactory(name="Bộ Công an"))
    assert names({"parent": bng.pk}) == ["Văn phòng Đảng ủy", "Đảng ủy Bộ Ngoại giao"]
    assert names({"parent": bng.pk, "q": "van phong"}) == ["Văn phòng Đảng ủy"]
    assert names({"parent": dub.pk}) == ["Văn phòng Đảng ủy"]


def test_parent_alone_is_not_an_active_filter(agencies):
    data = {"parent": agencies["bng"].pk}
    assert not AgencyFilterSet(data, queryset=Agency.objects.all()).is_active
    assert AgencyFilterSet({**data, "q": "vu"}, queryset=Agency.objects.all()).is_active


@pytest.fixture
def officials(agencies):
    hoai = OfficialFactory(full_name="Bùi Thị Minh Hoài")
    son = OfficialFactory(full_name="Bùi Thanh Sơn")
    hieu = OfficialFactory(full_name="Phạm Quang Hiệu")
    PositionFactory(official=hoai, agency=agencies["bdv"], title="Trưởng Ban")
    PositionFactory(official=son, agency=agencies["bng"], title="Bộ trưởng")
    PositionFactory(
        official=hieu,
        agency=agencies["bng"],
        title="Thứ trưởng",
        end_date=datetime.date(2024, 1, 1),
    )
    return {"hoai": hoai, "son": son, "hieu": hieu}


def official_names(data) -> list[str]:
    filterset = OfficialFilterSet(data, queryset=Official.objects.all())
    assert filterset.is_valid(), filterset.errors
    return sorted(filterset.qs.values_list("full_name", flat=True))


def test_official_q_filter(officials):
    assert official_names({"q": "bui"}) == ["Bùi Thanh Sơn", "Bùi Thị Minh Hoài"]


def test_official_agency_filter(officials, agencies):
    assert official_names({"agency": agencies["bng"].pk}) == ["Bùi Thanh Sơn", "Phạm Quang Hiệu"]


def test_official_current_filter(officials):
    assert official_names({"current": "yes"}) == ["Bùi Thanh Sơn", "Bùi Thị Minh Hoài"]
    assert official_names({"current": "no"}) == ["Phạm Quang Hiệu"]
