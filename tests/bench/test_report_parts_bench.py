"""The 1,000-task program review report through a real worker with two pool processes
(``celery -A config worker --concurrency=2``) on Redis and PostgreSQL: rendered in one piece
(``REPORT_RENDER_IN_PARTS=false``: the same document, its table breaking where the parts meet, in
one task) and in parts (``REPORT_PART_ROWS=400``, ``REPORT_PART_WORKERS=2``: a chord of 4 parts —
the front matter with Phụ lục 1 and Phụ lục 2's first 228 rows, then its other chunks of 258, 257
and 257 rows — then the merge). Each worker starts cold and warms up before the report is
requested, as a deployed worker does once (reports.tasks: each pool process loads templates,
fonts and stylesheets; the worker has the page-number pages laid out and kept): the first run in
parts starts from none kept, so its worker lays them out at start. Wall time is from the request
(the job queued) to the PDF stored; memory is the peak resident set of each pool process
(``VmHWM``) and of the worker's main process; the texts of the PDFs (pdftotext, page numbers
included, the generation-time line aside) must be equal.

Run with ``DATABASE_URL=postgres://… REDIS_URL=redis://… make bench`` (skipped without them);
figures in docs/benchmarks.md, "Reports past one machine".
"""

import datetime
import os
import re
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
        "PostgreSQL",
        "the worker needs the test's database (PostgreSQL)" if on_sqlite() else None,
        deliberate=True,  # the SQLite pass leaves PostgreSQL out on purpose
    ),
    pytest.mark.django_db(transaction=True),
]

TASKS = 1000
PART_ROWS = 400
PROCESSES = 2


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


_CPU_LINE = re.compile(r"INFO/(ForkPoolWorker-\d+)\] Report job \d+: (.*?), ([\d.]+) CPU s")


def cpu_estimate(log: Path) -> tuple[float, float]:
    """From the worker's log: (CPU seconds of all the job's steps, the job's wall time on two
    cores of its own: the first step + the busier process's share of the parts + the merge).
    The parts ran where they ran; on a machine shared with other work the CPU time is what does
    not depend on the neighbours."""
    steps = _CPU_LINE.findall(log.read_text())
    total = sum(float(cpu) for _process, _what, cpu in steps)
    serial = sum(
        float(cpu) for _p, what, cpu in steps if what in ("parted", "done") or "merged" in what
    )
    per_process: dict[str, float] = {}
    for process, what, cpu in steps:
        if what.startswith(("part ", "page numbers")):
            per_process[process] = per_process.get(process, 0.0) + float(cpu)
    return total, serial + max(per_process.values(), default=0.0)


_WARMED = re.compile(r"(ForkPoolWorker-\d+)\] Report worker process warmed up, ([\d.]+) CPU s")
_KEPT = re.compile(r"Page numbers kept for (\d+) pages, ([\d.]+) CPU s")


def warmed_up(log: Path) -> str | None:
    """The worker's log once both pool processes warmed up and the page numbers are kept."""
    text = log.read_text() if log.exists() else ""
    kept = re.search(r"Task reports\.keep_page_numbers\[[^]]+\] succeeded", text)
    return text if len(set(_WARMED.findall(text))) >= PROCESSES and kept else None


def run_through_worker(program, users, *, in_parts: bool, log: Path, fresh: bool = False):
    """(the finished job, seconds from request to stored PDF, each pool process's peak MB, the
    main process's peak MB). ``fresh``: no page-number pages kept before the worker starts."""
    if fresh:
        services._discard_parts(services.NUMBERS_FOLDER)
    os.environ["PHOIHOP_WORKER_LOG"] = str(log)
    worker = start_worker_process(
        concurrency=PROCESSES,
        REPORT_PART_ROWS=str(PART_ROWS),
        REPORT_PART_WORKERS=str(PROCESSES),
        REPORT_RENDER_IN_PARTS=str(in_parts),
        PHOIHOP_TEST_MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    try:
        wait_for(lambda: len(children(worker.pid)) >= 2, 60, "the pool processes")
        wait_for(lambda: warmed_up(log), 120, "the worker's warm-up")
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
        del os.environ["PHOIHOP_WORKER_LOG"]
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
    load_before = os.getloadavg()[0]
    # One piece: the same document (its table breaks where the parts meet) in one task.
    logs = tmp_path / "single.log", tmp_path / "parted.log", tmp_path / "kept.log"
    single, single_s, single_pool, single_main = run_through_worker(
        program, users, in_parts=False, log=logs[0]
    )
    # A deployment's first report in parts: no page-number pages kept before its worker starts.
    parted, parted_s, parted_pool, parted_main = run_through_worker(
        program, users, in_parts=True, log=logs[1], fresh=True
    )
    # Again in parts: a later report (the page-number pages are kept already).
    kept, kept_s, kept_pool, kept_main = run_through_worker(
        program, users, in_parts=True, log=logs[2]
    )
    single_cpu, parted_cpu, kept_cpu = (cpu_estimate(log) for log in logs)
    same_text = text_of(single, tmp_path) == text_of(parted, tmp_path) == text_of(kept, tmp_path)
    print(
        f"\n{TASKS:,} tasks, worker --concurrency={PROCESSES}, REPORT_PART_ROWS={PART_ROWS}, "
        f"REPORT_PART_WORKERS={PROCESSES}; load average before {load_before:.1f}"
    )
    print(
        "| render | parts | pages | wall time (queued → stored) | CPU s in all "
        "| on 2 idle cores (from CPU s) | peak RSS per pool process | worker main | PDF size |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, job, seconds, cpu, pool, main in (
        ("one piece", single, single_s, single_cpu, single_pool, single_main),
        ("in parts, first report", parted, parted_s, parted_cpu, parted_pool, parted_main),
        ("in parts, a later report", kept, kept_s, kept_cpu, kept_pool, kept_main),
    ):
        print(
            f"| {name} | {job.parts_total or 1} | {job.pages} | {seconds:.1f} s | {cpu[0]:.1f} s "
            f"| {cpu[1]:.1f} s | {' / '.join(f'{mb:.0f}' for mb in pool)} MB | {main:.0f} MB "
            f"| {job.size / 1024:.0f} KB |"
        )
    for name, log in zip(("one piece", "first in parts", "later in parts"), logs, strict=True):
        text = log.read_text()
        warm = ", ".join(f"{cpu} CPU s" for _process, cpu in _WARMED.findall(text))
        kept_numbers = ", ".join(f"{n} pages {cpu} CPU s" for n, cpu in _KEPT.findall(text))
        print(f"worker start ({name}): warm-up {warm}; page numbers kept: {kept_numbers or '-'}")
    print(
        f"ratio in parts / one piece: wall {parted_s / single_s:.2f} (a later report "
        f"{kept_s / single_s:.2f}), on idle cores {parted_cpu[1] / single_cpu[1]:.2f} (kept "
        f"{kept_cpu[1] / single_cpu[1]:.2f}); same text: {same_text}; load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    assert same_text
    assert single.pages == parted.pages == kept.pages
