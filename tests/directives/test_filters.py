import datetime

import pytest

from directives.filters import DirectiveFilterSet
from directives.models import Directive, DirectiveStatus
from tests.agencies.factories import AgencyFactory
from tests.directives.factories import DirectiveFactory

pytestmark = pytest.mark.django_db


def identifiers(data) -> list[str]:
    filterset = DirectiveFilterSet(data, queryset=Directive.objects.all())
    assert filterset.is_valid(), filterset.errors
    return sorted(filterset.qs.values_list("identifier", flat=True))


@pytest.fixture
def rows():
    bct = AgencyFactory(name="Bộ Chính trị")
    bch = AgencyFactory(name="Ban Chấp hành Trung ương")
    return [
        DirectiveFactory(
            identifier="25-NQ/TW",
            issued_on=datetime.date(2013, 6, 3),
            issuing_body=bch,
            title="Về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận",
        ),
        DirectiveFactory(
            identifier="36-NQ/TW",
            issued_on=datetime.date(2004, 3, 26),
            issuing_body=bct,
            title="Về công tác đối với người Việt Nam ở nước ngoài",
        ),
        DirectiveFactory(
            identifier="43-KL/TW",
            issued_on=datetime.date(2013, 1, 7),
            issuing_body=bct,
            title="Tiếp tục thực hiện Nghị quyết 25-NQ/TW",
            status=DirectiveStatus.EXPIRED,
        ),
        DirectiveFactory(
            identifier="122- CTr/ĐUB",
            issued_on=datetime.date(2013, 9, 12),
            title="Chương trình hành động thực hiện Nghị quyết 25",
        ),
        DirectiveFactory(
            identifier="228-QĐ/TW",
            issued_on=datetime.date(2014, 2, 7),
            status=DirectiveStatus.REPLACED,
            title="Quy định về đảng viên ở nước ngoài",
        ),
    ]


def test_type_filter(rows):
    assert identifiers({"type_code": "NQ"}) == ["25-NQ/TW", "36-NQ/TW"]


def test_issuing_body_filter(rows):
    body = rows[1].issuing_body
    assert identifiers({"issuing_body": body.pk}) == ["36-NQ/TW", "43-KL/TW"]


def test_issuing_body_is_picked_on_demand(rows):
    AgencyFactory(name="Không ban hành gì")
    issuer = Directive.objects.exclude(issuing_body=None).first().issuing_body
    form = DirectiveFilterSet({"issuing_body": issuer.pk}, queryset=Directive.objects.all()).form
    html = str(form["issuing_body"])
    assert html.count("<option") == 2  # "all" and the chosen body: no list of every agency
    assert issuer.name in html and "Không ban hành gì" not in html


def test_year_filter(rows):
    assert identifiers({"year": "2013"}) == ["122-CTr/ĐUB", "25-NQ/TW", "43-KL/TW"]


def test_status_filter(rows):
    assert identifiers({"status": DirectiveStatus.REPLACED}) == ["228-QĐ/TW"]


def test_filters_combine(rows):
    assert identifiers({"year": "2013", "type_code": "KL"}) == ["43-KL/TW"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("cong tac dan van", ["25-NQ/TW"]),  # folded words, no diacritics
        ("NGƯỜI VIỆT NAM", ["36-NQ/TW"]),  # case
        ("nuoc ngoai", ["228-QĐ/TW", "36-NQ/TW"]),
        # an identifier variant, then the titles that cite it
        ("25/NQ-TW", ["122-CTr/ĐUB", "25-NQ/TW", "43-KL/TW"]),
        ("NQ 36", ["36-NQ/TW"]),  # short citation
        ("nghị quyết 36", ["36-NQ/TW"]),
        ("122- CTr/ÐUB", ["122-CTr/ĐUB"]),  # stray space and the look-alike Ð
        ("122-CTr", ["122-CTr/ĐUB"]),  # partial identifier
    ],
)
def test_free_text_filter(rows, q, expected):
    assert identifiers({"q": q}) == expected


def test_free_text_ranks_identifier_hits_first(rows):
    filterset = DirectiveFilterSet({"q": "25-NQ/TW"}, queryset=Directive.objects.all())
    assert filterset.qs[0].identifier == "25-NQ/TW"


def test_free_text_accepts_decomposed_unicode(rows):
    import unicodedata

    assert identifiers({"q": unicodedata.normalize("NFD", "Dân vận")}) == ["25-NQ/TW"]
