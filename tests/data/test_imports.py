"""Imports: the dry run reports every kind of bad line and writes nothing; the real run
creates and updates by business key in one transaction and names the import in the history."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from agencies.imports import AgencyImporter, OfficialImporter
from agencies.models import Agency, Official, Position
from core.imports import CREATE, NOT_ALLOWED, REFUSE, UNCHANGED, UPDATE, read_rows
from programs.imports import ProgramImporter, TaskImporter
from programs.models import Program, Task
from tests.agencies.factories import AgencyFactory, OfficialFactory
from tests.conftest import set_agency
from tests.programs.factories import ProgramFactory, SignatoryFactory, TaskFactory


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(importer_class, rows, *, user=None, commit=False, filename="so-lieu.xlsx"):
    importer = importer_class(user=user, source=filename)
    return importer.run(read_rows(xlsx(rows), filename=filename), commit=commit)


@pytest.fixture
def parties(db):
    return (
        AgencyFactory(name="Ban Dân vận Trung ương", short_name="BDVTW"),
        AgencyFactory(name="Ban cán sự đảng Bộ Ngoại giao", short_name="BCSĐBNG"),
    )


AGENCY_HEADINGS = ["Tên đầy đủ", "Tên viết tắt", "Loại", "Cơ quan cấp trên", "Hiệu lực từ"]


def test_agency_dry_run_reports_each_bad_line_and_writes_nothing(db, parties):
    before = Agency.objects.count()
    result = run(
        AgencyImporter,
        [
            AGENCY_HEADINGS,
            ["Vụ Dân tộc", "VDT", "Đơn vị", "BDVTW", "01/02/2020"],  # 2: create
            ["", "X", "", "", ""],  # 3: missing key
            ["Vụ Tôn giáo", "", "", "Ban không có", ""],  # 4: unknown agency
            ["Vụ Địa bàn", "", "", "BDVTW", "31/02/2020"],  # 5: bad date
            ["vu dan toc", "", "", "Ban Dân vận Trung ương", ""],  # 6: duplicate of line 2
            ["Ban dan van trung uong", "BDVTW", "", "", ""],  # 7: existing, unchanged
        ],
    )
    actions = {line.number: line.action for line in result.lines}
    assert actions == {2: CREATE, 3: REFUSE, 4: REFUSE, 5: REFUSE, 6: REFUSE, 7: UNCHANGED}
    messages = {line.number: " ".join(line.messages) for line in result.lines}
    assert "Tên đầy đủ" in messages[3]
    assert "Ban không có" in messages[4]
    assert "31/02/2020" in messages[5]
    assert "dòng 2" in messages[6]
    assert not result.committed
    assert Agency.objects.count() == before


def test_agency_real_run_refused_when_a_line_is_bad(db, parties):
    result = run(
        AgencyImporter,
        [
            AGENCY_HEADINGS,
            ["Vụ Dân tộc", "", "", "BDVTW", ""],
            ["", "", "", "", ""],
            ["x", "", "", "?", ""],
        ],
        commit=True,
    )
    assert result.has_refusals and not result.committed
    assert not Agency.objects.filter(name="Vụ Dân tộc").exists()


def test_agency_real_run_creates_and_updates_by_name_within_parent(db, parties, users):
    bdv, _bng = parties
    existing = AgencyFactory(name="Vụ Dân tộc", short_name="", parent=bdv)
    result = run(
        AgencyImporter,
        [
            AGENCY_HEADINGS,
            ["Vu Dan toc", "VDT", "", "BDVTW", "01/02/2020"],  # same name folded, same parent
            ["Vụ Dân tộc", "", "", "BCSĐBNG", ""],  # same name, other parent: a new agency
            ["Cục Lãnh sự", "CLS", "", "", ""],
        ],
        user=users["admin"],
        commit=True,
        filename="co-quan.xlsx",
    )
    assert result.committed, [line.messages for line in result.lines]
    assert [line.action for line in result.lines] == [UPDATE, CREATE, CREATE]
    existing.refresh_from_db()
    assert existing.short_name == "VDT"
    assert existing.valid_from == datetime.date(2020, 2, 1)
    assert existing.name == "Vụ Dân tộc"  # matched, not renamed to the file's spelling
    record = existing.history.first()
    assert record.history_user == users["admin"]
    assert "co-quan.xlsx" in record.history_change_reason
    assert Agency.objects.filter(name="Vụ Dân tộc").count() == 2


def test_officials_with_positions(db, parties, users):
    bdv, _ = parties
    OfficialFactory(full_name="Bùi Thị Minh Hoài")
    rows = [
        ["Họ và tên", "Cơ quan", "Chức vụ", "Ngày bắt đầu", "Ngày kết thúc"],
        ["Bui Thi Minh Hoai", "BDVTW", "Trưởng Ban", "02/02/2021", ""],
        ["Phạm Tất Thắng", "Ban Dân vận Trung ương", "Phó Trưởng ban Thường trực", "", ""],
        ["Phạm Tất Thắng", "BDVTW", "", "", ""],  # agency without a title
    ]
    dry = run(OfficialImporter, rows)
    assert [line.action for line in dry.lines] == [UPDATE, CREATE, REFUSE]
    assert not Position.objects.exists()
    result = run(OfficialImporter, rows[:3], user=users["admin"], commit=True)
    assert result.committed
    assert Official.objects.count() == 2
    hoai = Official.objects.get(full_name="Bùi Thị Minh Hoài")
    assert hoai.title_on(bdv, datetime.date(2024, 1, 1)) == "Trưởng Ban"
    again = run(OfficialImporter, rows[:3], user=users["admin"], commit=True)
    assert [line.action for line in again.lines] == [UNCHANGED, UNCHANGED]


PROGRAM_HEADINGS = ["Số, ký hiệu", "Ngày ký", "Trích yếu", "Các bên ký kết", "Từ năm", "Đến năm"]


def test_programs_created_and_updated_by_identifier_and_date(db, parties, users):
    set_agency(users["staff"], parties[0])  # the importer's agency signs (scoped permissions)
    existing = ProgramFactory(
        identifier="90-CTr/BDVTW-BCSĐBNG", signed_on=datetime.date(2016, 12, 6), title="Cũ"
    )
    SignatoryFactory(program=existing, agency=parties[0])
    SignatoryFactory(program=existing, agency=parties[1])
    # The same identifier on another date is another program (numbers restart each term).
    rows = [
        PROGRAM_HEADINGS,
        [
            "Số: 90- ctr/bdvtw-bcsÐbng",
            "06/12/2016",
            "Chương trình phối hợp 90",
            "BDVTW; BCSĐBNG",
            2016,
            2021,
        ],
        [
            "90-CTr/BDVTW-BCSĐBNG",
            "26/11/2021",
            "Một chương trình khác",
            "BDVTW; BCSĐBNG",
            2021,
            2026,
        ],
        ["", "", "Thỏa thuận hợp tác", "BDVTW;Ban cán sự đảng Bộ Ngoại giao", "", ""],
        ["25-XYZ", "", "Sai số hiệu", "BDVTW; BCSĐBNG", "", ""],
        ["02-CTr/BDVTW-BCSĐBNG", "", "Một bên", "BDVTW", "", ""],
    ]
    dry = run(ProgramImporter, rows)
    assert [line.action for line in dry.lines] == [UPDATE, CREATE, CREATE, REFUSE, REFUSE]
    assert Program.objects.count() == 1
    result = run(ProgramImporter, rows[:4], user=users["staff"], commit=True)
    assert result.committed, [line.messages for line in result.lines]
    existing.refresh_from_db()
    assert existing.title == "Chương trình phối hợp 90"
    assert (existing.period_start, existing.period_end) == (2016, 2021)
    assert Program.objects.count() == 3
    created = Program.objects.get(signed_on=datetime.date(2021, 11, 26))
    assert created.identifier == "90-CTr/BDVTW-BCSĐBNG"
    assert created.signatories.count() == 2
    untitled = Program.objects.get(title="Thỏa thuận hợp tác")
    assert untitled.history.first().history_user == users["staff"]
    # Matched by title when there is no identifier: a second run changes nothing.
    again = run(ProgramImporter, rows[:4], user=users["staff"], commit=True)
    assert [line.action for line in again.lines] == [UNCHANGED] * 3


def test_tasks_by_program_key_and_title(db, parties, users):
    set_agency(users["staff"], parties[0])  # the importer's agency signs (scoped permissions)
    program = ProgramFactory(
        identifier="02-CTr/BDVTW-BCSĐBNG", signed_on=datetime.date(2021, 11, 26)
    )
    SignatoryFactory(program=program, agency=parties[0])
    SignatoryFactory(program=program, agency=parties[1])
    task = TaskFactory(program=program, title="Tham mưu chính sách", lead_agency=parties[0])
    rows = [
        [
            "Số, ký hiệu chương trình",
            "Ngày ký chương trình",
            "Nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Hạn hoàn thành",
            "Tiến độ (%)",
        ],
        [
            "02-CTr/BDVTW-BCSĐBNG",
            "26/11/2021",
            "tham muu chinh sach",
            "BDVTW",
            "BCSĐBNG",
            "31/12/2026",
            20,
        ],
        ["02-CTr/BDVTW-BCSĐBNG", "26/11/2021", "Tập huấn", "BCSĐBNG", "", "", ""],
        ["99-CTr/BDVTW", "26/11/2021", "Không có chương trình", "", "", "", ""],
    ]
    result = run(TaskImporter, rows, user=users["staff"], commit=False)
    assert [line.action for line in result.lines] == [UPDATE, CREATE, REFUSE]
    result = run(TaskImporter, rows[:3], user=users["staff"], commit=True)
    assert result.committed
    task.refresh_from_db()
    assert task.progress == 20 and task.due_on == datetime.date(2026, 12, 31)
    assert list(task.coordinating_agencies.all()) == [parties[1]]
    assert Task.objects.filter(program=program).count() == 2


def test_csv_with_bom_and_semicolons(db, parties):
    content = "\ufeffTên đầy đủ;Tên viết tắt\nVụ Dân tộc;VDT\n".encode()
    rows = read_rows(content, filename="co-quan.csv")
    result = AgencyImporter(user=None, source="co-quan.csv").run(rows, commit=False)
    assert [line.action for line in result.lines] == [CREATE]


def test_import_page_dry_run_then_real_run(client_for, users, parties):
    set_agency(users["staff"], parties[0])  # the importer's agency signs (scoped permissions)
    client = client_for("staff")
    sheet = xlsx(
        [
            PROGRAM_HEADINGS,
            ["02-CTr/BDVTW-BCSĐBNG", "26/11/2021", "Chương trình 02", "BDVTW; BCSĐBNG", 2021, 2026],
        ]
    )
    upload = SimpleUploadedFile("ctr.xlsx", sheet)
    response = client.post(reverse("imports:import"), {"kind": "programs", "file": upload})
    assert response.status_code == 200
    assert response.context["result"].counts["create"] == 1
    assert not Program.objects.exists()
    token = response.context["token"]
    response = client.post(
        reverse("imports:import"),
        {"confirm": "1", "token": token, "kind": "programs", "source": "ctr.xlsx"},
    )
    assert response.status_code == 200
    assert response.context["result"].committed
    program = Program.objects.get()
    assert "ctr.xlsx" in program.history.first().history_change_reason


def test_import_page_kinds_follow_permissions(client_for, db):
    assert client_for("viewer").get(reverse("imports:import")).status_code == 403
    staff_kinds = client_for("staff").get(reverse("imports:import")).context["kinds"]
    assert set(staff_kinds) == {"programs", "tasks"}
    admin_kinds = client_for("admin").get(reverse("imports:import")).context["kinds"]
    assert set(admin_kinds) == {"agencies", "officials", "programs", "tasks"}


def test_another_users_dry_run_cannot_be_confirmed(client_for, parties, users):
    staff = client_for("staff")
    sheet = xlsx([PROGRAM_HEADINGS, ["", "", "Chương trình", "BDVTW; BCSĐBNG", "", ""]])
    response = staff.post(
        reverse("imports:import"), {"kind": "programs", "file": SimpleUploadedFile("a.xlsx", sheet)}
    )
    token = response.context["token"]
    manager = client_for("manager")
    response = manager.post(
        reverse("imports:import"), {"confirm": "1", "token": token, "kind": "programs"}
    )
    assert response.status_code == 302
    assert not Program.objects.exists()


@pytest.mark.parametrize("kind", ["agencies", "officials", "programs", "tasks"])
def test_template_files(client_for, db, kind):
    client = client_for("admin")
    response = client.get(reverse("imports:template", args=[kind, "xlsx"]))
    assert response.status_code == 200
    headings = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    importer = {
        "agencies": AgencyImporter,
        "officials": OfficialImporter,
        "programs": ProgramImporter,
        "tasks": TaskImporter,
    }[kind]
    assert len(headings) == len(importer.columns)
    csv_response = client.get(reverse("imports:template", args=[kind, "csv"]))
    assert csv_response.content.startswith("\ufeff".encode())


def test_unreadable_file(client_for, db):
    response = client_for("staff").post(
        reverse("imports:import"),
        {"kind": "programs", "file": SimpleUploadedFile("x.xlsx", b"not a workbook")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_each_line_asks_the_access_rules(db, parties, users):
    # Staff may not write agencies (administrators maintain them): every line is refused.
    result = run(
        AgencyImporter, [AGENCY_HEADINGS, ["Vụ mới", "", "", "BDVTW", ""]], user=users["staff"]
    )
    assert [line.action for line in result.lines] == [REFUSE]
    assert result.lines[0].messages == [str(NOT_ALLOWED)]


def test_unconfirmed_dry_run_files_are_cleaned_up(client_for, parties, users):
    import datetime as dt
    import os

    from django.core.files.storage import default_storage

    client = client_for("staff")
    sheet = xlsx([PROGRAM_HEADINGS, ["", "", "Chương trình", "BDVTW; BCSĐBNG", "", ""]])
    post = {"kind": "programs"}
    first = client.post(
        reverse("imports:import"), {**post, "file": SimpleUploadedFile("a.xlsx", sheet)}
    )
    old = f"imports/{users['staff'].pk}/{first.context['token']}"
    stamp = (dt.datetime.now() - dt.timedelta(days=2)).timestamp()
    os.utime(default_storage.path(old), (stamp, stamp))
    second = client.post(
        reverse("imports:import"), {**post, "file": SimpleUploadedFile("b.xlsx", sheet)}
    )
    assert not default_storage.exists(old)
    assert default_storage.exists(f"imports/{users['staff'].pk}/{second.context['token']}")
