"""The 1,000-task program review report through a real worker with two pool processes
(``celery -A config worker --concurrency=2``) on Redis and PostgreSQL: rendered in one piece
(``REPORT_RENDER_IN_PARTS=false``: the same document, its table breaking every 100 rows, in one
task) and in parts (``REPORT_PART_ROWS=100``: a chord of 12 parts and the page numbers, then the
merge). Wall time is from the request (the job queued) to the PDF stored; memory is the peak
resident set of each pool process (``VmHWM``) and of the worker's main process; the texts of the
two PDFs (pdftotext, page numbers included, the generation-time line aside) must be equal.

Run with ``DATABASE_URL=postgres://… REDIS_URL=redis://… make bench`` (skipped without them);
figures in docs/benchmarks.md, "Reports past one machine".
"""

import datetime
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

from programs.models import Task, TaskUpdate
from reports import services
from reports.models import JobStatus, ReportJob, ReportKind
from tests.needs import needs, on_sqlite
from tests.reports.conftest import needs_redis
from tests.reports.factories import build_seed_data
from tests.reports.test_worker import children, start_worker_process, stop, wait_for

pytestmark = [
    pytest.mark.bench,
    needs_redis,
    needs(
        "PostgreSQL", "the worker needs the test's database (PostgreSQL)" if on_sqlite() else None
    ),
    pytest.mark.django_db(transaction=True),
]

TASKS = 1000
PART_ROWS = 100


def vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def text_of(job: ReportJob, tmp_path: Path) -> list[str]:
    path = tmp_path / f"job-{job.pk}.pdf"
    path.write_bytes(job.file.read())
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return [line for line in out.split("\n") if not line.startswith("phoihop · lập lúc")]


def run_through_worker(program, users, *, in_parts: bool) -> tuple:
    """(the finished job, seconds from request to stored PDF, each pool process's peak MB, the
    main process's peak MB)."""
    worker = start_worker_process(
        concurrency=2,
        REPORT_PART_ROWS=str(PART_ROWS),
        REPORT_RENDER_IN_PARTS=str(in_parts),
        PHOIHOP_TEST_MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    try:
        wait_for(lambda: len(children(worker.pid)) >= 2, 60, "the pool processes")
        time.sleep(3)  # the pool processes import Django; the worker connects to Redis
        started = time.perf_counter()
        job, _ = services.report_request(
            kind=ReportKind.PROGRAM_FINAL_REVIEW,
            subject=program,
            requested_by=users["manager"],
            parameters={"as_of": "2021-11-26"},
        )
        job = wait_for(
            lambda: (
                ReportJob.objects.get(pk=job.pk).status in (JobStatus.DONE, JobStatus.FAILED)
                and ReportJob.objects.get(pk=job.pk)
            ),
            600,
            "the report",
        )
        seconds = time.perf_counter() - started
        pool = [vm_hwm_mb(pid) for pid in children(worker.pid)]
        main = vm_hwm_mb(worker.pid)
    finally:
        stop(worker)
    assert job.status == JobStatus.DONE, job.error
    return job, seconds, pool, main


def test_report_in_parts_on_two_worker_processes(users, tmp_path):
    seed = build_seed_data()
    program = seed["ctr90"]
    Task.objects.filter(program=program).delete()
    tasks = Task.objects.bulk_create(
        Task(
            program=program,
            title=f"Nhiệm vụ phối hợp vận động kiều bào số {n + 1}",
            lead_agency=seed["bdv"],
            order=n,
            progress=(n * 7) % 100,
            due_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
        )
        for n in range(TASKS)
    )
    TaskUpdate.objects.bulk_create(
        TaskUpdate(
            task=task,
            reported_on=datetime.date(2021, 6, 30),
            progress=task.progress,
            note="Đã triển khai theo kế hoạch",
        )
        for task in tasks
    )
    # One piece: the same document (its table breaks every 100 rows) in one task.
    single, single_s, single_pool, single_main = run_through_worker(program, users, in_parts=False)
    parted, parted_s, parted_pool, parted_main = run_through_worker(program, users, in_parts=True)
    same_text = text_of(single, tmp_path) == text_of(parted, tmp_path)
    print(f"\n{TASKS:,} tasks, worker --concurrency=2, REPORT_PART_ROWS={PART_ROWS}")
    print(
        "| render | parts | pages | wall time (queued → stored) | peak RSS per pool process "
        "| worker main process | PDF size |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, job, seconds, pool, main in (
        ("one piece", single, single_s, single_pool, single_main),
        ("in parts", parted, parted_s, parted_pool, parted_main),
    ):
        print(
            f"| {name} | {job.parts_total or 1} | {job.pages} | {seconds:.1f} s "
            f"| {' / '.join(f'{mb:.0f}' for mb in pool)} MB | {main:.0f} MB "
            f"| {job.size / 1024:.0f} KB |"
        )
    print(f"ratio in parts / one piece: {parted_s / single_s:.2f}; same text: {same_text}")
    assert same_text
    assert single.pages == parted.pages
