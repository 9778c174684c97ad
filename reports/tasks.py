"""The project's only Celery tasks: rendering report jobs.

The task takes a job id (JSON), calls the service and holds the retry policy. ``acks_late`` with
``reject_on_worker_lost`` redelivers a message whose worker died; the service's claim makes a
redelivered or duplicate message harmless. Time limits come from settings and stay below the
broker's visibility timeout (docs/reports.md).

A worker warms itself up for the reports in parts: each pool process, as it starts, compiles the
templates and loads the fonts and stylesheets (``worker_process_init``), and the worker, once
ready, sends :func:`keep_page_numbers`, which lays out the page-number pages for the reports to
come unless earlier workers kept them (docs/reports.md, "Reports past one machine").
"""

import logging
import time

from celery import shared_task
from celery.signals import worker_process_init, worker_ready
from django.conf import settings

from . import services
from .rendering import parts

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name="reports.render_report_job",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=services.TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def render_report_job(self, job_id: int) -> str:
    """Render report job ``job_id``; returns the outcome ("done", "failed", "skipped")."""
    try:
        return services.report_job_run(job_id=job_id, task_id=self.request.id)
    except services.TRANSIENT_ERRORS as error:
        services.report_job_interrupted(
            job_id=job_id,
            task_id=self.request.id,
            error=error,
            final=self.request.retries >= self.max_retries,
        )
        raise


@shared_task(name="reports.sweep_report_jobs", ignore_result=True)
def sweep_report_jobs() -> dict:
    """The periodic sweep (Celery beat, every ``REPORT_JOB_SWEEP_SECONDS``): fail the running
    jobs whose worker is gone, and send the jobs the broker refused while it was down."""
    return {
        "failed": services.report_jobs_sweep_stale(),
        "sent": services.report_jobs_send_unsent(),
    }


@shared_task(
    bind=True,
    name="reports.render_report_part",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=False,  # the chord's join counts the parts' results
    max_retries=3,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def render_report_part(self, job_id: int, task_id: str, index: int, total: int) -> dict:
    """Lay out part ``index`` of a report in parts (the chord's header; docs/reports.md).
    Never raises for a failed part, which fails the job instead, so the merge always runs and
    deletes the intermediate files; transient errors are retried (5, 10, 20 s)."""
    try:
        return services.report_job_render_part(
            job_id=job_id, task_id=task_id, index=index, total=total
        )
    except services.TRANSIENT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            services.report_job_interrupted(job_id=job_id, task_id=task_id, error=error, final=True)
            return {"part": index, "outcome": services.RUN_FAILED}
        raise self.retry(exc=error, countdown=5 * 2**self.request.retries) from error


@shared_task(
    bind=True,
    name="reports.merge_report_parts",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def merge_report_parts(self, results: list, job_id: int, task_id: str, total: int) -> str:
    """The chord's body: merge the parts into the report and store it (``results`` are the
    parts' summaries, unused: the job row and the stored parts are the truth)."""
    try:
        return services.report_job_merge_parts(job_id=job_id, task_id=task_id, total=total)
    except services.TRANSIENT_ERRORS as error:
        services.report_job_interrupted(job_id=job_id, task_id=task_id, error=error, final=True)
        return services.RUN_FAILED


@shared_task(name="reports.keep_page_numbers", ignore_result=True)
def keep_page_numbers() -> bool:
    """Lay out and keep the page-number pages of the reports to come, unless kept already
    (:func:`reports.services.report_page_numbers_keep`)."""
    return services.report_page_numbers_keep()


@worker_process_init.connect
def warm_up_worker_process(**kwargs) -> None:
    """A new pool process makes what every report part needs before it takes a task (its
    first report's parts then cost what later ones do). Never stops the process: a warm-up
    that fails leaves the work to the first report."""
    cpu = time.process_time()
    try:
        parts.warm_up()
    except Exception:
        logger.exception("Report worker process not warmed up")
        return
    logger.info("Report worker process warmed up, %.2f CPU s", time.process_time() - cpu)


@worker_ready.connect
def keep_page_numbers_on_start(**kwargs) -> None:
    """Once a worker is ready: have the page-number pages laid out by one of its processes,
    unless kept already (cheap to check). Never stops the worker."""
    if settings.REPORT_PAGE_NUMBERS_KEPT <= 0:
        return
    try:
        keep_page_numbers.apply_async(expires=600)
    except Exception:
        logger.exception("Page numbers not sent to be kept")
