"""The review report pages: list and page (fixed query counts), start from a program, edit the
draft as the page posts it (with a refused stale save), mark final, export through a job."""

import datetime

import pytest
from django.urls import reverse

from reports import services
from reports.models import ReportJob, ReportKind, ReviewReport, ReviewStatus
from tests.formpage import FormPage

pytestmark = pytest.mark.django_db


def start(seed, kind=ReportKind.PROGRAM_FINAL_REVIEW) -> ReviewReport:
    return services.review_report_create(kind=kind, subject=seed["ctr90"])


def test_list_and_page_hold_their_query_counts(seed, viewer_client, django_assert_num_queries):
    first = start(seed)
    list_url = reverse("reports:reviewreport_list")
    viewer_client.get(list_url)  # warm the session and permission caches
    with django_assert_num_queries(6) as few:
        assert viewer_client.get(list_url).status_code == 200
    for kind in (ReportKind.PROGRAM_INTERIM_REVIEW, ReportKind.PROGRAM_FINAL_REVIEW):
        start(seed, kind)
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get(list_url)
    assert response.context["paginator"].count == 3
    detail = first.get_absolute_url()
    viewer_client.get(detail)
    with django_assert_num_queries(len(viewer_client_queries(viewer_client, detail))):
        assert viewer_client.get(detail).status_code == 200


def viewer_client_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return captured.captured_queries


def test_list_filters_by_program(seed, viewer_client):
    start(seed)
    services.review_report_create(kind=ReportKind.PROGRAM_FINAL_REVIEW, subject=seed["ctr02"])
    response = viewer_client.get(
        reverse("reports:reviewreport_list"), {"program": seed["ctr02"].pk}
    )
    assert [r.program for r in response.context["object_list"]] == [seed["ctr02"]]


def test_viewer_reads_but_cannot_start_edit_finalize_or_export(seed, viewer_client):
    report = start(seed)
    assert viewer_client.get(report.get_absolute_url()).status_code == 200
    start_url = reverse("reports:reviewreport_create", args=["program", seed["ctr90"].pk])
    assert viewer_client.post(start_url, {"kind": "program-final-review"}).status_code == 403
    for name in ("reviewreport_update", "reviewreport_finalize"):
        assert viewer_client.get(reverse(f"reports:{name}", args=[report.pk])).status_code == 403
    export = reverse("reports:reviewreport_export", args=[report.pk])
    assert viewer_client.post(export).status_code == 403


def test_staff_starts_a_draft_from_the_program_and_edits_it(seed, staff_client):
    program_page = staff_client.get(seed["ctr90"].get_absolute_url()).content.decode()
    assert 'data-start-kind="program-final-review"' in program_page
    start_url = reverse("reports:reviewreport_create", args=["program", seed["ctr90"].pk])
    response = staff_client.post(start_url, {"kind": "program-final-review"})
    report = ReviewReport.objects.get()
    assert response.url == reverse("reports:reviewreport_update", args=[report.pk])
    assert report.place == "Hà Nội" and report.issuers.count() == 2

    page = FormPage.open(staff_client, response.url)
    assert page.value("place") == "Hà Nội"
    assert page.rows("issuers") == 2
    page.add_row("parts", {"heading": "Thông tin, tuyên truyền", "text": "Kết quả tốt."})
    response = page.submit(lessons="Bài học thứ nhất.", period_years="5")
    assert response.status_code == 302, response.content.decode()[:2000]
    report.refresh_from_db()
    assert report.lessons == "Bài học thứ nhất." and report.version == 2
    assert [p.heading for p in report.parts.all()] == ["Thông tin, tuyên truyền"]
    assert report.issuers.count() == 2


def test_the_history_is_read_when_its_tab_is_opened(seed, staff_client):
    report = start(seed)
    page = FormPage.open(staff_client, reverse("reports:reviewreport_update", args=[report.pk]))
    assert page.submit(lessons="Bài học rút ra.").status_code == 302
    content = staff_client.get(report.get_absolute_url()).content.decode()
    history_url = reverse("reports:reviewreport_history", args=[report.pk])
    assert f'hx-get="{history_url}"' in content
    tab = staff_client.get(history_url, headers={"HX-Request": "true"})
    changes = [c.new for entry in tab.context["history"] for c in entry.changes]
    assert "Bài học rút ra." in changes


def test_a_stale_edit_is_refused_with_what_changed(seed, staff_client):
    report = start(seed)
    url = reverse("reports:reviewreport_update", args=[report.pk])
    page = FormPage.open(staff_client, url)
    services.review_report_update(
        report=report, expected_version=report.version, strengths="Đã sửa trong lúc đó."
    )
    response = page.submit(lessons="Của tôi.")
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    report.refresh_from_db()
    assert report.lessons == "" and report.strengths == "Đã sửa trong lúc đó."


def test_manager_marks_final_then_the_draft_cannot_be_edited(seed, client_for):
    report = start(seed)
    url = reverse("reports:reviewreport_finalize", args=[report.pk])
    assert client_for("staff").get(url).status_code == 403
    manager_client = client_for("manager")
    page = FormPage.open(manager_client, url)
    response = page.submit(number="02", report_date="26/11/2021")
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.number, report.report_date) == (
        ReviewStatus.FINAL,
        "02",
        datetime.date(2021, 11, 26),
    )
    edit = FormPage.open(
        client_for("staff"), reverse("reports:reviewreport_update", args=[report.pk])
    )
    response = edit.submit(lessons="x")
    assert response.status_code == 200
    assert str(services.FINAL_IS_LOCKED) in response.content.decode()


def test_manager_exports_the_report_through_a_job(
    seed, manager_client, eager_celery, django_capture_on_commit_callbacks
):
    report = start(seed)
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(reverse("reports:reviewreport_export", args=[report.pk]))
    job = ReportJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert job.review_report == report
    job.refresh_from_db()
    assert job.status == "done", job.error
    download = manager_client.get(reverse("reports:reportjob_download", args=[job.pk]))
    assert "bao-cao-tong-ket-90-CTr-BDVTW-BCSDBNG-2021-11-26.pdf" in download["Content-Disposition"]
    page = manager_client.get(report.get_absolute_url()).content.decode()
    assert reverse("reports:reportjob_download", args=[job.pk]) in page
