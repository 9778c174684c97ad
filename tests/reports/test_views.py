"""Report pages: permissions, export, job page with polling status, list with retry, download."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from reports.models import JobStatus, ReportJob, ReportKind
from tests.reports.factories import ReportJobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_job(seed):
    from reports.tasks import render_report_job

    job = ReportJobFactory(program=seed["ctr90"])
    render_report_job.apply(args=[job.pk], task_id=job.task_id)
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("role", ["viewer", "staff", "nobody"])
def test_users_without_the_export_right_get_403_everywhere(client_for, role, seed):
    job = ReportJobFactory(program=seed["ctr90"], status=JobStatus.FAILED)
    client = client_for(role)
    request_url = reverse("reports:reportjob_request", args=["program", seed["ctr90"].pk])
    assert client.post(request_url, {"kind": ReportKind.PROGRAM_FINAL_REVIEW}).status_code == 403
    assert client.get(reverse("reports:reportjob_download", args=[job.pk])).status_code == 403
    assert client.get(reverse("reports:reportjob_list")).status_code == 403
    assert client.get(reverse("reports:reportjob_detail", args=[job.pk])).status_code == 403
    assert client.get(reverse("reports:reportjob_status", args=[job.pk])).status_code == 403
    assert client.post(reverse("reports:reportjob_retry", args=[job.pk])).status_code == 403
    assert ReportJob.objects.count() == 1


def test_export_creates_a_job_renders_it_in_process_and_shows_the_download(
    manager_client, seed, django_capture_on_commit_callbacks, eager_celery
):
    url = reverse("reports:reportjob_request", args=["program", seed["ctr90"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(url, {"kind": ReportKind.PROGRAM_FINAL_REVIEW})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.status == JobStatus.DONE
    page = manager_client.get(job.get_absolute_url()).content.decode()
    assert reverse("reports:reportjob_download", args=[job.pk]) in page
    assert "hx-trigger" not in page  # finished: no more polling
    download = manager_client.get(reverse("reports:reportjob_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_export_of_a_kind_that_does_not_fit_is_refused(manager_client, seed):
    url = reverse("reports:reportjob_request", args=["directive", seed["nq25"].pk])
    response = manager_client.post(url, {"kind": ReportKind.PROGRAM_FINAL_REVIEW})
    assert response.status_code == 302 and response.url == seed["nq25"].get_absolute_url()
    assert not ReportJob.objects.exists()


def test_export_is_post_only(manager_client, seed):
    url = reverse("reports:reportjob_request", args=["program", seed["ctr90"].pk])
    assert manager_client.get(url).status_code == 405


def test_pending_job_status_partial_polls_itself(manager_client, seed):
    job = ReportJobFactory(program=seed["ctr90"], status=JobStatus.RUNNING, progress=40)
    html = manager_client.get(reverse("reports:reportjob_status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert reverse("reports:reportjob_status", args=[job.pk]) in html
    assert 'aria-valuenow="40"' in html
    assert "<html" not in html  # a partial, not a page


def test_failed_job_shows_its_reason_and_a_retry(manager_client, seed):
    job = ReportJobFactory(program=seed["ctr90"], status=JobStatus.FAILED, error="Hàng đợi lỗi <b>")
    html = manager_client.get(job.get_absolute_url()).content.decode()
    assert "Hàng đợi lỗi &lt;b&gt;" in html
    assert reverse("reports:reportjob_retry", args=[job.pk]) in html


def test_retry_view_requeues(
    manager_client, seed, django_capture_on_commit_callbacks, eager_celery
):
    job = ReportJobFactory(program=seed["ctr90"], status=JobStatus.FAILED, error="x")
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(reverse("reports:reportjob_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE  # eager: rendered in-process


def test_download_of_an_unfinished_job_is_404(manager_client, seed):
    job = ReportJobFactory(program=seed["ctr90"], status=JobStatus.QUEUED)
    assert (
        manager_client.get(reverse("reports:reportjob_download", args=[job.pk])).status_code == 404
    )


def test_list_shows_status_error_and_requester_and_filters(manager_client, users, seed):
    ReportJobFactory(
        program=seed["ctr90"],
        status=JobStatus.FAILED,
        error="Mất kết nối",
        requested_by=users["manager"],
    )
    ReportJobFactory(program=seed["ctr02"], status=JobStatus.QUEUED)
    html = manager_client.get(reverse("reports:reportjob_list")).content.decode()
    assert "Mất kết nối" in html and "manager" in html and "02-CTr/BDVTW-BCSĐBNG" in html
    filtered = manager_client.get(reverse("reports:reportjob_list"), {"status": "queued"})
    assert "Mất kết nối" not in filtered.content.decode()


def test_list_query_count_does_not_grow_with_rows(
    manager_client, users, seed, django_assert_num_queries
):
    ReportJobFactory(program=seed["ctr90"], requested_by=users["manager"])
    manager_client.get(reverse("reports:reportjob_list"))  # warm the session and permissions
    with django_assert_num_queries(7) as first:
        manager_client.get(reverse("reports:reportjob_list"))
    ReportJobFactory.create_batch(
        5, program=seed["ctr02"], requested_by=users["admin"], status=JobStatus.DONE
    )
    ReportJobFactory(
        kind=ReportKind.DIRECTIVE_IMPLEMENTATION,
        program=None,
        directive=seed["nq25"],
        status=JobStatus.DONE,
    )
    with django_assert_num_queries(len(first.captured_queries)):
        manager_client.get(reverse("reports:reportjob_list"))


def test_detail_query_count_is_fixed(manager_client, seed, django_assert_num_queries, done_job):
    manager_client.get(done_job.get_absolute_url())
    with django_assert_num_queries(6) as first:
        manager_client.get(done_job.get_absolute_url())
    other = ReportJobFactory(
        kind=ReportKind.DIRECTIVE_IMPLEMENTATION,
        program=None,
        directive=seed["nq25"],
        status=JobStatus.QUEUED,
    )
    with django_assert_num_queries(len(first.captured_queries)):
        manager_client.get(other.get_absolute_url())


@pytest.mark.parametrize(
    ("role", "shown", "composes"),
    [("manager", True, True), ("viewer", False, False), ("staff", False, True)],
)
def test_export_button_only_for_users_with_the_right(users, seed, role, shown, composes):
    from django.contrib.auth.context_processors import PermWrapper

    request = RequestFactory().get("/")
    request.user = users[role]
    html = Template(
        '{% include "reports/includes/_export_button.html" with subject=subject %}'
    ).render(
        Context(
            {
                "subject": seed["ctr90"],
                "perms": PermWrapper(users[role]),
                "request": request,
                "csrf_token": "t",
            }
        )
    )
    # Exporting at once is for managers; composing a review report for staff and managers.
    assert ('data-kind="program-final-review"' in html) is shown
    assert ('data-start-kind="program-final-review"' in html) is composes
    assert ReportKind.DIRECTIVE_IMPLEMENTATION.value not in html
