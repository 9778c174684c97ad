"""The job services: enqueue after commit, one pending job per request, broker down, retry and
the stale-running sweep."""

import datetime
import time
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from config.celery import app as celery_app
from reports import services
from reports.models import JobStatus, ReportJob, ReportKind
from tests.reports.factories import ReportJobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_enqueue():
    with mock.patch("reports.tasks.render_report_job.apply_async") as apply_async:
        yield apply_async


def test_request_enqueues_only_after_commit(
    seed, users, no_enqueue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job, created = services.report_request(
            kind=ReportKind.PROGRAM_FINAL_REVIEW,
            subject=seed["ctr90"],
            requested_by=users["manager"],
        )
        assert created and job.status == JobStatus.QUEUED
        assert no_enqueue.call_count == 0
    assert len(callbacks) == 1
    callbacks[0]()
    no_enqueue.assert_called_once_with(args=[job.pk], task_id=job.task_id)


def test_request_is_not_enqueued_when_the_transaction_rolls_back(seed, no_enqueue):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.report_request(
            kind=ReportKind.PROGRAM_FINAL_REVIEW, subject=seed["ctr90"], requested_by=None
        )
        raise RuntimeError("rolled back")
    assert not ReportJob.objects.exists()
    assert no_enqueue.call_count == 0


def test_identical_pending_request_returns_the_same_job(seed, users, no_enqueue):
    first, created = services.report_request(
        kind=ReportKind.PROGRAM_FINAL_REVIEW, subject=seed["ctr90"], requested_by=users["manager"]
    )
    again, created_again = services.report_request(
        kind=ReportKind.PROGRAM_FINAL_REVIEW, subject=seed["ctr90"], requested_by=users["admin"]
    )
    other, created_other = services.report_request(
        kind=ReportKind.PROGRAM_INTERIM_REVIEW, subject=seed["ctr90"], requested_by=None
    )
    assert created and not created_again and created_other
    assert again.pk == first.pk and other.pk != first.pk
    assert first.parameters == {"as_of": timezone.localdate().isoformat()}


def test_database_allows_one_pending_job_per_request_key(seed):
    ReportJobFactory(program=seed["ctr90"], request_key="k", status=JobStatus.DONE)
    ReportJobFactory(program=seed["ctr90"], request_key="k", status=JobStatus.QUEUED)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportJobFactory(program=seed["ctr90"], request_key="k", status=JobStatus.RUNNING)


def test_kind_must_fit_the_subject(seed):
    with pytest.raises(ValidationError) as caught:
        services.report_request(
            kind=ReportKind.DIRECTIVE_IMPLEMENTATION, subject=seed["ctr90"], requested_by=None
        )
    assert str(services.KIND_NEEDS_DIRECTIVE) in str(caught.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportJobFactory(kind=ReportKind.DIRECTIVE_IMPLEMENTATION, program=seed["ctr90"])


@pytest.fixture
def broker_down():
    """The real (non-eager) Celery publisher pointed at a closed port."""
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url="redis://127.0.0.1:9/0", task_always_eager=False)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield
    celery_app.conf.update(saved)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_broker_down_keeps_the_job_queued_with_a_clear_reason(
    seed, users, broker_down, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = services.report_request(
            kind=ReportKind.PROGRAM_FINAL_REVIEW,
            subject=seed["ctr90"],
            requested_by=users["manager"],
        )
    assert time.monotonic() - started < 15
    job.refresh_from_db()
    # The request is kept, queued but unsent (no task id), and says why.
    assert job.status == JobStatus.QUEUED and job.task_id == ""
    reason = gettext(services.BROKER_UNAVAILABLE) % {"error": ""}
    assert job.error.startswith(reason) and len(job.error) > len(reason)
    assert list(ReportJob.objects.unsent()) == [job]
    # The sweep tries again while the broker is still down: nothing sent, still kept.
    assert services.report_jobs_send_unsent() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.task_id == "" and job.error


def test_the_sweep_sends_unsent_jobs_once_the_broker_answers(seed, users, no_enqueue):
    job = ReportJobFactory(program=seed["ctr90"], task_id="", error="queue down")
    assert services.report_jobs_send_unsent() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.task_id and job.error == ""
    no_enqueue.assert_called_once_with(args=[job.pk], task_id=job.task_id)
    assert services.report_jobs_send_unsent() == 0


def test_sweep_fails_running_jobs_without_a_recent_heartbeat(seed, settings):
    now = timezone.now()
    silent = ReportJobFactory(
        program=seed["ctr90"],
        status=JobStatus.RUNNING,
        started_at=now - datetime.timedelta(seconds=90),
        heartbeat_at=now - datetime.timedelta(seconds=settings.REPORT_JOB_STALE_SECONDS + 1),
        created_at=now - datetime.timedelta(seconds=91),
    )
    beating = ReportJobFactory(
        program=seed["ctr90"],
        status=JobStatus.RUNNING,
        started_at=now - datetime.timedelta(seconds=500),
        heartbeat_at=now - datetime.timedelta(seconds=2),
    )
    assert services.report_jobs_sweep_stale(now=now) == 1
    silent.refresh_from_db()
    beating.refresh_from_db()
    assert silent.status == JobStatus.FAILED
    assert silent.error == gettext(services.WORKER_GONE) % {
        "seconds": settings.REPORT_JOB_STALE_SECONDS
    }
    assert beating.status == JobStatus.RUNNING


def test_an_identical_request_does_not_join_a_job_whose_worker_is_gone(
    seed, users, no_enqueue, settings
):
    dead = ReportJobFactory(
        program=seed["ctr90"],
        status=JobStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(seconds=300),
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=300),
        created_at=timezone.now() - datetime.timedelta(seconds=301),
    )
    key = services._request_key(
        kind=dead.kind, program_id=dead.program_id, directive_id=None, parameters=dead.parameters
    )
    ReportJob.objects.filter(pk=dead.pk).update(request_key=key)
    job, created = services.report_request(
        kind=dead.kind,
        subject=seed["ctr90"],
        requested_by=users["manager"],
        parameters=dead.parameters,
    )
    assert created and job.pk != dead.pk
    dead.refresh_from_db()
    assert dead.status == JobStatus.FAILED


def test_retry_requeues_a_failed_job_with_a_new_task_id(
    seed, users, no_enqueue, django_capture_on_commit_callbacks
):
    job = ReportJobFactory(program=seed["ctr90"], status=JobStatus.FAILED, error="boom", attempts=3)
    old_task = job.task_id
    with django_capture_on_commit_callbacks(execute=True):
        retried = services.report_retry(job=job, requested_by=users["manager"])
    retried.refresh_from_db()
    assert retried.pk == job.pk
    assert retried.status == JobStatus.QUEUED and retried.error == "" and retried.attempts == 0
    assert retried.task_id != old_task
    no_enqueue.assert_called_once_with(args=[job.pk], task_id=retried.task_id)


def test_retry_refuses_jobs_that_did_not_fail(seed, users):
    job = ReportJobFactory(program=seed["ctr90"], status=JobStatus.DONE)
    with pytest.raises(ValidationError) as caught:
        services.report_retry(job=job, requested_by=users["manager"])
    assert str(services.ONLY_FAILED_RETRY) in str(caught.value)


def test_retry_joins_an_identical_pending_job(seed, users, no_enqueue):
    failed = ReportJobFactory(program=seed["ctr90"], request_key="same", status=JobStatus.FAILED)
    pending = ReportJobFactory(program=seed["ctr90"], request_key="same", status=JobStatus.QUEUED)
    assert services.report_retry(job=failed, requested_by=users["manager"]).pk == pending.pk
    failed.refresh_from_db()
    assert failed.status == JobStatus.FAILED


def test_sweep_fails_jobs_running_longer_than_the_hard_limit(seed):
    now = timezone.now()
    limit = settings.CELERY_TASK_TIME_LIMIT
    stale = ReportJobFactory(
        program=seed["ctr90"],
        status=JobStatus.RUNNING,
        started_at=now - datetime.timedelta(seconds=limit + 61),
        created_at=now - datetime.timedelta(seconds=limit + 62),
    )
    fresh = ReportJobFactory(
        program=seed["ctr90"],
        status=JobStatus.RUNNING,
        started_at=now - datetime.timedelta(seconds=5),
    )
    assert services.report_jobs_sweep_stale(now=now) == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == JobStatus.FAILED
    assert stale.error == gettext(services.STALE) % {"seconds": limit + 60}
    assert fresh.status == JobStatus.RUNNING
