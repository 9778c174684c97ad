"""Attachments: the type is read from the content, the size limit comes from the settings,
the file is served only to users who may read its record, the history keeps who added it."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from attachments.models import Attachment
from attachments.services import TOO_LARGE, WRONG_TYPE, attachment_add
from attachments.validators import DOCX, JPEG, PDF, PNG, XLSX, sniff
from tests.directives.factories import DirectiveFactory
from tests.programs.factories import ProgramFactory, ReviewMeetingFactory, SignatoryFactory

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF_BYTES, PDF),
        (PNG_BYTES, PNG),
        (JPEG_BYTES, JPEG),
        (docx_bytes(), DOCX),
        (xlsx_bytes(), XLSX),
        (b"MZ\x90\x00 an executable", None),
        (b"<html><script>alert(1)</script>", None),
        (plain_zip(), None),
        (b"PK\x03\x04 broken zip", None),
    ],
)
def test_type_is_read_from_the_content(content, expected):
    assert sniff(io.BytesIO(content)) == expected


@pytest.fixture
def program(db):
    program = ProgramFactory()
    SignatoryFactory(program=program)  # the test accounts' agency: their staff attach files
    return program


def upload(client, record, content: bytes, name: str, kind="signed_scan"):
    label = record._meta.label_lower
    return client.post(
        reverse("attachments:attachment_create", args=[label, record.pk]),
        {"file": SimpleUploadedFile(name, content), "kind": kind, "description": "Bản ký"},
    )


def test_staff_attaches_a_signed_scan(staff_client, program, users):
    response = upload(staff_client, program, PDF_BYTES, "chuong-trinh-90.pdf")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.record == program
    assert attachment.media_type == "application/pdf"
    assert attachment.original_name == "chuong-trinh-90.pdf"
    assert attachment.uploaded_by == users["staff"]
    assert attachment.size == len(PDF_BYTES)
    # Stored under a random name, not the uploaded one, and not under a public URL route.
    assert "chuong-trinh-90" not in attachment.file.name
    assert default_storage.exists(attachment.file.name)
    record = attachment.history.first()
    assert record.history_user == users["staff"]
    assert "chuong-trinh-90.pdf" in record.history_change_reason


def test_wrong_type_refused_whatever_its_name(staff_client, program):
    response = upload(staff_client, program, b"MZ\x90\x00 not a pdf", "scan.pdf")
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("PDF" in m for m in messages)


def test_over_the_size_limit_refused(staff_client, program, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    response = upload(staff_client, program, PDF_BYTES + b"0" * 200, "scan.pdf")
    assert response.status_code == 302
    assert not Attachment.objects.exists()


def test_service_errors_are_the_module_constants(program, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(Exception) as error:
        attachment_add(record=program, file=SimpleUploadedFile("a.pdf", PDF_BYTES), kind="document")
    assert error.value.error_dict["file"][0].message == TOO_LARGE
    settings.ATTACHMENT_MAX_BYTES = 10_000
    with pytest.raises(Exception) as error:
        attachment_add(record=program, file=SimpleUploadedFile("a.pdf", b"GIF89a"), kind="document")
    assert error.value.error_dict["file"][0].message == WRONG_TYPE


def test_viewer_reads_but_cannot_attach(client_for, program):
    viewer = client_for("viewer")
    assert upload(viewer, program, PDF_BYTES, "a.pdf").status_code == 403
    assert not Attachment.objects.exists()


def test_only_users_who_may_read_the_record_fetch_the_file(client_for, program):
    upload(client_for("staff"), program, PDF_BYTES, "a.pdf")
    attachment = Attachment.objects.get()
    url = reverse("attachments:attachment_download", args=[attachment.pk])
    response = client_for("viewer").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for("nobody").get(url).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, program, staff_client):
    upload(staff_client, program, PDF_BYTES, "a.pdf")
    attachment = Attachment.objects.get()
    client.logout()
    response = client.get(reverse("attachments:attachment_download", args=[attachment.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_office_files_downloaded_not_shown(staff_client, program):
    upload(staff_client, program, docx_bytes(), "bien-ban.docx", kind="minutes")
    attachment = Attachment.objects.get()
    assert attachment.media_type == DOCX.media_type
    response = staff_client.get(reverse("attachments:attachment_download", args=[attachment.pk]))
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("factory", [DirectiveFactory, ReviewMeetingFactory])
def test_directives_and_meetings_take_attachments(staff_client, db, factory):
    record = factory()
    assert upload(staff_client, record, PNG_BYTES, "anh.png").status_code == 302
    assert Attachment.objects.for_record(record).count() == 1


def test_records_not_registered_refuse_attachments(client_for, db):
    client = client_for("admin")
    response = client.post(
        reverse("attachments:attachment_create", args=["auth.user", 1]),
        {"file": SimpleUploadedFile("a.pdf", PDF_BYTES), "kind": "other"},
    )
    assert response.status_code == 404


def test_remove_keeps_the_history(staff_client, program, client_for):
    upload(staff_client, program, PDF_BYTES, "a.pdf")
    attachment = Attachment.objects.get()
    viewer = client_for("viewer")
    delete_url = reverse("attachments:attachment_delete", args=[attachment.pk])
    assert viewer.post(delete_url).status_code == 403
    staff = client_for("staff")
    assert staff.post(delete_url).status_code == 302
    assert not Attachment.objects.exists()
    assert Attachment.history.filter(id=attachment.pk, history_type="-").exists()


def test_record_page_lists_files_with_who_and_when_and_history(client_for, program):
    staff = client_for("staff")
    upload(staff, program, PDF_BYTES, "ban-ky.pdf")
    page = staff.get(program.get_absolute_url())
    body = page.content.decode()
    assert 'data-testid="attachment"' in body and "ban-ky.pdf" in body
    assert "staff" in body
    assert 'data-testid="attachment-form"' in body
    tab = staff.get(reverse("programs:program_history", args=[program.pk]))
    history = [entry.reason for entry in tab.context["history"]]
    assert any(reason and "ban-ky.pdf" in reason for reason in history)
    viewer_page = client_for("viewer").get(program.get_absolute_url()).content.decode()
    assert "ban-ky.pdf" in viewer_page
    assert 'data-testid="attachment-form"' not in viewer_page


@pytest.mark.parametrize("factory", [DirectiveFactory, ReviewMeetingFactory])
def test_directive_and_meeting_pages_list_files(staff_client, db, factory):
    record = factory()
    upload(staff_client, record, PNG_BYTES, "anh-hoi-nghi.png")
    assert "anh-hoi-nghi.png" in staff_client.get(record.get_absolute_url()).content.decode()


def test_review_report_takes_the_signed_scan(staff_client, users, program):
    from reports.models import ReportKind
    from reports.services import review_report_create

    report = review_report_create(
        kind=ReportKind.PROGRAM_FINAL_REVIEW, subject=program, created_by=users["manager"]
    )
    assert upload(staff_client, report, PDF_BYTES, "bao-cao-da-ky.pdf").status_code == 302
    assert Attachment.objects.for_record(report).count() == 1
    page = staff_client.get(report.get_absolute_url()).content.decode()
    assert "bao-cao-da-ky.pdf" in page
