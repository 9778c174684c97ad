"""The review report as an official document, checked on the PDF itself (pdftotext, and word
positions from ``pdftotext -bbox-layout``): the party form (90-CTr), the state form (Bộ Ngoại
giao with Trung ương Đoàn), a TP.HCM program (the place), a joint report (two signature blocks
side by side), a draft and a final, the as-of day, the margins and no overprinting, on the demo
data taken from the seeds."""

import datetime
import re

import pytest
from django.core.management import call_command

from agencies.models import Agency
from programs.models import MeetingKind, Program, ReviewMeeting, Task, TaskStatus
from reports import services
from reports.models import ReportKind, ReviewReport, ReviewStatus, report_file_name
from reports.rendering import render_report
from reports.rendering.review import EMPTY_MARK
from tests.programs.factories import ReviewMeetingFactory, TaskFactory, TaskUpdateFactory
from tests.reports.conftest import needs_poppler, pdf_text
from tests.reports.pdfcheck import MM, metadata, overlapping_words, pages

pytestmark = [pytest.mark.django_db, needs_poppler]

WHEN = datetime.datetime(2026, 11, 30, 1, 0, tzinfo=datetime.UTC)


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def render_record(report: ReviewReport):
    return render_report(
        kind=report.kind,
        subject_id=report.subject.pk,
        parameters={"review_report": report.pk},
        generated_at=WHEN,
    )


def render_draft(kind, subject, **parameters):
    return render_report(kind=kind, subject_id=subject.pk, parameters=parameters, generated_at=WHEN)


def program(title_start: str) -> Program:
    return Program.objects.get(title__startswith=title_start)


@pytest.fixture
def report_90(demo):
    return ReviewReport.objects.get(program__identifier="90-CTr/BDVTW-BCSĐBNG")


@pytest.fixture
def pdf_90(report_90):
    return render_record(report_90)


# -- The party form: 90-CTr, final, joint ------------------------------------------------------


def test_90_ctr_final_report_is_in_the_party_form(pdf_90, tmp_path):
    text = squash(pdf_text(pdf_90.pdf, tmp_path))
    first = pages(pdf_90.pdf, tmp_path)[0]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" not in text and "Độc lập" not in text
    assert first.find("*"), "the party form puts a * under the issuing bodies"
    # "Số" then the blank number and the symbol, without a colon (party form).
    assert "Số -BC/BDVTW-BCSĐBNG" in text and "Số:" not in text
    assert "Hà Nội, ngày 26 tháng 11 năm 2021" in text
    assert "BÁO CÁO Tổng kết 5 năm thực hiện Chương trình phối hợp số 90-CTr/BDVTW-BCSĐBNG" in text
    assert "DỰ THẢO" not in text  # a final report


def test_party_heading_sits_top_right_and_issuers_top_left(pdf_90, tmp_path):
    first = pages(pdf_90.pdf, tmp_path)[0]
    middle = first.width / 2
    dang = first.find("ĐẢNG")[0]  # the first ĐẢNG on the page: the heading's, or the issuer's
    heading = [w for w in first.find("CỘNG") if w.y0 < 120]
    assert heading and heading[0].x0 > middle - 10
    issuer = [w for w in first.find("BAN") if w.y0 < 120]
    assert issuer and all(w.x1 < middle + 10 for w in issuer)
    assert dang.y0 < 120


def test_90_ctr_carries_the_seed_000_results_and_directions(pdf_90, tmp_path):
    text = squash(pdf_text(pdf_90.pdf, tmp_path))
    for fact in [
        "I. CÔNG TÁC TỔ CHỨC THỰC HIỆN",
        "II. KẾT QUẢ THỰC HIỆN",
        "khoảng 5,3 triệu người Việt Nam ở nước ngoài",
        "Thể chế hóa các chủ trương, nhiệm vụ công tác đối với người Việt Nam ở nước ngoài",
        "Huy động và phát huy nguồn lực của người Việt Nam ở nước ngoài",
        "1. Ưu điểm",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
        "Ngày 26/11/2021, các bên đã ký Chương trình phối hợp số 02-CTr/BDVTW-BCSĐBNG",
        "tổ chức hoạt động trao đổi thông tin giữa lãnh đạo Ban Dân vận Trung ương",
    ]:
        assert fact in text, fact
    # The article is silent on shortcomings, causes, lessons and recommendations: a final
    # report leaves them out rather than printing empty headings or placeholders.
    for absent in ["Hạn chế", "Bài học kinh nghiệm", "KIẾN NGHỊ", EMPTY_MARK[:20]]:
        assert absent not in text, absent


def test_zero_tasks_give_no_percentages_and_no_all_completed(pdf_90, tmp_path):
    text = squash(pdf_text(pdf_90.pdf, tmp_path))
    assert "chưa có nhiệm vụ nào của Chương trình được theo dõi" in text
    assert not re.search(r"\b0%", text)
    assert "Tiến độ bình quân" not in text and "Tất cả nhiệm vụ" not in text


def test_joint_report_has_two_signature_blocks_side_by_side(pdf_90, tmp_path):
    last = [p for p in pages(pdf_90.pdf, tmp_path) if p.find("Hoài")][-1]
    hoai, son = last.find("Hoài")[0], last.find("Sơn")[-1]
    assert abs(hoai.y0 - son.y0) < 1, "the names of a joint report sit on one line"
    assert son.x0 - hoai.x1 > 60 * MM / 3
    tm = last.find("T/M")
    assert tm and tm[0].x0 > last.width / 2 - 10  # "T/M BAN CÁN SỰ ĐẢNG…" on the right
    text = last.text()
    assert "TRƯỞNG BAN DÂN VẬN TRUNG ƯƠNG" in text
    assert "BÍ THƯ BAN CÁN SỰ ĐẢNG" in text
    noi_nhan = last.find("Nơi")[0]
    assert noi_nhan.y0 > hoai.y1 and noi_nhan.x0 < last.width / 2  # recipients bottom left
    assert "- Bộ Ngoại giao;" in text and "- Lưu Văn phòng." in text


def test_generation_time_and_fingerprint_stay_small_and_in_the_metadata(pdf_90, tmp_path):
    info = metadata(pdf_90.pdf, tmp_path)
    assert f"sha256:{pdf_90.fingerprint}" in info
    assert re.search(r"Author:\s+Ban Dân vận Trung ương, Ban cán sự đảng Bộ Ngoại giao", info)
    all_pages = pages(pdf_90.pdf, tmp_path)
    small = [w for w in all_pages[0].words if w.text == "phoihop"]
    assert small and small[0].y1 - small[0].y0 < 10  # a small line (7 pt)
    assert small[0].y0 > all_pages[0].height - 20 * MM  # in the bottom margin of page 1
    closing = all_pages[-1].words[-1].text
    assert pdf_90.fingerprint[:16] not in closing and "phoihop" not in closing


def test_the_meeting_links_to_the_report_it_approved(report_90):
    meeting = ReviewMeeting.objects.get(held_on=datetime.date(2021, 11, 26))
    assert list(meeting.approved_reports.all()) == [report_90]
    assert report_90.status == ReviewStatus.FINAL and report_90.number == ""


def test_readable_file_name(report_90, users):
    assert (
        report_file_name(kind=report_90.kind, subject=report_90.program, day="2021-11-26")
        == "bao-cao-tong-ket-90-CTr-BDVTW-BCSDBNG-2021-11-26.pdf"
    )
    job, _ = services.review_report_export(report=report_90, requested_by=users["manager"])
    assert job.download_name == "bao-cao-tong-ket-90-CTr-BDVTW-BCSDBNG-2021-11-26.pdf"


# -- The state form: Bộ Ngoại giao with Trung ương Đoàn --------------------------------------


@pytest.fixture
def pdf_bng(demo):
    return render_draft(
        ReportKind.PROGRAM_FINAL_REVIEW, program("Chương trình phối hợp giữa Bộ Ngoại giao")
    )


def test_bng_twd_program_is_in_the_state_form(pdf_bng, tmp_path):
    text = squash(pdf_text(pdf_bng.pdf, tmp_path))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
    assert re.search(r"Số: /BC-BNG-\S+", text)
    assert "BỘ NGOẠI GIAO" in text and "TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH" in text
    # 2022-2026 is a five-year program, not "4 năm".
    assert "Tổng kết 5 năm thực hiện Chương trình phối hợp giữa Bộ Ngoại giao" in text
    assert "Hà Nội, ngày 30 tháng 11 năm 2026" in text
    first = pages(pdf_bng.pdf, tmp_path)[0]
    assert not first.find("*")


def test_state_form_page_numbers_from_page_2_centred_in_the_top_margin(pdf_bng, tmp_path):
    all_pages = pages(pdf_bng.pdf, tmp_path)
    assert len(all_pages) >= 2
    top = 20 * MM
    assert not [w for w in all_pages[0].words if w.y1 < top]  # none on page 1
    for page in all_pages[1:]:
        numbers = [w for w in page.words if w.y1 < top]
        assert [w.text for w in numbers] == [str(page.number)]
        centre = (30 * MM + page.width - 15 * MM) / 2
        assert abs((numbers[0].x0 + numbers[0].x1) / 2 - centre) < 3


def test_a_draft_is_marked_and_its_empty_sections_say_so(pdf_bng, tmp_path):
    text = squash(pdf_text(pdf_bng.pdf, tmp_path))
    assert "DỰ THẢO" in text
    assert text.count(EMPTY_MARK) >= 5
    assert "[Chưa xác định người ký]" in text  # nobody at Trung ương Đoàn to propose


# -- A TP.HCM program: the place -----------------------------------------------------------


def test_hcm_program_is_dated_at_ho_chi_minh_city(demo, tmp_path):
    rendered = render_draft(
        ReportKind.PROGRAM_FINAL_REVIEW,
        program("Chương trình phối hợp công tác người Việt Nam ở nước ngoài"),
        as_of="2026-06-30",
    )
    text = squash(pdf_text(rendered.pdf, tmp_path))
    assert "TP. Hồ Chí Minh, ngày 30 tháng 6 năm 2026" in text
    assert "Hà Nội" not in text
    assert "Tổng kết 5 năm" in text  # signed 1/11/2024 for 2024-2029
    assert "ỦY BAN MTTQ VIỆT NAM TP HỒ CHÍ MINH" in text
    first = pages(rendered.pdf, tmp_path)[0]
    line = [w for w in first.words if w.text == "Minh," and w.y0 < 150]
    assert line, "the place and the date stay on one line"


def test_the_cooperation_agreement_2021_2025_is_five_years(demo, tmp_path):
    rendered = render_draft(ReportKind.PROGRAM_FINAL_REVIEW, program("Thỏa thuận hợp tác"))
    text = squash(pdf_text(rendered.pdf, tmp_path))
    assert "Tổng kết 5 năm thực hiện Thỏa thuận hợp tác" in text
    assert "4 năm" not in text


# -- Draft, then final ---------------------------------------------------------------------


def test_draft_02_ctr_then_final_with_its_number(demo, tmp_path):
    draft = ReviewReport.objects.get(program__identifier="02-CTr/BDVTW-BCSĐBNG")
    assert draft.status == ReviewStatus.DRAFT and draft.number == ""
    text = squash(pdf_text(render_record(draft).pdf, tmp_path))
    assert "DỰ THẢO" in text and "Số -BC/BDVTW-BCSĐBNG" in text
    assert "Tổng kết 5 năm thực hiện Chương trình phối hợp số 02-CTr/BDVTW-BCSĐBNG" in text
    services.review_report_update(
        report=draft, expected_version=draft.version, strengths="Phối hợp chặt chẽ."
    )
    final = services.review_report_finalize(
        report=draft,
        number="15",
        report_date=draft.as_of,
        expected_version=draft.version,
    )
    text = squash(pdf_text(render_record(final).pdf, tmp_path))
    assert "DỰ THẢO" not in text
    assert "Số 15-BC/BDVTW-BCSĐBNG" in text
    assert "Phối hợp chặt chẽ." in text
    assert EMPTY_MARK[:20] not in text


# -- As of the day -------------------------------------------------------------------------


def test_as_of_day_excludes_a_later_meeting_and_later_updates(demo, tmp_path):
    ctr02 = Program.objects.get(identifier="02-CTr/BDVTW-BCSĐBNG")
    meeting = ReviewMeetingFactory(
        kind=MeetingKind.INTERIM_REVIEW,
        title="Hội nghị sơ kết giữa kỳ Chương trình 02 (thử nghiệm)",
        held_on=datetime.date(2024, 3, 15),
        place="Hà Nội",
        conclusions="Kết luận của hội nghị sơ kết giữa kỳ.",
    )
    meeting.programs.set([ctr02])
    task = Task.objects.filter(program=ctr02).first()
    TaskUpdateFactory(task=task, reported_on=datetime.date(2023, 6, 1), progress=40)
    TaskUpdateFactory(task=task, reported_on=datetime.date(2024, 6, 1), progress=100)
    Task.objects.filter(pk=task.pk).update(status=TaskStatus.DONE, progress=100)

    before = squash(
        pdf_text(
            render_draft(ReportKind.PROGRAM_INTERIM_REVIEW, ctr02, as_of="2024-01-31").pdf, tmp_path
        )
    )
    assert "Hội nghị sơ kết giữa kỳ Chương trình 02" not in before
    assert "Đã hoàn thành 0 nhiệm vụ" in before  # 100% was reached only in June 2024
    assert "Tính đến ngày 31/01/2024" in before

    after = squash(
        pdf_text(
            render_draft(ReportKind.PROGRAM_INTERIM_REVIEW, ctr02, as_of="2024-12-31").pdf, tmp_path
        )
    )
    assert "Hội nghị sơ kết giữa kỳ Chương trình 02" in after
    # This task and the demo's illustrative review task, completed on 25/7/2024.
    assert "Đã hoàn thành 2 nhiệm vụ" in after


# -- Margins and overprinting --------------------------------------------------------------


@pytest.fixture
def crowded(demo):
    """A program whose tables hold text long enough to overprint naive columns."""
    ctr02 = Program.objects.get(identifier="02-CTr/BDVTW-BCSĐBNG")
    lead = Agency.objects.get(name="Ủy ban Nhà nước về người Việt Nam ở nước ngoài")
    long_word = "Ủybannhànướcvềngườiviệtnamởnướcngoàiphốihợpthựchiện" * 2
    for n in range(30):
        task = TaskFactory(
            program=ctr02,
            title=f"Nhiệm vụ {n + 1}: {long_word} tổ chức các đoàn đi địa phương và ra nước "
            "ngoài làm công tác vận động người Việt Nam ở nước ngoài",
            lead_agency=lead,
            due_on=datetime.date(2023, 1, 1) + datetime.timedelta(days=30 * n),
            status=TaskStatus.IN_PROGRESS if n % 3 else TaskStatus.NOT_STARTED,
            progress=(n * 7) % 100,
            order=100 + n,
        )
        if n % 4 == 0:
            TaskUpdateFactory(task=task, reported_on=datetime.date(2023, 1, 1), progress=100)
    return ctr02


def assert_the_form_margins_and_no_overprint(pdf: bytes, tmp_path) -> int:
    """Every word inside the margins (left 30 mm, right 15 mm, top and bottom 20 mm) but the
    page number (top margin) and the small generation line (bottom margin of page 1), and no
    word printed over another; returns the number of pages."""
    # pdftotext's word boxes of justified lines end up to ~1.6 pt past the layout edge (glyph
    # advance and side bearing; invisible on paper), so the edges get 0.75 mm of slack.
    slack = 0.75 * MM
    all_pages = pages(pdf, tmp_path)
    for page in all_pages:
        assert overlapping_words(page) == [], f"overprint on page {page.number}"
        for word in page.words:
            if word.text == str(page.number) and word.y1 < 20 * MM:
                continue  # the page number, in the top margin
            if page.number == 1 and word.y0 > page.height - 20 * MM:
                continue  # the small generation line, in the bottom margin of page 1
            assert word.x0 >= 30 * MM - slack, (page.number, word)
            assert word.x1 <= page.width - 15 * MM + slack, (page.number, word)
            assert word.y0 >= 20 * MM - slack, (page.number, word)
            assert word.y1 <= page.height - 20 * MM + slack, (page.number, word)
    return len(all_pages)


def test_no_word_overprints_another_and_all_stay_inside_the_margins(crowded, tmp_path):
    rendered = render_draft(ReportKind.PROGRAM_FINAL_REVIEW, crowded, as_of="2026-06-30")
    assert assert_the_form_margins_and_no_overprint(rendered.pdf, tmp_path) >= 5


@pytest.mark.parametrize(
    ("kind", "subject", "as_of"),
    [
        (ReportKind.PROGRAM_FINAL_REVIEW, "Chương trình phối hợp giữa Bộ Ngoại giao", None),
        (ReportKind.PROGRAM_INTERIM_REVIEW, "Chương trình hành động phối hợp triển khai", None),
        (ReportKind.PROGRAM_FINAL_REVIEW, "Thỏa thuận hợp tác", None),
        (ReportKind.DIRECTIVE_IMPLEMENTATION, "25-NQ/TW", "2024-07-25"),
    ],
)
def test_the_demo_reports_keep_the_margins(demo, tmp_path, kind, subject, as_of):
    if kind == ReportKind.DIRECTIVE_IMPLEMENTATION:
        from directives.models import Directive

        row = Directive.objects.by_identifier(subject).get()
    else:
        row = program(subject)
    rendered = render_draft(kind, row, **({"as_of": as_of} if as_of else {}))
    assert_the_form_margins_and_no_overprint(rendered.pdf, tmp_path)


def test_the_90_ctr_final_keeps_the_margins(pdf_90, tmp_path):
    assert assert_the_form_margins_and_no_overprint(pdf_90.pdf, tmp_path) == 4


def test_no_table_is_repeated_and_tables_go_to_the_appendix(crowded, tmp_path):
    rendered = render_draft(ReportKind.PROGRAM_FINAL_REVIEW, crowded, as_of="2026-06-30")
    text = squash(pdf_text(rendered.pdf, tmp_path))
    assert text.count("Nhiệm vụ 17:") == 1
    body, appendix = text.split("Phụ lục 1 KẾT QUẢ", 1)
    assert "Nhiệm vụ 1:" not in body
    assert "Phụ lục 2 DANH MỤC NHIỆM VỤ" in appendix
    assert "(Kèm theo Báo cáo số -BC/BDVTW-BCSĐBNG ngày 30 tháng 6 năm 2026)" in appendix
    # The demo's 15 seed and 3 illustrative tasks and these 30, as of 30/6/2026: 8 completed on
    # time (updates at 100% on 1/1/2023, on or before their due dates) and 2 illustrative ones
    # (one on time, one late: programs/demo/illustrative.py), the rest open.
    assert "Chương trình có 48 nhiệm vụ được theo dõi" in text
    assert "Đã hoàn thành 10 nhiệm vụ (21%), trong đó 9 đúng hạn, 1 quá hạn" in text
