"""Report jobs: requesting, retrying, running and sweeping them (docs/reports.md).

The job row is the source of truth. ``report_request`` creates it and enqueues the Celery task
after commit; ``report_job_run`` (called by the task) claims the row with ``select_for_update``,
renders, stores the file through the default storage and records the outcome. A message that is
delivered twice, or one that a retry superseded, finds nothing to do.
"""

import contextlib
import datetime
import hashlib
import logging
import os
import resource
import threading
import time
import uuid

from celery.exceptions import SoftTimeLimitExceeded
from django import db
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directives.models import Directive
from programs.models import Program

from .models import (
    JobStatus,
    ReportJob,
    ReportKind,
    ReviewReport,
    ReviewReportIssuer,
    ReviewReportPart,
    ReviewStatus,
)
from .rendering import (
    RenderedReport,
    ReportRenderError,
    build_html,
    canonical_json,
    fingerprint,
    render_report,
    report_data,
)
from .rendering.parts import (
    is_parted,
    merge_parts,
    number_pages,
    numbers_count,
    numbers_key,
    pages_estimate,
    render_part,
    split_html,
)

logger = logging.getLogger(__name__)

KIND_NEEDS_PROGRAM = _("This report is made for a program.")
KIND_NEEDS_DIRECTIVE = _("This report is made for a directive.")
BROKER_UNAVAILABLE = _(
    "The job queue (Redis) is not reachable, so the report could not be sent to a worker yet. "
    "Your request is kept and is sent automatically as soon as the queue answers again. "
    "Technical detail: %(error)s"
)
RENDER_FAILED = _("The report could not be rendered: %(error)s")
TIME_LIMIT = _("Rendering took longer than %(seconds)s seconds and was stopped.")
WORKER_LOST = _(
    "The worker stopped while rendering this report %(attempts)s times; it was given up. "
    "Retry it, or ask an administrator to check the workers' memory."
)
STALE = _(
    "The worker rendering this report stopped answering (no result after %(seconds)s "
    "seconds). Retry it."
)
WORKER_GONE = _(
    "The worker rendering this report stopped (no sign of life for %(seconds)s seconds): it "
    "was probably stopped or restarted. Retry it."
)
TRANSIENT_RETRYING = _("A temporary problem interrupted rendering; retrying. Detail: %(error)s")
TRANSIENT_GAVE_UP = _("A temporary problem kept interrupting rendering: %(error)s")
ONLY_FAILED_RETRY = _("Only a failed report can be retried.")
PART_FAILED = _("Part %(part)s of %(total)s of the report could not be rendered: %(error)s")
PARTS_MISSING = _("The parts of the report could not be put together: %(error)s")

#: Runs of one job (a worker lost mid-render is one run) before it is failed for good.
MAX_ATTEMPTS = 3
#: Progress is written to the row in steps of at least this many points.
PROGRESS_STEP = 5

# Outcomes of report_job_run, for logs and tests.
RUN_DONE, RUN_FAILED, RUN_SKIPPED = "done", "failed", "skipped"
#: The job was cut into parts; the chord renders and merges them.
RUN_PARTED = "parted"
#: Where the parts of a report wait for the merge, in the report storage that every worker
#: shares (MEDIA_ROOT, or the object store in its place): ``report-parts/<job>/<task id>/``.
PARTS_FOLDER = "report-parts"
#: The part index of the chord's page-number task (its ``total`` is the pages to number).
NUMBERS = -1
#: Where page-number pages are kept for the reports that follow (reports.rendering.parts).
NUMBERS_FOLDER = f"{PARTS_FOLDER}/page-numbers"


def _request_key(*, kind: str, program_id: int | None, directive_id: int | None, parameters):
    text = canonical_json(
        {"kind": kind, "program": program_id, "directive": directive_id, "parameters": parameters}
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _enqueue(job_id: int, task_id: str) -> bool:
    """Send the task (an on_commit callback); returns whether the broker took it.

    When the broker cannot take it, the job stays queued without a task id (an *unsent* job)
    and says why (:data:`BROKER_UNAVAILABLE`); :func:`report_jobs_send_unsent` (the periodic
    sweep) sends it once the broker answers again.
    """
    from .tasks import render_report_job

    try:
        render_report_job.apply_async(args=[job_id], task_id=task_id)
    except Exception as error:
        # kombu wraps a refused or timed-out connection in OperationalError; any failure to
        # publish means the job will not run until it is sent again.
        logger.warning("Could not enqueue report job %s: %s", job_id, error)
        ReportJob.objects.filter(pk=job_id, task_id=task_id, status=JobStatus.QUEUED).update(
            task_id="", error=gettext(BROKER_UNAVAILABLE) % {"error": str(error)[:300]}
        )
        return False
    return True


def report_jobs_send_unsent() -> int:
    """Send the queued jobs the broker refused earlier (see :func:`_enqueue`); returns how many
    it took. Stops at the first refusal: the broker is still down."""
    sent = 0
    for job_id in ReportJob.objects.unsent().order_by("created_at").values_list("pk", flat=True):
        task_id = str(uuid.uuid4())
        claimed = ReportJob.objects.unsent().filter(pk=job_id).update(task_id=task_id, error="")
        if not claimed:
            continue  # another sweep sent it meanwhile
        if not _enqueue(job_id, task_id):
            break
        sent += 1
    return sent


def report_request(
    *,
    kind: str,
    subject: Program | Directive,
    requested_by: AbstractBaseUser | None,
    parameters: dict | None = None,
    review_report: ReviewReport | None = None,
) -> tuple[ReportJob, bool]:
    """Ask for a report of ``kind`` about ``subject``; returns ``(job, created)``.

    An identical request (same kind, subject and parameters) that is still queued or running is
    returned instead of a second job. ``parameters`` default to ``{"as_of": today}``, the day
    overdue tasks are counted on. The task is enqueued after commit; a broker that is down marks
    the new job failed with :data:`BROKER_UNAVAILABLE`.
    """
    parameters = dict(parameters or {})
    parameters.setdefault("as_of", timezone.localdate().isoformat())
    program = subject if isinstance(subject, Program) else None
    directive = subject if isinstance(subject, Directive) else None
    if kind in ReportKind.for_program() and program is None:
        raise ValidationError({"kind": KIND_NEEDS_PROGRAM})
    if kind in ReportKind.for_directive() and directive is None:
        raise ValidationError({"kind": KIND_NEEDS_DIRECTIVE})
    key = _request_key(
        kind=kind,
        program_id=program.pk if program else None,
        directive_id=directive.pk if directive else None,
        parameters=parameters,
    )
    # A job whose worker died must not be joined: fail it first (it has a reason to show).
    report_jobs_sweep_stale()
    with transaction.atomic():
        existing = ReportJob.objects.pending().filter(request_key=key).first()
        if existing is not None:
            return existing, False
        job = ReportJob(
            kind=kind,
            program=program,
            directive=directive,
            parameters=parameters,
            review_report=review_report,
            request_key=key,
            requested_by=requested_by,
            task_id=str(uuid.uuid4()),
        )
        job.full_clean(exclude=["request_key", "task_id"], validate_constraints=False)
        try:
            with transaction.atomic():
                job.save()
        except IntegrityError:
            # A concurrent identical request won the race for the one pending slot.
            existing = ReportJob.objects.pending().filter(request_key=key).first()
            if existing is None:
                raise
            return existing, False
        transaction.on_commit(lambda: _enqueue(job.pk, job.task_id))
    return job, True


def report_retry(*, job: ReportJob, requested_by: AbstractBaseUser | None) -> ReportJob:
    """Queue a failed job again (same row, new task id); returns the job that will run, which
    is an identical pending job when one already exists."""
    report_jobs_sweep_stale()
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != JobStatus.FAILED:
            raise ValidationError(ONLY_FAILED_RETRY)
        existing = ReportJob.objects.pending().filter(request_key=job.request_key).first()
        if existing is not None:
            return existing
        job.status, job.progress, job.error, job.attempts = JobStatus.QUEUED, 0, "", 0
        job.started_at = job.finished_at = None
        job.parts_total, job.parts_done = None, 0
        _discard_parts(f"{PARTS_FOLDER}/{job.pk}")  # what a failed run in parts left
        job.requested_by = requested_by or job.requested_by
        job.task_id = str(uuid.uuid4())
        job.created_at = timezone.now()
        job.save()
        task_id = job.task_id
        transaction.on_commit(lambda: _enqueue(job.pk, task_id))
    return job


def _fail(job_id: int, task_id: str, message: str) -> None:
    ReportJob.objects.filter(pk=job_id, task_id=task_id).exclude(status=JobStatus.DONE).update(
        status=JobStatus.FAILED, error=message, finished_at=timezone.now()
    )


def _claim(job_id: int, task_id: str | None) -> ReportJob | None:
    """Lock the row and mark it running, or return None when this message has nothing to do:
    the job is gone, finished, or was re-queued under another task id."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or (task_id and job.task_id and job.task_id != task_id):
            return None
        if job.status == JobStatus.RUNNING:
            # The same message again while the row says running: the worker that ran it died
            # (acks_late redelivers it; a duplicate of a live run cannot arrive, since the
            # visibility timeout is above the hard time limit).
            if job.attempts >= MAX_ATTEMPTS:
                job.status, job.finished_at = JobStatus.FAILED, timezone.now()
                job.error = gettext(WORKER_LOST) % {"attempts": job.attempts}
                job.save(update_fields=["status", "finished_at", "error"])
                return None
        elif job.status != JobStatus.QUEUED:
            return None
        job.status, job.progress, job.started_at = JobStatus.RUNNING, 0, timezone.now()
        job.finished_at, job.attempts = None, job.attempts + 1
        job.heartbeat_at = job.started_at
        job.parts_total, job.parts_done = None, 0
        job.save(
            update_fields=[
                "status",
                "progress",
                "started_at",
                "finished_at",
                "attempts",
                "heartbeat_at",
                "parts_total",
                "parts_done",
            ]
        )
        return job


class _Heartbeat:
    """While a job renders, a thread writes ``heartbeat_at`` every
    ``REPORT_JOB_HEARTBEAT_SECONDS`` (its own database connection, closed at the end); the
    sweep fails a running job whose heartbeat is older than ``REPORT_JOB_STALE_SECONDS``."""

    def __init__(self, job: ReportJob | None = None, *, job_id=None, task_id=None):
        self.job_id = job.pk if job else job_id
        self.task_id = job.task_id if job else task_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(
            target=self._beat, name=f"heartbeat-{self.job_id}", daemon=True
        )

    def _beat(self) -> None:
        try:
            while not self.stopped.wait(settings.REPORT_JOB_HEARTBEAT_SECONDS):
                try:
                    ReportJob.objects.filter(
                        pk=self.job_id, task_id=self.task_id, status=JobStatus.RUNNING
                    ).update(heartbeat_at=timezone.now())
                except Exception:
                    # A database hiccup: the next beat tries again (the bound allows misses).
                    logger.warning("Heartbeat of report job %s not written", self.job_id)
                    db.close_old_connections()
        finally:
            db.connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join(timeout=10)


def report_job_run(*, job_id: int, task_id: str | None) -> str:
    """Claim job ``job_id`` for the message ``task_id``, render it and store the PDF.

    Returns :data:`RUN_DONE`, :data:`RUN_FAILED` or :data:`RUN_SKIPPED`. A rendering failure
    fails the job with a readable reason. Transient errors (database, storage) propagate for
    the task to retry; the caller then calls :func:`report_job_interrupted`.
    """
    job = _claim(job_id, task_id)
    if job is None:
        return RUN_SKIPPED
    last = {"progress": 0}

    def on_progress(percent: int) -> None:
        percent = max(0, min(int(percent), 99))
        if percent - last["progress"] >= PROGRESS_STEP:
            last["progress"] = percent
            ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(progress=percent)

    subject_id = job.program_id or job.directive_id
    cpu = time.process_time()
    with _Heartbeat(job):
        outcome = _render_and_store(job, subject_id, on_progress)
    # CPU seconds of each step, for docs/benchmarks.md (wall time on a shared machine varies).
    logger.info("Report job %s: %s, %.2f CPU s", job_id, outcome, time.process_time() - cpu)
    return outcome


def _render_and_store(job: ReportJob, subject_id: int, on_progress) -> str:
    try:
        data = report_data(kind=job.kind, subject_id=subject_id, parameters=job.parameters)
        if is_parted(data) and settings.REPORT_RENDER_IN_PARTS:
            return _render_in_parts(job, data, on_progress)
        rendered = render_report(
            kind=job.kind,
            subject_id=subject_id,
            parameters=job.parameters,
            generated_at=timezone.now(),
            on_progress=on_progress,
            data=data,
        )
    except ReportRenderError as error:
        _fail(job.pk, job.task_id, gettext(RENDER_FAILED) % {"error": error})
        return RUN_FAILED
    except SoftTimeLimitExceeded:
        seconds = settings.CELERY_TASK_SOFT_TIME_LIMIT
        _fail(job.pk, job.task_id, gettext(TIME_LIMIT) % {"seconds": seconds})
        return RUN_FAILED
    except TRANSIENT_ERRORS:
        raise
    except Exception as error:
        logger.exception("Report job %s failed to render", job.pk)
        detail = f"{type(error).__name__}: {error}"[:500]
        _fail(job.pk, job.task_id, gettext(RENDER_FAILED) % {"error": detail})
        return RUN_FAILED
    finally:
        _record_peak_memory(job.pk, job.task_id)
    if rendered.refused_urls:
        logger.warning("Report job %s: refused %s", job.pk, ", ".join(rendered.refused_urls))
    return _store(job, rendered)


# -- Reports in parts (docs/reports.md, "Reports past one machine") -------------------------


def _storage():
    return ReportJob._meta.get_field("file").storage


def _parts_folder(job_id: int, task_id: str) -> str:
    return f"{PARTS_FOLDER}/{job_id}/{task_id}"


def _part_name(folder: str, index: int, suffix: str) -> str:
    return f"{folder}/part-{index:03d}.{suffix}"


def _put(name: str, content: bytes) -> None:
    """Write ``name`` in the shared storage, replacing it (a redelivered task writes again)."""
    storage = _storage()
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:  # another writer got in between: ours is the same content
        storage.delete(saved)


def _read(name: str) -> bytes:
    with _storage().open(name, "rb") as handle:
        return handle.read()


def _numbers_name(count: int) -> str:
    return f"{NUMBERS_FOLDER}/{numbers_key()}-{count:06d}.pdf"


def _kept_numbers(pages: int) -> str | None:
    """The kept page-number pages (made under today's key) that cover ``pages`` pages, the
    fewest that do; None when there are none."""
    prefix = f"{numbers_key()}-"
    try:
        _, files = _storage().listdir(NUMBERS_FOLDER)
    except (FileNotFoundError, NotADirectoryError):
        return None
    counts = sorted(
        int(name[len(prefix) : -4])
        for name in files
        if name.startswith(prefix) and name.endswith(".pdf") and name[len(prefix) : -4].isdigit()
    )
    count = next((count for count in counts if count >= pages), None)
    return _numbers_name(count) if count else None


def _read_numbers(pages: int) -> bytes | None:
    """Kept page-number pages for ``pages`` pages, if any (the merge lays them out otherwise)."""
    name = _kept_numbers(pages)
    if name is None:
        return None
    try:
        return _read(name)
    except FileNotFoundError:  # replaced meanwhile
        return None


def report_page_numbers_keep(pages: int | None = None) -> bool:
    """Lay out and keep page-number pages for reports of up to ``pages`` pages
    (``REPORT_PAGE_NUMBERS_KEPT`` by default) unless kept ones already cover them; returns
    whether it laid them out. Sent when a worker starts (``reports.tasks``), so that not even a
    deployment's first report in parts lays them out: its chord has no page-number task."""
    pages = settings.REPORT_PAGE_NUMBERS_KEPT if pages is None else pages
    if pages <= 0 or _kept_numbers(pages) is not None:
        return False
    count = numbers_count(pages)
    cpu = time.process_time()
    _put(_numbers_name(count), number_pages(count))
    seconds = time.process_time() - cpu
    logger.info("Page numbers kept for %s pages, %.2f CPU s", count, seconds)
    return True


def _discard_parts(folder: str) -> None:
    """Delete the intermediate files under ``folder`` (and the folder, on a file system)."""
    storage = _storage()
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for sub in folders:
        _discard_parts(f"{folder}/{sub}")
    for name in files:
        storage.delete(f"{folder}/{name}")
    try:
        path = storage.path(folder)
    except NotImplementedError:
        return  # an object store has no folders to remove
    with contextlib.suppress(OSError):  # a late part wrote meanwhile: a retry removes it
        os.rmdir(path)


def _peak_memory_kb() -> int:
    """This process's peak resident memory so far (``ru_maxrss``: KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _record_peak_memory(job_id: int, task_id: str) -> None:
    try:
        ReportJob.objects.filter(pk=job_id, task_id=task_id).update(
            peak_memory_kb=Greatest(Coalesce(F("peak_memory_kb"), 0), Value(_peak_memory_kb()))
        )
    except TRANSIENT_ERRORS:
        logger.warning("Peak memory of report job %s not recorded", job_id)


def _render_in_parts(job: ReportJob, data: dict, on_progress) -> str:
    """Cut the report into parts, store their HTML where every worker can read it and start
    the chord: the parts are laid out at once by free workers, then merged
    (:func:`report_job_render_part`, :func:`report_job_merge_parts`)."""
    from celery import chord, group

    from .tasks import merge_report_parts, render_report_part

    digest = fingerprint(data)
    html = build_html(data, generated_at=timezone.now(), fingerprint_hex=digest)
    documents = split_html(html)
    folder = _parts_folder(job.pk, job.task_id)
    _discard_parts(folder)  # a redelivered message starts over
    for index, document in enumerate(documents):
        _put(_part_name(folder, index, "html"), document.encode("utf-8"))
    total = len(documents)
    ReportJob.objects.filter(pk=job.pk, task_id=job.task_id, status=JobStatus.RUNNING).update(
        parts_total=total, parts_done=0, fingerprint=digest, progress=10
    )
    # Longest first (their HTML's length stands for their layout time): the short parts fill
    # the gaps at the end, so the last worker to finish waits least.
    order = sorted(range(total), key=lambda index: -len(documents[index]))
    tasks = [render_report_part.si(job.pk, job.task_id, index, total) for index in order]
    # The page numbers are laid out meanwhile (for an estimate of the pages), not in the merge,
    # unless an earlier report left enough of them; before the shortest part (the front
    # matter, when a table is cut), which takes less (~0.25 s against ~0.5 s for 100 pages).
    estimate = pages_estimate(data, total)
    if _kept_numbers(estimate) is None:
        numbers = render_report_part.si(job.pk, job.task_id, NUMBERS, numbers_count(estimate))
        tasks.insert(len(tasks) - 1 if total > 1 else len(tasks), numbers)
    header = group(tasks)
    chord(header)(merge_report_parts.s(job.pk, job.task_id, total))
    return RUN_PARTED


def _running(job_id: int, task_id: str):
    return ReportJob.objects.filter(pk=job_id, task_id=task_id, status=JobStatus.RUNNING)


def report_job_render_part(*, job_id: int, task_id: str, index: int, total: int) -> dict:
    """Lay out part ``index`` (of ``total``) of the job's run ``task_id`` and store its PDF.

    Does nothing when the run is over (failed, superseded by a retry). A failure fails the job
    with :data:`PART_FAILED` (which part and why); the job can then be retried. Returns a
    small summary for the merge (JSON: part, pages, peak memory of this process)."""
    job = _running(job_id, task_id).first()
    if job is None:
        return {"part": index, "outcome": RUN_SKIPPED}
    folder = _parts_folder(job_id, task_id)
    if index == NUMBERS:
        cpu = time.process_time()
        # A failure here costs nothing: the merge lays the numbers out itself.
        with contextlib.suppress(Exception):
            if not _storage().exists(_numbers_name(total)):
                _put(_numbers_name(total), number_pages(total))
        seconds = time.process_time() - cpu
        logger.info("Report job %s: page numbers, %.2f CPU s", job_id, seconds)
        return {"part": index, "outcome": RUN_DONE}
    number = {"part": index + 1, "total": total}
    cpu = time.process_time()
    try:
        with _Heartbeat(job_id=job_id, task_id=task_id):
            html = _read(_part_name(folder, index, "html")).decode("utf-8")
            pdf, pages = render_part(
                html, pdf_identifier=job.fingerprint[:32].encode("ascii"), archival=index == 0
            )
            _put(_part_name(folder, index, "pdf"), pdf)
    except SoftTimeLimitExceeded:
        seconds = settings.CELERY_TASK_SOFT_TIME_LIMIT
        limit = gettext(TIME_LIMIT) % {"seconds": seconds}
        _fail(job_id, task_id, gettext(PART_FAILED) % (number | {"error": limit}))
        return {"part": index, "outcome": RUN_FAILED}
    except TRANSIENT_ERRORS:
        raise
    except Exception as error:
        logger.exception("Part %s of report job %s failed to render", index + 1, job_id)
        detail = f"{type(error).__name__}: {error}"[:500]
        _fail(job_id, task_id, gettext(PART_FAILED) % (number | {"error": detail}))
        return {"part": index, "outcome": RUN_FAILED}
    finally:
        _record_peak_memory(job_id, task_id)
    seconds = time.process_time() - cpu
    logger.info(
        "Report job %s: part %s of %s, %s pages, %.2f CPU s",
        job_id,
        *number.values(),
        pages,
        seconds,
    )
    _, files = _storage().listdir(folder)
    done = sum(1 for name in files if name.startswith("part-") and name.endswith(".pdf"))
    _running(job_id, task_id).update(
        parts_done=Greatest(F("parts_done"), Value(done)),
        progress=Greatest(F("progress"), Value(10 + 80 * done // total)),
    )
    return {"part": index, "outcome": RUN_DONE, "pages": pages, "peak_kb": _peak_memory_kb()}


def report_job_merge_parts(*, job_id: int, task_id: str, total: int) -> str:
    """The chord's end: merge the parts' PDFs into the report (one PDF/A-3u, page numbers
    stamped), store it and mark the job done; then delete the parts, whatever happened."""
    folder = _parts_folder(job_id, task_id)
    cpu = time.process_time()
    try:
        job = _running(job_id, task_id).first()
        if job is None:
            return RUN_SKIPPED
        with _Heartbeat(job_id=job_id, task_id=task_id):
            _running(job_id, task_id).update(progress=Greatest(F("progress"), Value(92)))
            try:
                pdfs = [_read(_part_name(folder, index, "pdf")) for index in range(total)]
                pdf, pages = merge_parts(pdfs, _read_numbers)
            except TRANSIENT_ERRORS:
                raise
            except Exception as error:
                logger.exception("Report job %s: parts not merged", job_id)
                detail = f"{type(error).__name__}: {error}"[:500]
                _fail(job_id, task_id, gettext(PARTS_MISSING) % {"error": detail})
                return RUN_FAILED
        _record_peak_memory(job_id, task_id)
        rendered = RenderedReport(
            pdf=pdf, fingerprint=job.fingerprint, pages=pages, title="", refused_urls=()
        )
        outcome = _store(job, rendered)
        seconds = time.process_time() - cpu
        logger.info("Report job %s: merged, %s pages, %.2f CPU s", job_id, pages, seconds)
        return outcome
    finally:
        _discard_parts(folder)


def _store(job: ReportJob, rendered) -> str:
    """Save the file and mark the job done, unless the row changed hands meanwhile."""
    checksum = hashlib.sha256(rendered.pdf).hexdigest()
    name = job.download_name
    with transaction.atomic():
        current = ReportJob.objects.select_for_update().filter(pk=job.pk).first()
        if current is None or current.task_id != job.task_id or current.status != "running":
            return RUN_SKIPPED
        old_file = current.file.name if current.file else ""
        current.file.save(name, ContentFile(rendered.pdf), save=False)
        current.size = len(rendered.pdf)
        current.checksum = checksum
        current.fingerprint = rendered.fingerprint
        current.pages = rendered.pages
        current.status, current.progress, current.error = JobStatus.DONE, 100, ""
        current.finished_at = timezone.now()
        current.save()
    if old_file and old_file != current.file.name:
        current.file.storage.delete(old_file)
    return RUN_DONE


def report_job_interrupted(*, job_id: int, task_id: str | None, error: Exception, final: bool):
    """After a transient error: put the job back in the queue for the task's retry, or fail it
    when the retries are used up."""
    message = TRANSIENT_GAVE_UP if final else TRANSIENT_RETRYING
    status = JobStatus.FAILED if final else JobStatus.QUEUED
    try:
        ReportJob.objects.filter(pk=job_id, task_id=task_id, status=JobStatus.RUNNING).update(
            status=status,
            error=gettext(message) % {"error": str(error)[:300]},
            finished_at=timezone.now() if final else None,
            progress=0,
        )
    except Exception:
        logger.exception("Could not record the interruption of report job %s", job_id)


def report_jobs_sweep_stale(*, now: datetime.datetime | None = None) -> int:
    """Fail running jobs whose worker is gone; returns how many.

    A job is given up when its heartbeat is older than ``REPORT_JOB_STALE_SECONDS``
    (:data:`WORKER_GONE`), or, for a job without heartbeats, when it has run longer than the
    task's hard time limit (:data:`STALE`). Runs every ``REPORT_JOB_SWEEP_SECONDS`` through
    Celery beat (:func:`reports.tasks.sweep_report_jobs`), and also when jobs are listed, looked
    at, requested or retried, so no job shows "running" for long even without beat.
    """
    now = now or timezone.now()
    silent = Q(pk__in=ReportJob.objects.silent(now=now).values("pk"))
    stale = Q(pk__in=ReportJob.objects.stale(now=now).values("pk"))
    gone = gettext(WORKER_GONE) % {"seconds": settings.REPORT_JOB_STALE_SECONDS}
    timed_out = gettext(STALE) % {"seconds": settings.CELERY_TASK_TIME_LIMIT + 60}
    # One statement (the list and job pages run it on every view).
    return (
        ReportJob.objects.filter(silent | stale)
        .filter(status=JobStatus.RUNNING)
        .update(
            status=JobStatus.FAILED,
            error=Case(When(silent, then=Value(gone)), default=Value(timed_out)),
            finished_at=now,
        )
    )


def _transient_errors() -> tuple[type[BaseException], ...]:
    from django.db import InterfaceError, OperationalError

    return (OperationalError, InterfaceError, ConnectionError, TimeoutError)


#: Errors worth retrying: the database or storage hiccuped, the render itself is fine.
TRANSIENT_ERRORS = _transient_errors()


# -- Review reports (the document) -----------------------------------------------------------

FINAL_IS_LOCKED = _(
    "This report is final (signed and numbered): it can no longer be changed. Start a new draft "
    "if a corrected report is needed."
)
FINAL_NEEDS_NUMBER = _("Give the number the registry assigned to mark the report final.")
NEEDS_ISSUER = _("A report has at least one issuing body.")
#: The report's own fields a form may write (everything but its subject, status and stamps).
EDITABLE_FIELDS = (
    "reviewed_from",
    "reviewed_to",
    "period_years",
    "subject_line",
    "as_of",
    "form",
    "place",
    "report_date",
    "symbol",
    "recipients",
    "opening",
    *ReviewReport.NARRATIVE,
    "approved_at",
    "notes",
)


def _save_rows(report: ReviewReport, issuers: list[dict] | None, parts: list[dict] | None):
    """Replace the report's issuing bodies (with their signers) and its results parts."""
    if issuers is not None:
        if not issuers:
            raise ValidationError(NEEDS_ISSUER)
        kept = []
        for order, values in enumerate(issuers):
            row = ReviewReportIssuer.objects.filter(report=report, agency=values["agency"]).first()
            row = row or ReviewReportIssuer(report=report, agency=values["agency"])
            for name in ("authority", "signer_title", "signer_name", "signer"):
                if name in values:
                    setattr(row, name, values[name] or ("" if name != "signer" else None))
            row.order = order
            row.full_clean()
            row.save()
            kept.append(row.pk)
        report.issuers.exclude(pk__in=kept).delete()
    if parts is not None:
        kept = []
        for order, values in enumerate(part for part in parts if part.get("heading")):
            row = ReviewReportPart.objects.filter(pk=values.get("id"), report=report).first()
            row = row or ReviewReportPart(report=report)
            row.heading, row.text, row.order = values["heading"], values.get("text", ""), order
            row.full_clean()
            row.save()
            kept.append(row.pk)
        report.parts.exclude(pk__in=kept).delete()


def review_report_create(
    *,
    kind: str,
    subject: Program | Directive,
    created_by: AbstractBaseUser | None = None,
    **data,
) -> ReviewReport:
    """Start a draft report of ``kind`` about ``subject`` with everything proposed
    (:func:`reports.proposals.propose`); values in ``data`` (any of :data:`EDITABLE_FIELDS`)
    win over the proposals. Saves the report and a signature block per issuing body."""
    from .proposals import propose

    if kind in ReportKind.for_program() and not isinstance(subject, Program):
        raise ValidationError({"kind": KIND_NEEDS_PROGRAM})
    if kind in ReportKind.for_directive() and not isinstance(subject, Directive):
        raise ValidationError({"kind": KIND_NEEDS_DIRECTIVE})
    proposal = propose(
        kind,
        subject,
        as_of=data.get("as_of"),
        report_date=data.get("report_date"),
        place=data.get("place"),
        form=data.get("form"),
    )
    report = proposal.report
    for name, value in data.items():
        if name in EDITABLE_FIELDS:
            setattr(report, name, value)
    report.created_by = created_by
    with transaction.atomic():
        report.full_clean()
        report.save()
        for row in proposal.issuers:
            row.report = report
            row.full_clean()
            row.save()
    return report


def review_report_update(
    *,
    report: ReviewReport,
    expected_version: int | None,
    issuers: list[dict] | None = None,
    parts: list[dict] | None = None,
    **data,
) -> ReviewReport:
    """Save changes to a draft: the fields in ``data`` (:data:`EDITABLE_FIELDS`), and when given
    the issuing bodies with their signers and the results parts (each replaced as a whole).

    Refuses a final report (:data:`FINAL_IS_LOCKED`) and a save from a form opened on an older
    version (``core.concurrency.EditConflict``, listing what changed meanwhile)."""
    from core.concurrency import claim_version

    with transaction.atomic():
        if ReviewReport.objects.filter(pk=report.pk, status=ReviewStatus.FINAL).exists():
            raise ValidationError(FINAL_IS_LOCKED)
        claim_version(
            report,
            expected=expected_version,
            children=[
                ReviewReportIssuer.history.filter(report_id=report.pk),
                ReviewReportPart.history.filter(report_id=report.pk),
            ],
        )
        for name, value in data.items():
            if name not in EDITABLE_FIELDS:
                raise TypeError(f"review_report_update() got an unexpected field {name!r}")
            setattr(report, name, value)
        report.full_clean()
        report.save()
        _save_rows(report, issuers, parts)
    return report


def review_report_finalize(
    *,
    report: ReviewReport,
    number: str,
    report_date: datetime.date,
    expected_version: int | None,
) -> ReviewReport:
    """Mark a draft final with the number the registry gave it and its date: from then on it
    carries the number, loses the "DỰ THẢO" mark and can no longer be changed."""
    from core.concurrency import claim_version

    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": FINAL_NEEDS_NUMBER})
    with transaction.atomic():
        if ReviewReport.objects.filter(pk=report.pk, status=ReviewStatus.FINAL).exists():
            raise ValidationError(FINAL_IS_LOCKED)
        claim_version(report, expected=expected_version)
        report.status, report.number, report.report_date = ReviewStatus.FINAL, number, report_date
        report.finalized_at = timezone.now()
        report.full_clean()
        report.save()
    return report


def review_report_export(
    *, report: ReviewReport, requested_by: AbstractBaseUser | None
) -> tuple[ReportJob, bool]:
    """Render ``report`` as it stands through the report jobs (Celery, progress, download,
    retry, history): one pending job per version of the report."""
    parameters = {
        "review_report": report.pk,
        "version": report.version,
        "as_of": report.as_of.isoformat(),
    }
    if report.report_date:
        parameters["report_date"] = report.report_date.isoformat()
    return report_request(
        kind=report.kind,
        subject=report.subject,
        requested_by=requested_by,
        parameters=parameters,
        review_report=report,
    )
