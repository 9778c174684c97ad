"""Real workers on the real Redis (REDIS_URL): one report end to end through a worker, and a
worker killed mid-job, which leaves the job redelivered or failed with a reason, never stuck."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils.translation import gettext

from config.celery import app as celery_app
from programs.models import Task
from reports import services
from reports.models import JobStatus, ReportJob, ReportKind
from tests.needs import needs, on_sqlite
from tests.reports.conftest import REDIS_URL, needs_redis
from tests.reports.factories import build_seed_data

pytestmark = [pytest.mark.worker, needs_redis, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(settings.BASE_DIR)


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def job_state(job_id: int) -> ReportJob:
    return ReportJob.objects.get(pk=job_id)


def test_report_end_to_end_through_a_worker_on_redis(users):
    """Request → commit → Redis → worker thread → stored PDF."""
    from celery.contrib.testing.worker import start_worker

    assert not celery_app.conf.task_always_eager
    seed = build_seed_data()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        job, created = services.report_request(
            kind=ReportKind.PROGRAM_FINAL_REVIEW,
            subject=seed["ctr90"],
            requested_by=users["manager"],
        )
        assert created
        done = wait_for(
            lambda: (
                job_state(job.pk).status in (JobStatus.DONE, JobStatus.FAILED) and job_state(job.pk)
            ),
            60,
            "the worker to finish the job",
        )
    assert done.status == JobStatus.DONE, done.error
    assert done.file.read().startswith(b"%PDF-") and done.attempts == 1


needs_postgres = needs(
    "PostgreSQL",
    "the worker subprocess needs a database it can share with the test (PostgreSQL)"
    if on_sqlite()
    else None,
    deliberate=True,
)


def start_worker_process(
    *, beat: bool = False, concurrency: int = 1, **extra_env: str
) -> subprocess.Popen:
    """A real worker (prefork, one pool process) on the test database; ``beat`` embeds Celery
    beat (the periodic sweep); ``extra_env`` sets settings such as the heartbeat bounds."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        **extra_env,
    }
    schedule = Path(tempfile.mkdtemp(prefix="phoihop-beat-")) / "schedule"
    log_path = os.environ.get("PHOIHOP_WORKER_LOG")
    log_file = open(log_path, "a") if log_path else None  # noqa: SIM115 (the worker's, for its life)
    beat_args = ["--beat", f"--schedule={schedule}"] if beat else []
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--loglevel=INFO" if log_file else "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            *beat_args,
        ],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
        # PHOIHOP_WORKER_LOG=path keeps the worker's log (INFO) for looking into a run.
        stdout=log_file or subprocess.DEVNULL,
        stderr=subprocess.STDOUT if log_file else subprocess.DEVNULL,
    )


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def big_program_job(users) -> ReportJob:
    seed = build_seed_data()
    Task.objects.bulk_create(
        Task(
            program=seed["ctr90"],
            title=f"Nhiệm vụ vận động kiều bào số {n}",
            order=100 + n,
            lead_agency=seed["bdv"],
            progress=n % 100,
        )
        for n in range(600)  # ~35 pages of appendix: long enough to be killed mid-render
    )
    job, _ = services.report_request(
        kind=ReportKind.PROGRAM_FINAL_REVIEW, subject=seed["ctr90"], requested_by=users["manager"]
    )
    return job


#: These tests are about the job's own task: its 600 rows render in one piece (a report in parts
#: through a worker is tests/reports/test_parts.py's).
ONE_PIECE = {"REPORT_PART_ROWS": "0"}


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(10)


@needs_postgres
def test_worker_process_killed_mid_job_is_redelivered_and_finishes(users):
    """SIGKILL the pool process rendering the job: acks_late + reject_on_worker_lost send the
    message again, the claim sees its own message on a "running" row and renders again."""
    job = big_program_job(users)
    worker = start_worker_process(**ONE_PIECE)
    try:
        wait_for(lambda: job_state(job.pk).progress >= 15, 60, "rendering to start")
        pool = children(worker.pid)
        assert pool, "no pool process found"
        for pid in pool:
            os.kill(pid, signal.SIGKILL)
        final = wait_for(
            lambda: (
                job_state(job.pk).status in (JobStatus.DONE, JobStatus.FAILED) and job_state(job.pk)
            ),
            90,
            "the redelivered job to finish",
        )
    finally:
        stop(worker)
    assert final.status == JobStatus.DONE, final.error
    assert final.attempts == 2


#: Short bounds for the test (defaults: heartbeat 15 s, stale after 60 s, sweep every 30 s).
FAST_SWEEP = {
    "REPORT_JOB_HEARTBEAT_SECONDS": "1",
    "REPORT_JOB_STALE_SECONDS": "6",
    "REPORT_JOB_SWEEP_SECONDS": "2",
}


@needs_postgres
def test_whole_worker_killed_mid_job_is_failed_by_the_beat_sweep_and_retry_works(users, settings):
    """SIGKILL the whole worker mid-render: its job stops beating; the sweep that Celery beat
    runs in another worker fails it with a reason within stale + sweep seconds (the production
    bound is 60 + 30 s, under two minutes), and Retry renders it at once (that an identical
    request does not join a dead job is tests/reports/test_services.py's)."""
    settings.REPORT_JOB_STALE_SECONDS = int(FAST_SWEEP["REPORT_JOB_STALE_SECONDS"])
    job = big_program_job(users)
    worker = start_worker_process(**FAST_SWEEP, **ONE_PIECE)
    try:
        wait_for(lambda: job_state(job.pk).progress >= 15, 60, "rendering to start")
        beat_before_kill = job_state(job.pk).heartbeat_at
        assert beat_before_kill is not None
    finally:
        stop(worker)
    assert job_state(job.pk).status == JobStatus.RUNNING

    survivor = start_worker_process(beat=True, **FAST_SWEEP, **ONE_PIECE)
    try:
        bound = settings.REPORT_JOB_STALE_SECONDS + float(FAST_SWEEP["REPORT_JOB_SWEEP_SECONDS"])
        failed = wait_for(
            lambda: job_state(job.pk).status == JobStatus.FAILED and job_state(job.pk),
            bound + 20,  # + worker start-up
            "the beat sweep to fail the dead worker's job",
        )
        assert failed.error == gettext(services.WORKER_GONE) % {
            "seconds": settings.REPORT_JOB_STALE_SECONDS
        }
        # Retry is accepted at once (the same row, a new task id) and the live worker renders.
        retried = services.report_retry(job=failed, requested_by=users["manager"])
        assert retried.pk == job.pk and retried.status == JobStatus.QUEUED
        final = wait_for(
            lambda: (
                job_state(job.pk).status in (JobStatus.DONE, JobStatus.FAILED) and job_state(job.pk)
            ),
            120,
            "the retried job to finish",
        )
        assert final.status == JobStatus.DONE, final.error
    finally:
        stop(survivor)
