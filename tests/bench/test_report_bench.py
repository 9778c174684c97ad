"""Render time and peak memory of the program review report for 10, 100 and 1,000 tasks, beside
bare WeasyPrint laying out the same HTML (no data queries, no PDF/A, default settings).

Run with ``make bench`` (``pytest -m bench tests/bench -p no:randomly -s``); the table it prints
goes into docs/benchmarks.md. Sizes run in ascending order in one process, so the process's peak
resident memory after each render is the peak of that render (imports included).
"""

import datetime
import resource
import time

import pytest
from django.utils import timezone

from programs.models import Task, TaskUpdate
from reports.models import ReportKind
from reports.rendering import StaticOnlyURLFetcher, build_html, fingerprint, render_report
from reports.rendering import report_data as read_report_data
from reports.rendering.pdf import static_dir
from tests.reports.factories import build_seed_data

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

SIZES = (10, 100, 1000)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare_weasyprint(program_id: int) -> tuple[float, int]:
    """Seconds WeasyPrint alone takes to lay out and write the report's HTML (measured after
    the full render, so its memory does not count in the RSS column)."""
    from weasyprint import HTML

    data = read_report_data(
        kind=ReportKind.PROGRAM_FINAL_REVIEW,
        subject_id=program_id,
        parameters={"as_of": "2021-11-26"},
    )
    html = build_html(data, generated_at=timezone.now(), fingerprint_hex=fingerprint(data))
    fetcher = StaticOnlyURLFetcher(static_dir())
    started = time.perf_counter()
    document = HTML(string=html, base_url=fetcher.base_url(), url_fetcher=fetcher).render()
    document.write_pdf()
    return time.perf_counter() - started, len(document.pages)


def test_program_report_render_time_and_memory():
    seed = build_seed_data()
    program = seed["ctr90"]
    Task.objects.filter(program=program).delete()
    rows = []
    created = 0
    # Warm up: imports and font loading are paid once per worker process, not per report.
    render_report(
        kind=ReportKind.PROGRAM_FINAL_REVIEW,
        subject_id=seed["ctr02"].pk,
        parameters={"as_of": "2021-11-26"},
        generated_at=timezone.now(),
    )
    baseline = peak_rss_mb()
    for size in SIZES:
        tasks = Task.objects.bulk_create(
            Task(
                program=program,
                title=f"Nhiệm vụ phối hợp vận động kiều bào số {n + 1}",
                lead_agency=seed["bdv"],
                order=n,
                progress=(n * 7) % 100,
                due_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            )
            for n in range(created, size)
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
        created = size
        started = time.perf_counter()
        rendered = render_report(
            kind=ReportKind.PROGRAM_FINAL_REVIEW,
            subject_id=program.pk,
            parameters={"as_of": "2021-11-26"},
            generated_at=timezone.now(),
        )
        seconds = time.perf_counter() - started
        rss = peak_rss_mb()
        bare_seconds, bare_pages = bare_weasyprint(program.pk)
        rows.append(
            (size, rendered.pages, seconds, len(rendered.pdf), rss, bare_seconds, bare_pages)
        )
        assert rendered.pdf.startswith(b"%PDF-")
    print(f"\nbaseline peak RSS after imports and a warm-up render: {baseline:.0f} MB")
    print(
        "| tasks | pages | render time | PDF size | peak RSS of the process "
        "| bare WeasyPrint, same HTML |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, pages, seconds, length, rss, bare, bare_pages in rows:
        print(
            f"| {size:,} | {pages} | {seconds:.2f} s | {length / 1024:.0f} KB | {rss:.0f} MB "
            f"| {bare:.2f} s ({bare_pages} pages) |"
        )
    assert rows[-1][2] < 120
