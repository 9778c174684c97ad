"""The Celery task called directly: claim, render, store; duplicates and redeliveries; retries
for transient errors; readable failures."""

import hashlib
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils.translation import gettext

from reports import services
from reports.models import JobStatus, ReportKind
from reports.rendering import PROGRAM_MISSING
from reports.tasks import render_report_job
from tests.reports.factories import ReportJobFactory

pytestmark = pytest.mark.django_db


def run(job, task_id=None):
    """Run the task in-process for ``job``'s message, as the worker would."""
    return render_report_job.apply(args=[job.pk], task_id=task_id or job.task_id).get()


def test_task_renders_and_stores_the_pdf(seed):
    job = ReportJobFactory(program=seed["ctr90"])
    assert run(job) == services.RUN_DONE
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 100 and job.attempts == 1
    content = job.file.read()
    assert content.startswith(b"%PDF-")
    assert job.size == len(content)
    assert job.checksum == hashlib.sha256(content).hexdigest()
    assert len(job.fingerprint) == 64 and job.pages >= 1
    assert job.started_at <= job.finished_at


def test_duplicate_message_for_a_finished_job_does_nothing(seed):
    job = ReportJobFactory(program=seed["ctr90"])
    run(job)
    job.refresh_from_db()
    file_name, finished = job.file.name, job.finished_at
    assert run(job) == services.RUN_SKIPPED
    job.refresh_from_db()
    assert (job.file.name, job.finished_at, job.attempts) == (file_name, finished, 1)


def test_message_superseded_by_a_retry_does_nothing(seed):
    job = ReportJobFactory(program=seed["ctr90"])
    assert run(job, task_id="an-older-message") == services.RUN_SKIPPED
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.attempts == 0


def test_redelivered_message_of_a_dead_run_renders_again(seed):
    job = ReportJobFactory(program=seed["ctr90"], status=JobStatus.RUNNING, attempts=1)
    assert run(job) == services.RUN_DONE
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2


def test_job_whose_worker_keeps_dying_is_given_up(seed):
    job = ReportJobFactory(
        program=seed["ctr90"], status=JobStatus.RUNNING, attempts=services.MAX_ATTEMPTS
    )
    assert run(job) == services.RUN_SKIPPED
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == gettext(services.WORKER_LOST) % {"attempts": services.MAX_ATTEMPTS}


def test_rendering_error_fails_the_job_with_a_readable_reason(seed):
    job = ReportJobFactory(program=seed["ctr90"])
    with mock.patch("reports.services.render_report", side_effect=ValueError("bad table")):
        assert run(job) == services.RUN_FAILED
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == gettext(services.RENDER_FAILED) % {"error": "ValueError: bad table"}


def test_missing_subject_fails_readably(seed):
    job = ReportJobFactory(kind=ReportKind.PROGRAM_FINAL_REVIEW, program=seed["ctr90"])
    with mock.patch("reports.rendering.Program.objects") as programs:
        programs.filter.return_value.first.return_value = None
        assert run(job) == services.RUN_FAILED
    job.refresh_from_db()
    missing = gettext(PROGRAM_MISSING) % {"pk": seed["ctr90"].pk}
    assert job.error == gettext(services.RENDER_FAILED) % {"error": missing}


def test_transient_error_is_retried_with_backoff_then_succeeds(seed):
    job = ReportJobFactory(program=seed["ctr90"])
    real = services.render_report
    calls = {"n": 0}

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    assert render_report_job.autoretry_for == services.TRANSIENT_ERRORS
    assert render_report_job.retry_backoff and render_report_job.max_retries == 3
    with mock.patch("reports.services.render_report", side_effect=flaky):
        render_report_job.apply(args=[job.pk], task_id=job.task_id)
    job.refresh_from_db()
    assert calls["n"] == 2
    assert job.status == JobStatus.DONE and job.attempts == 2


def test_transient_error_that_persists_fails_the_job(seed):
    job = ReportJobFactory(program=seed["ctr90"])
    error = OperationalError("database is down")
    with mock.patch("reports.services.render_report", side_effect=error) as render:
        render_report_job.apply(args=[job.pk], task_id=job.task_id)
    job.refresh_from_db()
    assert render.call_count == render_report_job.max_retries + 1
    assert job.status == JobStatus.FAILED
    assert job.error == gettext(services.TRANSIENT_GAVE_UP) % {"error": "database is down"}


def test_task_options_keep_time_limits_below_the_visibility_timeout(settings):
    assert render_report_job.acks_late and render_report_job.reject_on_worker_lost
    assert render_report_job.soft_time_limit < render_report_job.time_limit
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert render_report_job.time_limit + 300 < visibility  # + the longest retry countdown
    assert (
        settings.CELERY_WORKER_MAX_TASKS_PER_CHILD and settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD
    )
