"""``manage.py render_report``: any spelling or program:ID / directive:ID, a saved record or the
proposed draft, the overrides, and clear errors."""

import datetime
import re

import pytest
from django.core.management import CommandError, call_command

from reports import services
from reports.models import ReportKind
from tests.programs.factories import ProgramFactory, SignatoryFactory
from tests.reports.conftest import needs_poppler, pdf_text

pytestmark = pytest.mark.django_db


def run(tmp_path, *args) -> str:
    output = tmp_path / "out.pdf"
    call_command("render_report", *args, "--output", str(output))
    return re.sub(r"\s+", " ", pdf_text(output.read_bytes(), tmp_path))


@needs_poppler
def test_proposed_draft_from_any_spelling_with_as_of(seed, tmp_path, capsys):
    text = run(
        tmp_path, "90-ctr/bdvtw-bcsdbng", "--kind", "program-final-review", "--as-of", "2021-11-26"
    )
    assert re.search(
        r"out\.pdf: \d+ pages, \d+ bytes, proposed draft, data fingerprint [0-9a-f]{64}",
        capsys.readouterr().out,
    )
    assert "Hà Nội, ngày 26 tháng 11 năm 2021" in text
    assert "DỰ THẢO" in text and "[Chưa có nội dung" in text


@needs_poppler
def test_date_place_and_form_override_the_proposals(seed, tmp_path):
    text = run(
        tmp_path,
        "90-CTr/BDVTW-BCSĐBNG",
        "--kind",
        "program-final-review",
        "--as-of",
        "2021-11-20",
        "--date",
        "2021-12-01",
        "--place",
        "Thành phố Hồ Chí Minh",
        "--form",
        "state",
    )
    assert "Thành phố Hồ Chí Minh, ngày 01 tháng 12 năm 2021" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
    assert "Tính đến ngày 20/11/2021" in text


@needs_poppler
def test_program_without_identifier_by_id(seed, tmp_path):
    program = ProgramFactory(
        identifier="", title="Chương trình phối hợp thử", period_start=2022, period_end=2026
    )
    SignatoryFactory(program=program, agency=seed["bdv"])
    SignatoryFactory(program=program, agency=seed["bcs"])
    text = run(tmp_path, f"program:{program.pk}", "--kind", "program-final-review")
    assert "Tổng kết 5 năm thực hiện Chương trình phối hợp thử giai đoạn 2022-2026" in text


@needs_poppler
def test_a_saved_record_is_rendered(seed, tmp_path, capsys):
    report = services.review_report_create(
        kind=ReportKind.PROGRAM_FINAL_REVIEW,
        subject=seed["ctr90"],
        as_of=datetime.date(2021, 11, 26),
        lessons="Bài học rút ra từ thực tiễn phối hợp.",
    )
    text = run(tmp_path, "90-CTr/BDVTW-BCSĐBNG", "--kind", "program-final-review")
    assert f"saved report {report.pk} (draft)" in capsys.readouterr().out
    assert "Bài học rút ra từ thực tiễn phối hợp." in text


def test_a_final_record_refuses_overrides(seed, tmp_path):
    report = services.review_report_create(
        kind=ReportKind.PROGRAM_FINAL_REVIEW,
        subject=seed["ctr90"],
        as_of=datetime.date(2021, 11, 26),
    )
    services.review_report_finalize(
        report=report, number="3", report_date=datetime.date(2021, 11, 26), expected_version=None
    )
    with pytest.raises(CommandError, match=f"saved report {report.pk} is final"):
        run(tmp_path, "90-CTr/BDVTW-BCSĐBNG", "--kind", "program-final-review", "--place", "X")


@needs_poppler
def test_directive_from_a_short_citation(seed, tmp_path):
    text = run(tmp_path, "NQ 25", "--kind", "directive-implementation", "--as-of", "2024-07-31")
    assert "Kết quả 11 năm thực hiện Nghị quyết số 25-NQ/TW" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999-CTr/TW", "--kind", "program-final-review"], "No program matches '999-CTr/TW'"),
        (["program:999999", "--kind", "program-final-review"], "No program matches"),
        (
            ["program:1", "--kind", "directive-implementation"],
            "is a report about a directive, not a program",
        ),
        (
            ["90-CTr/BDVTW-BCSĐBNG", "--kind", "directive-implementation"],
            "No directive matches",
        ),
        (
            ["90-CTr/BDVTW-BCSĐBNG", "--kind", "program-final-review", "--as-of", "31/02/2021"],
            "Not a date: '31/02/2021'",
        ),
    ],
)
def test_bad_input_is_a_clear_error(seed, tmp_path, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("render_report", *args, "--output", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_missing_output_folder_is_a_clear_error(seed, tmp_path):
    with pytest.raises(CommandError, match="The folder of --output does not exist"):
        call_command(
            "render_report",
            "90-CTr/BDVTW-BCSĐBNG",
            "--kind",
            "program-final-review",
            "--output",
            str(tmp_path / "nowhere" / "x.pdf"),
        )


def test_ambiguous_identifier_names_the_ids(seed, tmp_path):
    other = ProgramFactory(identifier="90-CTr/BDVTW-BCSĐBNG", signed_on=datetime.date(2010, 1, 5))
    with pytest.raises(CommandError, match=rf"2 programs match .*program:{other.pk} dated 2010"):
        call_command(
            "render_report",
            "90-CTr/BDVTW-BCSĐBNG",
            "--kind",
            "program-final-review",
            "--output",
            str(tmp_path / "x.pdf"),
        )
