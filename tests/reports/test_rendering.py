"""The PDFs themselves: the facts of the seeds come out of pdftotext intact, in NFC, with the
shipped fonts, PDF/A metadata and a reproducible fingerprint."""

import datetime
import re
import unicodedata
import zlib

import pytest
from django.utils import timezone

from reports.models import ReportKind
from reports.rendering import fingerprint, render_report, report_data
from tests.programs.factories import TaskFactory
from tests.reports.conftest import needs_poppler, pdf_text, pdf_tool

pytestmark = [pytest.mark.django_db, needs_poppler]

PARAMS = {"as_of": "2021-11-26"}
WHEN = datetime.datetime(2021, 11, 26, 9, 30, tzinfo=datetime.UTC)


def render(kind, subject, **kwargs):
    return render_report(
        kind=kind, subject_id=subject.pk, parameters=PARAMS, generated_at=WHEN, **kwargs
    )


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams included) inflated."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def squash(text: str) -> str:
    """pdftotext breaks lines where the page does: compare on single spaces."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def final_report(seed):
    return render(ReportKind.PROGRAM_FINAL_REVIEW, seed["ctr90"])


def test_final_review_report_holds_the_seed_facts(final_report, tmp_path):
    text = squash(pdf_text(final_report.pdf, tmp_path))
    for fact in [
        "BAN DÂN VẬN TRUNG ƯƠNG",
        "BAN CÁN SỰ ĐẢNG BỘ NGOẠI GIAO",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số -BC/BDVTW-BCSĐBNG",
        "Hà Nội, ngày 26 tháng 11 năm 2021",
        "Tổng kết 5 năm thực hiện Chương trình phối hợp số 90-CTr/BDVTW-BCSĐBNG",
        "Ngày 06/12/2016, Ban Dân vận Trung ương và Ban cán sự đảng Bộ Ngoại giao đã ký",
        "Tham mưu chủ trương, chính sách",
        "Ngày 26/11/2021, các bên đã ký Chương trình phối hợp số 02-CTr/BDVTW-BCSĐBNG",
        "Bùi Thị Minh Hoài",
        "Nơi nhận:",
        "Phụ lục 1",
    ]:
        assert fact in text, fact
    assert unicodedata.is_normalized("NFC", text)


def test_tasks_are_classified_as_of_the_day(final_report, tmp_path):
    text = squash(pdf_text(final_report.pdf, tmp_path))
    # 3 tasks: one done (no dated update before... its update of 01/10/2021 reached 100%),
    # one overdue (due 30/6/2021), one open without a due date (within its deadline).
    assert "Chương trình có 3 nhiệm vụ được theo dõi" in text
    assert "Đã hoàn thành 1 nhiệm vụ (33%), trong đó 1 đúng hạn, 0 quá hạn" in text
    assert "Chưa hoàn thành 2 nhiệm vụ (67%), trong đó 1 còn trong hạn, 1 quá hạn" in text
    assert "Hoàn thành đúng hạn (01/10/2021)" in text  # the task list's result column
    assert "Chưa hoàn thành, quá hạn" in text


def test_interim_review_says_so(seed, tmp_path):
    rendered = render(ReportKind.PROGRAM_INTERIM_REVIEW, seed["ctr02"])
    text = squash(pdf_text(rendered.pdf, tmp_path))
    assert "Sơ kết" in text
    assert "02-CTr/BDVTW-BCSĐBNG" in text


def test_directive_report_counts_implementing_documents_and_the_session(seed, tmp_path):
    rendered = render_report(
        kind=ReportKind.DIRECTIVE_IMPLEMENTATION,
        subject_id=seed["nq25"].pk,
        parameters={"as_of": "2024-07-31"},
        generated_at=WHEN,
    )
    text = squash(pdf_text(rendered.pdf, tmp_path))
    for fact in [
        "Kết quả 11 năm thực hiện Nghị quyết số 25-NQ/TW ngày 03/06/2013 của Ban Chấp hành",
        "đã ban hành 3 văn bản triển khai thực hiện (Phụ lục 1)",
        "122-CTr/ĐUB",
        "1066-KH/ĐUB",
        "12/09/2013",
        "90-CTr/BDVTW-BCSĐBNG",
        "25/07/2024",
    ]:
        assert fact in text, fact


def test_fonts_are_the_shipped_noto_serif_embedded(final_report, tmp_path):
    fonts = pdf_tool("pdffonts", final_report.pdf, tmp_path)
    rows = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert rows
    assert all("Report-Serif" in row for row in rows)
    assert all(" yes yes yes " in row for row in rows)  # embedded, subset, unicode map


def test_pdfa_metadata_title_language_author_and_fingerprint(final_report, tmp_path):
    info = pdf_tool("pdfinfo", final_report.pdf, tmp_path)
    assert re.search(r"Title:\s+Báo cáo tổng kết 5 năm thực hiện", info)
    assert re.search(r"Author:\s+Ban Dân vận Trung ương, Ban cán sự đảng Bộ Ngoại giao", info)
    assert final_report.fingerprint in info
    xmp = pdf_tool("pdfinfo", final_report.pdf, tmp_path, "-meta")
    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="U"' in xmp
    assert re.search(rb"/Lang ?\(vi\)", pdf_objects(final_report.pdf))


def test_same_data_same_content_and_fingerprint(seed, tmp_path):
    first = render(ReportKind.PROGRAM_FINAL_REVIEW, seed["ctr90"])
    later = render_report(
        kind=ReportKind.PROGRAM_FINAL_REVIEW,
        subject_id=seed["ctr90"].pk,
        parameters=PARAMS,
        generated_at=WHEN + datetime.timedelta(days=3),
    )
    assert first.fingerprint == later.fingerprint
    strip_time = re.compile(r"lập lúc .*? ·")
    first_text = strip_time.sub("", pdf_text(first.pdf, tmp_path))
    later_text = strip_time.sub("", pdf_text(later.pdf, tmp_path))
    assert first_text == later_text
    assert "lập lúc 16:30 ngày 26/11/2021" in squash(pdf_text(first.pdf, tmp_path))
    TaskFactory(program=seed["ctr90"], title="Một nhiệm vụ mới")
    changed = render(ReportKind.PROGRAM_FINAL_REVIEW, seed["ctr90"])
    assert changed.fingerprint != first.fingerprint


def test_fingerprint_is_sha256_of_the_canonical_data(seed):
    data = report_data(
        kind=ReportKind.PROGRAM_FINAL_REVIEW, subject_id=seed["ctr90"].pk, parameters=PARAMS
    )
    assert fingerprint(data) == fingerprint(dict(reversed(list(data.items()))))
    assert re.fullmatch(r"[0-9a-f]{64}", fingerprint(data))


def test_decomposed_text_is_rendered_composed(seed, tmp_path):
    TaskFactory.create(program=seed["ctr90"], title="placeholder")
    # Bypass the model's normalising save to plant NFD text as another program might.
    from programs.models import Task

    Task.objects.filter(title="placeholder").update(
        title=unicodedata.normalize("NFD", "Vận động kiều bào Đức")
    )
    text = pdf_text(render(ReportKind.PROGRAM_FINAL_REVIEW, seed["ctr90"]).pdf, tmp_path)
    assert "Vận động kiều bào Đức" in text


def test_progress_is_reported_while_rendering(seed):
    seen = []
    render(ReportKind.PROGRAM_FINAL_REVIEW, seed["ctr90"], on_progress=seen.append)
    assert seen == sorted(seen)
    assert seen[0] <= 5 and seen[-1] == 95
    assert any(15 <= p <= 85 for p in seen)


def test_generated_at_is_shown_in_local_time(seed, tmp_path):
    rendered = render(ReportKind.PROGRAM_FINAL_REVIEW, seed["ctr90"])
    assert timezone.localtime(WHEN).hour == 16
    assert "16:30 ngày 26/11/2021" in squash(pdf_text(rendered.pdf, tmp_path))
