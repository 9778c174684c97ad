"""Data in and out, in the browser: a viewer exports a filtered list to Excel and gets exactly
the rows on screen; staff import a small sheet (the dry run refuses a bad line and writes
nothing, the corrected file is imported); staff attach the signed scan to 90-CTr and a viewer
opens it."""

import re

from django.urls import reverse
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from attachments.models import Attachment
from programs.models import Program
from tests.conftest import set_agency
from tests.e2e.helpers import at

PROGRAM_HEADINGS = ["Số, ký hiệu", "Ngày ký", "Trích yếu", "Các bên ký kết", "Từ năm", "Đến năm"]
NEW_PROGRAM = [
    "05-CTr/BNG-TWĐ",
    "15/03/2022",
    "Chương trình phối hợp về thanh niên kiều bào",
    "Bộ Ngoại giao; Trung ương Đoàn TNCS Hồ Chí Minh",
    2022,
    2026,
]
BAD_LINE = [
    "06-CTr/BNG-TWĐ",
    "31/02/2022",
    "Ngày ký sai",
    "Bộ Ngoại giao; Cơ quan không có",
    "",
    "",
]
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def sheet(path, rows) -> str:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return str(path)


def test_viewer_exports_a_filtered_list(page, demo, sign_in, shoot, tmp_path):
    sign_in("viewer")
    page.goto(reverse("programs:program_list"))
    filters = page.locator("form#ph-filters")
    filters.locator("[name=q]").fill("chuong trinh phoi hop 90")
    filters.locator("button[type=submit]").click()
    expect(page).to_have_url(at(reverse("programs:program_list"), query=True))
    shown = page.locator("[data-testid=program-table] tbody tr").count()
    assert shown >= 1
    shoot("filtered list")
    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    assert path.suffix == ".xlsx"
    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    assert len(rows) - 1 == shown
    assert any(row[0] == demo.program_90.identifier for row in rows[1:])


def test_staff_imports_a_sheet_after_a_dry_run(page, demo, sign_in, e2e_users, shoot, tmp_path):
    # The importer works at Bộ Ngoại giao, a party of the program imported (scoped permissions).
    set_agency(e2e_users["staff"], demo.mofa)
    sign_in("staff")
    page.goto(reverse("home"))
    page.locator("nav .dropdown-toggle").last.click()
    page.get_by_test_id("menu-import").click()
    expect(page).to_have_url(at(reverse("imports:import")))
    form = page.get_by_test_id("import-form")
    form.locator("[name=kind]").select_option("programs")
    form.locator("[name=file]").set_input_files(
        sheet(tmp_path / "bad.xlsx", [PROGRAM_HEADINGS, NEW_PROGRAM, BAD_LINE])
    )
    page.get_by_test_id("dry-run").click()
    lines = page.get_by_test_id("import-lines")
    expect(lines.locator("tr[data-action=create]")).to_have_count(1)
    refused = lines.locator("tr[data-action=refuse]")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("31/02/2022")
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    shoot("dry run with a bad line")
    assert not Program.objects.filter(title=NEW_PROGRAM[2]).exists()

    form = page.get_by_test_id("import-form")
    form.locator("[name=kind]").select_option("programs")
    form.locator("[name=file]").set_input_files(
        sheet(tmp_path / "good.xlsx", [PROGRAM_HEADINGS, NEW_PROGRAM])
    )
    page.get_by_test_id("dry-run").click()
    expect(page.get_by_test_id("import-lines").locator("tr[data-action=create]")).to_have_count(1)
    assert not Program.objects.filter(title=NEW_PROGRAM[2]).exists()
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("import-result")).to_contain_text("good.xlsx")
    shoot("imported")
    program = Program.objects.get(title=NEW_PROGRAM[2])
    assert program.identifier == "05-CTr/BNG-TWĐ"
    assert program.signatories.count() == 2
    page.goto(program.get_absolute_url())
    expect(page.locator("h1")).to_have_text(NEW_PROGRAM[2])


def test_staff_attaches_the_signed_scan(page, demo, sign_in, shoot, tmp_path, context):
    sign_in("staff")
    program = demo.program_90
    page.goto(program.get_absolute_url())
    box = page.get_by_test_id("attachments")
    scan = tmp_path / "90-CTr-ban-ky.pdf"
    scan.write_bytes(PDF_BYTES)
    box.locator("[name=file]").set_input_files(str(scan))
    box.locator("[name=kind]").select_option("signed_scan")
    box.locator("[name=description]").fill("Bản ký ngày 6/12/2016")
    box.locator("button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(re.escape(program.get_absolute_url()) + "#attachments$"))
    listed = page.get_by_test_id("attachment")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("90-CTr-ban-ky.pdf")
    expect(listed).to_contain_text("staff")
    shoot("attached")
    attachment = Attachment.objects.get()
    response = page.request.get(
        page.url.split("/programs/")[0]
        + reverse("attachments:attachment_download", args=[attachment.pk])
    )
    assert response.status == 200
    assert response.body() == PDF_BYTES

    # A file that only claims to be a PDF is refused.
    fake = tmp_path / "gia.pdf"
    fake.write_bytes(b"MZ this is not a pdf")
    box = page.get_by_test_id("attachments")
    box.locator("[name=file]").set_input_files(str(fake))
    box.locator("button[type=submit]").last.click()
    expect(page.locator(".alert-danger").first).to_contain_text("PDF")
    assert Attachment.objects.count() == 1


def test_api_documentation_is_served_from_the_site(page, sign_in, shoot):
    # The page fixture fails on any request to another host: Swagger UI must come from the
    # vendored assets.
    sign_in("viewer")
    page.goto(reverse("api:docs"))
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("phoihop API")
    expect(page.locator(".opblock-tag-section").first).to_be_visible()
    shoot("api docs")
