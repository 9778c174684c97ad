"""Reports in parts (docs/reports.md, "Reports past one machine"): a report whose appendix
tables hold more than ``REPORT_PARTS_ABOVE_ROWS`` rows is laid out in parts by a Celery chord and
merged; the merged PDF has the single render's text (page numbers included), continuous page
numbers and the PDF/A-3u identification. Here with 20 rows a part at most, 60 tasks: Phụ lục 2 in 3
chunks of 20 rows, 3 parts (the front matter with Phụ lục 1 and Phụ lục 2's first chunk, then its
other two chunks)."""

import datetime
import io
import re

import pikepdf
import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from django.utils.translation import gettext

from programs.models import Task
from reports import services
from reports.models import JobStatus, ReportJob, ReportKind
from reports.rendering import build_html, fingerprint, render_report, report_data
from reports.rendering.parts import merge_parts, render_part, split_html
from tests.needs import needs
from tests.reports.conftest import needs_poppler, needs_redis, pdf_text
from tests.reports.factories import ReportJobFactory, build_seed_data

PART_ROWS = 20
TASKS = 57  # + the seed's 3 tasks of 90-CTr: 60 rows, 3 chunks
AS_OF = {"as_of": "2021-11-26"}


def add_tasks(seed, count: int = TASKS) -> None:
    """Tasks of varied lengths, so rows differ in height as real ones do."""
    Task.objects.bulk_create(
        Task(
            program=seed["ctr90"],
            title=f"Nhiệm vụ phối hợp vận động kiều bào số {n + 1}" + " và cộng đồng" * (n % 6),
            lead_agency=seed["bdv"],
            order=100 + n,
            progress=(n * 7) % 100,
            due_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n * 11),
        )
        for n in range(count)
    )


@pytest.fixture
def parted(settings):
    settings.REPORT_PART_ROWS = settings.REPORT_PARTS_ABOVE_ROWS = PART_ROWS
    return settings


def single_render(seed, generated_at):
    return render_report(
        kind=ReportKind.PROGRAM_FINAL_REVIEW,
        subject_id=seed["ctr90"].pk,
        parameters=AS_OF,
        generated_at=generated_at,
    )


def page_texts(pdf: bytes, tmp_path) -> list[str]:
    return pdf_text(pdf, tmp_path).split("\f")[:-1]


def pdfa_identification(pdf: bytes) -> tuple[str, str, str]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        meta = document.open_metadata()
        return meta.get("pdfaid:part"), meta.get("pdfaid:conformance"), str(document.Root.Lang)


@needs_poppler
@pytest.mark.django_db
def test_parts_merged_give_the_single_render_text_page_numbers_and_pdfa(seed, parted, tmp_path):
    add_tasks(seed)
    generated_at = timezone.now()
    single = single_render(seed, generated_at)
    data = report_data(
        kind=ReportKind.PROGRAM_FINAL_REVIEW, subject_id=seed["ctr90"].pk, parameters=AS_OF
    )
    digest = fingerprint(data)
    documents = split_html(build_html(data, generated_at=generated_at, fingerprint_hex=digest))
    # Phụ lục 2 (tasks) in 3 chunks of 20 rows (4, a multiple of the 2 processes, would be under
    # 20 rows); its first rides with the front matter and Phụ lục 1 (agencies, short).
    assert len(documents) == 3
    pdfs = [
        render_part(html, pdf_identifier=digest[:32].encode(), archival=index == 0)[0]
        for index, html in enumerate(documents)
    ]
    merged, pages = merge_parts(pdfs)

    assert pages == single.pages
    assert pdf_text(merged, tmp_path) == pdf_text(single.pdf, tmp_path)
    texts = page_texts(merged, tmp_path)
    assert len(texts) == pages > 5
    # Page numbers: none on page 1, then 2, 3, … on the first line of each page.
    assert not texts[0].startswith("1\n")
    assert [text.split("\n", 1)[0] for text in texts[1:]] == [str(n) for n in range(2, pages + 1)]
    assert pdfa_identification(merged) == pdfa_identification(single.pdf) == ("3", "U", "vi")
    with pikepdf.open(io.BytesIO(merged)) as document, pikepdf.open(io.BytesIO(single.pdf)) as one:
        assert document.trailer.ID[0] == one.trailer.ID[0] == digest[:32].encode()
        assert document.docinfo["/Title"] == one.docinfo["/Title"]
        with document.open_outline() as outline, one.open_outline() as single_outline:
            titles = [item.title for item in outline.root[0].children]
            assert titles == [item.title for item in single_outline.root[0].children]
            assert titles[-2:] == ["Phụ lục 1", "Phụ lục 2"]


@needs_poppler
@pytest.mark.parametrize("numbers", [None, b"%PDF-1.7\n1 0 obj", lambda pages: None])
def test_the_merge_lays_out_the_page_numbers_when_none_usable_are_given(numbers, tmp_path):
    """Without kept page-number pages, or with a file another job is still writing, the merge
    lays the numbers out itself."""
    head = '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>t</title>'
    head += '<link rel="stylesheet" href="reports/review.css"></head><body>'
    pdfs = [
        render_part(
            f"{head}{'<p>Đoạn văn bản.</p>' * 60}</body></html>",
            pdf_identifier=b"0" * 32,
            archival=n == 0,
        )[0]
        for n in range(2)
    ]
    merged, pages = merge_parts(pdfs, numbers)
    texts = page_texts(merged, tmp_path)
    assert pages == len(texts) >= 4
    assert [text.split("\n", 1)[0] for text in texts[1:]] == [str(n) for n in range(2, pages + 1)]


@pytest.mark.django_db
def test_a_small_report_is_one_piece(seed, parted):
    add_tasks(seed, PART_ROWS - 5)
    job = ReportJobFactory(program=seed["ctr90"], parameters=AS_OF)
    assert services.report_job_run(job_id=job.pk, task_id=job.task_id) == services.RUN_DONE
    job.refresh_from_db()
    assert job.parts_total is None and job.status == JobStatus.DONE


@needs_poppler
@pytest.mark.django_db
def test_the_job_runs_its_chord_in_process_and_stores_the_single_render_text(
    seed, parted, users, eager_celery, django_capture_on_commit_callbacks, tmp_path
):
    """In-process (task_always_eager): the chord runs its parts and the merge at once."""
    add_tasks(seed)
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = services.report_request(
            kind=ReportKind.PROGRAM_FINAL_REVIEW,
            subject=seed["ctr90"],
            requested_by=users["manager"],
            parameters=AS_OF,
        )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert (job.parts_total, job.parts_done, job.progress) == (3, 3, 100)
    assert job.peak_memory_kb > 0
    content = job.file.read()
    single = single_render(seed, job.started_at)
    # The generation line holds the time of rendering: compare around it.
    merged_text = pdf_text(content, tmp_path).split("\n")
    single_text = pdf_text(single.pdf, tmp_path).split("\n")
    assert len(merged_text) == len(single_text)
    differing = [a for a, b in zip(merged_text, single_text, strict=True) if a != b]
    assert all(line.startswith("phoihop · lập lúc") for line in differing)
    assert job.pages == single.pages and job.fingerprint == single.fingerprint
    # The intermediate files are gone.
    parts_root = django_settings.MEDIA_ROOT + f"/{services.PARTS_FOLDER}/{job.pk}"
    import os

    assert not os.path.exists(parts_root) or not any(os.scandir(parts_root))


@needs_poppler
@pytest.mark.django_db
def test_the_page_numbers_are_laid_out_once_and_kept_for_the_next_reports(
    seed, parted, users, eager_celery, django_capture_on_commit_callbacks, monkeypatch, tmp_path
):
    """The page-number pages depend only on the stylesheet, the fonts and the count: the first
    report in parts lays out a block of them and keeps it; the next one has no page-number task
    and the same page numbers."""
    add_tasks(seed)
    services._discard_parts(services.NUMBERS_FOLDER)  # what earlier tests kept
    laid_out = []
    original = services.number_pages
    monkeypatch.setattr(
        services, "number_pages", lambda count: laid_out.append(count) or original(count)
    )
    texts = []
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            job, _ = services.report_request(
                kind=ReportKind.PROGRAM_FINAL_REVIEW,
                subject=seed["ctr90"],
                requested_by=users["manager"],
                parameters=AS_OF | {"place": f"Hà Nội {len(texts)}"},  # not the same request
            )
        job.refresh_from_db()
        assert job.status == JobStatus.DONE, job.error
        texts.append(page_texts(job.file.read(), tmp_path))
    assert laid_out == [services.numbers_count(laid_out[0])] and laid_out[0] % 20 == 0
    _, kept = services._storage().listdir(services.NUMBERS_FOLDER)
    assert kept == [f"{services.numbers_key()}-{laid_out[0]:06d}.pdf"]
    first_lines = [[text.split("\n", 1)[0] for text in pages[1:]] for pages in texts]
    assert first_lines[0] == first_lines[1] == [str(n) for n in range(2, len(texts[0]) + 1)]


@pytest.mark.django_db
def test_a_failing_part_fails_the_job_with_its_reason_and_it_can_be_retried(
    seed, parted, users, eager_celery, django_capture_on_commit_callbacks
):
    """A part whose input is not in the shared storage (a worker that does not share it) fails
    the job with which part and why; the merge then does nothing but clean up; Retry renders."""
    add_tasks(seed)
    job = ReportJobFactory(program=seed["ctr90"], parameters=AS_OF)
    claimed = services._claim(job.pk, job.task_id)
    assert claimed is not None
    ReportJob.objects.filter(pk=job.pk).update(parts_total=4, fingerprint="0" * 64)
    outcome = services.report_job_render_part(job_id=job.pk, task_id=job.task_id, index=3, total=4)
    assert outcome["outcome"] == services.RUN_FAILED
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith(
        gettext(services.PART_FAILED) % {"part": 4, "total": 4, "error": "FileNotFoundError"}
    )
    assert (
        services.report_job_merge_parts(job_id=job.pk, task_id=job.task_id, total=4)
        == services.RUN_SKIPPED
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.report_retry(job=job, requested_by=users["manager"])
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.parts_total == 3 and job.attempts == 1 and job.file.read().startswith(b"%PDF-")


def test_the_job_page_says_which_part_is_done(seed, parted, client, users):
    job = ReportJobFactory(
        program=seed["ctr90"], status=JobStatus.RUNNING, parts_total=8, parts_done=3
    )
    client.force_login(users["manager"])
    from django.urls import reverse

    page = client.get(reverse("reports:reportjob_status", args=[job.pk])).content.decode()
    assert re.search(r'data-testid="job-parts">[^<]*\b3\b[^<]*\b8\b', page), page


needs_postgres = needs(
    "PostgreSQL",
    "the worker subprocess needs a database it shares with the test (PostgreSQL)"
    if django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
    else None,
    deliberate=True,
)


@pytest.mark.worker
@needs_redis
@needs_postgres
@needs_poppler
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_with_two_processes_runs_the_chord(users, settings, tmp_path):
    """Two pool processes on Redis: the parts are laid out at once, the chord's merge stores
    the report, and its text is the single render's."""
    from tests.reports.test_worker import job_state, start_worker_process, stop, wait_for

    settings.REPORT_PART_ROWS = settings.REPORT_PARTS_ABOVE_ROWS = PART_ROWS
    seed = build_seed_data()
    add_tasks(seed)
    worker = start_worker_process(
        concurrency=2,
        REPORT_PART_ROWS=str(PART_ROWS),
        REPORT_PARTS_ABOVE_ROWS=str(PART_ROWS),
        PHOIHOP_TEST_MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    try:
        job, _ = services.report_request(
            kind=ReportKind.PROGRAM_FINAL_REVIEW,
            subject=seed["ctr90"],
            requested_by=users["manager"],
            parameters=AS_OF,
        )
        final = wait_for(
            lambda: (
                job_state(job.pk).status in (JobStatus.DONE, JobStatus.FAILED) and job_state(job.pk)
            ),
            180,
            "the chord to finish",
        )
    finally:
        stop(worker)
    assert final.status == JobStatus.DONE, final.error
    assert final.parts_total == final.parts_done == 3
    single = single_render(seed, final.started_at)
    merged_lines = pdf_text(final.file.read(), tmp_path).split("\n")
    single_lines = pdf_text(single.pdf, tmp_path).split("\n")
    assert [line for line in merged_lines if not line.startswith("phoihop · lập lúc")] == [
        line for line in single_lines if not line.startswith("phoihop · lập lúc")
    ]
