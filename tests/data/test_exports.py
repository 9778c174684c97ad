"""List exports: the filtered rows (all pages), names not ids, dates day first, CSV with a BOM,
.xlsx that openpyxl opens, the list's permission."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.agencies.factories import AgencyFactory, OfficialFactory, PositionFactory
from tests.directives.factories import DirectiveFactory
from tests.programs.factories import ProgramFactory, ReviewMeetingFactory, SignatoryFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _sheet_rows(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(_body(response)), read_only=True)
    return list(workbook.active.iter_rows(values_only=True))


@pytest.fixture
def programs(db):
    bdv = AgencyFactory(name="Ban Dân vận Trung ương", short_name="BDVTW")
    bng = AgencyFactory(name="Ban cán sự đảng Bộ Ngoại giao", short_name="BCSĐBNG")
    rows = []
    for number in range(30):  # more than a page of the list
        program = ProgramFactory(
            identifier=f"{number + 1}-CTr/BDVTW-BCSĐBNG",
            title=f"Chương trình số {number}",
            signed_on=datetime.date(2016, 12, 6),
            status="in_force" if number % 3 else "completed",
            status_set_by_hand=True,
        )
        SignatoryFactory(program=program, agency=bdv)
        SignatoryFactory(program=program, agency=bng)
        rows.append(program)
    return rows


def test_xlsx_has_exactly_the_filtered_rows(viewer_client, programs):
    response = viewer_client.get(
        reverse("programs:program_export", args=["xlsx"]), {"status": "completed"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    rows = _sheet_rows(response)
    header, data = rows[0], rows[1:]
    assert header[:2] == ("Số, ký hiệu", "Trích yếu")
    expected = {p.identifier for p in programs if p.status == "completed"}
    assert len(data) == len(expected) == 10
    assert {row[0] for row in data} == expected
    first = data[0]
    assert first[4] == datetime.datetime(2016, 12, 6)  # a real date cell, shown dd/mm/yyyy
    column = dict(zip(header, first, strict=True))
    parties = column["Các bên ký kết"]
    assert "Ban Dân vận Trung ương" in parties and "Ban cán sự đảng Bộ Ngoại giao" in parties
    # The review schedule (issue 12): the period's dates, as date cells.
    program = next(p for p in programs if p.identifier == first[0])
    assert column["Ngày sơ kết"].date() == program.interim_review_on
    assert column["Ngày tổng kết"].date() == program.final_review_on


def test_xlsx_date_cells_are_day_first(viewer_client, programs):
    response = viewer_client.get(reverse("programs:program_export", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(_body(response)))
    cell = workbook.active["E2"]
    assert cell.number_format == "DD/MM/YYYY"


def test_csv_streams_utf8_with_bom_and_day_first_dates(viewer_client, programs):
    response = viewer_client.get(reverse("programs:program_export", args=["csv"]), {"q": "CTr 1"})
    assert response.streaming
    body = _body(response)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[1][0] == "1-CTr/BDVTW-BCSĐBNG"
    assert rows[1][4] == "06/12/2016"
    assert len(rows) == 2


def test_export_needs_the_list_permission(client_for, programs):
    response = client_for("nobody").get(reverse("programs:program_export", args=["csv"]))
    assert response.status_code == 403


def test_unknown_format_404(viewer_client, db):
    assert viewer_client.get(reverse("programs:program_export", args=["pdf"])).status_code == 404


def test_query_count_does_not_grow_with_rows(
    viewer_client, programs, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = viewer_client.get(reverse("programs:program_export", args=["xlsx"]))
        assert len(_sheet_rows(response)) == 31


@pytest.mark.parametrize(
    ("url_name", "role", "params", "expected"),
    [
        ("programs:reviewmeeting_export", "viewer", {"q": "tong ket"}, "Hội nghị tổng kết"),
        ("directives:directive_export", "viewer", {"q": "NQ 25"}, "25-NQ/TW"),
        ("agencies:agency_export", "viewer", {"q": "ban dan van"}, "Ban Dân vận Trung ương"),
        ("agencies:official_export", "viewer", {"q": "bui thanh son"}, "Bùi Thanh Sơn"),
        ("reports:reportjob_export", "manager", {}, None),
    ],
)
def test_every_list_exports_its_filtered_rows(client_for, db, url_name, role, params, expected):
    ReviewMeetingFactory(title="Hội nghị tổng kết 5 năm")
    ReviewMeetingFactory(title="Buổi làm việc")
    DirectiveFactory(identifier="25-NQ/TW")
    DirectiveFactory(identifier="36-NQ/TW")
    bdv = AgencyFactory(name="Ban Dân vận Trung ương", short_name="BDVTW")
    AgencyFactory(name="Bộ Ngoại giao", short_name="BNG")
    PositionFactory(official=OfficialFactory(full_name="Bùi Thanh Sơn"), agency=bdv)
    OfficialFactory(full_name="Phạm Quang Hiệu")
    client = client_for(role)
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse(url_name, args=[fmt]), params)
        assert response.status_code == 200
    rows = _sheet_rows(response)
    if expected is None:
        assert len(rows) == 1  # headings only
    else:
        assert len(rows) == 2
        assert any(expected in str(value) for value in rows[1])
