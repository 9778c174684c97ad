"""``manage.py render_report``: same renderer, synchronously, clear errors."""

import datetime
import re

import pytest
from django.core.management import CommandError, call_command

from tests.programs.factories import ProgramFactory
from tests.reports.conftest import needs_poppler, pdf_text

pytestmark = pytest.mark.django_db


@needs_poppler
def test_renders_the_final_review_of_90_ctr(seed, tmp_path, capsys):
    output = tmp_path / "90.pdf"
    call_command(
        "render_report",
        "90-ctr/bdvtw-bcsdbng",
        "--kind",
        "program-final-review",
        "--output",
        str(output),
        "--as-of",
        "2021-11-26",
    )
    assert re.search(
        r"90\.pdf: \d+ pages, \d+ bytes, data fingerprint [0-9a-f]{64}", capsys.readouterr().out
    )
    text = pdf_text(output.read_bytes(), tmp_path)
    assert "Hà Nội, ngày 26 tháng 11 năm 2021" in text


@needs_poppler
def test_renders_the_directive_report_from_a_written_variant(seed, tmp_path):
    output = tmp_path / "nq25.pdf"
    call_command(
        "render_report", "25/NQ-TW", "--kind", "directive-implementation", "--output", str(output)
    )
    assert "25-NQ/TW" in pdf_text(output.read_bytes(), tmp_path)


def test_unknown_identifier_is_a_clear_error(seed, tmp_path):
    with pytest.raises(CommandError, match="No program has the identifier '999-CTr/TW'"):
        call_command(
            "render_report",
            "999-CTr/TW",
            "--kind",
            "program-final-review",
            "--output",
            str(tmp_path / "x.pdf"),
        )
    assert not (tmp_path / "x.pdf").exists()


def test_ambiguous_identifier_asks_for_the_date(seed, tmp_path):
    ProgramFactory(identifier="90-CTr/BDVTW-BCSĐBNG", signed_on=datetime.date(2010, 1, 5))
    with pytest.raises(CommandError, match=r"2 programs .*dated 2010-01-05, 2016-12-06"):
        call_command(
            "render_report",
            "90-CTr/BDVTW-BCSĐBNG",
            "--kind",
            "program-final-review",
            "--output",
            str(tmp_path / "x.pdf"),
        )
    call_command(
        "render_report",
        "90-CTr/BDVTW-BCSĐBNG",
        "--kind",
        "program-final-review",
        "--output",
        str(tmp_path / "x.pdf"),
        "--date",
        "06/12/2016",
    )
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF-")


def test_program_identifier_with_directive_kind_is_unknown(seed, tmp_path):
    with pytest.raises(CommandError, match="No directive has the identifier"):
        call_command(
            "render_report",
            "90-CTr/BDVTW-BCSĐBNG",
            "--kind",
            "directive-implementation",
            "--output",
            str(tmp_path / "x.pdf"),
        )


@needs_poppler
def test_accepts_a_short_citation(seed, tmp_path):
    output = tmp_path / "nq25.pdf"
    call_command(
        "render_report", "NQ 25", "--kind", "directive-implementation", "--output", str(output)
    )
    assert "25-NQ/TW" in pdf_text(output.read_bytes(), tmp_path)
