"""The review report carries the program page's task-status chart (inline SVG under the
appendix of results by lead agency), drawn from the same roll-up as the page."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from programs.models import TaskStatus
from reports.models import ReportKind
from reports.rendering import report_data
from reports.rendering.pdf import build_html
from tests.programs.factories import ProgramFactory, SignatoryFactory, TaskFactory

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def test_the_report_html_holds_the_task_status_chart():
    program = ProgramFactory(signed_on=datetime.date(2021, 11, 26))
    SignatoryFactory(program=program)
    SignatoryFactory(program=program)
    TaskFactory(program=program, due_on=datetime.date(2022, 1, 1), weight=3)
    TaskFactory(program=program, status=TaskStatus.CANCELLED)
    data = report_data(
        kind=ReportKind.PROGRAM_INTERIM_REVIEW,
        subject_id=program.pk,
        parameters={"as_of": "2024-06-30"},
    )
    agencies = next(a for a in data["appendices"] if a["kind"] == "agencies")
    root = ET.fromstring(agencies["chart"])
    bars = {
        rect.get("class").split()[-1]: rect.get("data-value") for rect in root.iter(f"{SVG}rect")
    }
    assert bars == {
        "ph-chart-on_time": "0",
        "ph-chart-late": "0",
        "ph-chart-within": "0",
        "ph-chart-overdue": "1",
        "ph-chart-cancelled": "1",
    }
    assert "Chưa hoàn thành, quá hạn" in "".join(root.itertext())
    html = build_html(
        data,
        generated_at=datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC),
        fingerprint_hex="0" * 64,
    )
    assert 'data-chart="task-status"' in html
    assert html.count("<svg ") == 1
