"""A worker warms up for the reports in parts (docs/reports.md, "Reports past one machine"): each
pool process, as it starts, makes what every part needs (templates, fonts, stylesheets, a first
layout), and the worker, once ready, has the page-number pages laid out and kept, so that not even
a deployment's first report in parts lays them out. The fetcher never loads the system's
certificates for a document."""

import http.client
import os
import re
from pathlib import Path

import pytest

from reports import services
from reports.rendering import parts
from reports.rendering.fetcher import StaticOnlyURLFetcher
from reports.rendering.pdf import static_dir
from tests.reports.conftest import needs_redis
from tests.reports.test_worker import needs_postgres

WARMED = re.compile(r"(ForkPoolWorker-\d+)\] Report worker process warmed up")


def test_warm_up_makes_what_every_part_needs(monkeypatch):
    parts._fonts.cache_clear()
    parts._user_sheet.cache_clear()
    laid_out = []
    original = parts.render_part
    monkeypatch.setattr(
        parts, "render_part", lambda html, **kw: laid_out.append(kw) or original(html, **kw)
    )
    parts.warm_up()
    assert parts._fonts.cache_info().currsize == 1
    # The parts' sheet (no page numbers) and the page-number pages' sheet, parsed once.
    assert parts._user_sheet.cache_info().currsize == 2
    assert laid_out == [{"pdf_identifier": b"0" * 32, "archival": True}]
    hits = parts._fonts.cache_info().hits
    _pdf, pages = parts.render_part(
        parts._NUMBER_PAGES % "<p>x</p>", pdf_identifier=b"1" * 32, archival=False
    )
    assert pages == 1 and parts._fonts.cache_info().hits > hits  # the warmed fonts serve it


def test_the_fetcher_loads_no_certificates_for_a_document(monkeypatch):
    """WeasyPrint's fetcher would make an SSL context with the system's certificates for each
    document (~0.03 s a part); ours shares one that trusts nothing (it fetches no HTTPS)."""
    made = []
    monkeypatch.setattr(http.client, "_create_https_context", lambda *a: made.append(a))
    first, second = StaticOnlyURLFetcher(static_dir()), StaticOnlyURLFetcher(static_dir())
    assert made == []
    contexts = [
        handler._context
        for fetcher in (first, second)
        for handler in fetcher.handlers
        if hasattr(handler, "_context")
    ]
    assert len(contexts) == 2 and contexts[0] is contexts[1]
    with pytest.raises(Exception, match="Refused"):
        first.fetch("https://example.org/a.css")


@pytest.mark.django_db
def test_page_numbers_kept_once_for_the_reports_to_come(settings):
    services._discard_parts(services.NUMBERS_FOLDER)  # what earlier tests kept
    settings.REPORT_PAGE_NUMBERS_KEPT = 30
    assert services._kept_numbers(30) is None
    assert services.report_page_numbers_keep() is True
    assert services._kept_numbers(30) == services._numbers_name(40)  # a block of 20s
    assert services.report_page_numbers_keep() is False  # kept already: nothing laid out
    assert services.report_page_numbers_keep(41) is True  # a longer report's own block
    _, kept = services._storage().listdir(services.NUMBERS_FOLDER)
    assert sorted(kept) == [f"{services.numbers_key()}-{n:06d}.pdf" for n in (40, 60)]
    settings.REPORT_PAGE_NUMBERS_KEPT = 0
    services._discard_parts(services.NUMBERS_FOLDER)
    assert services.report_page_numbers_keep() is False and services._kept_numbers(1) is None


@pytest.mark.worker
@needs_redis
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_warms_each_process_and_keeps_the_page_numbers(settings, tmp_path):
    """A worker with two pool processes: each logs its warm-up (``worker_process_init``) before
    any task, and the page-number pages are kept in the shared storage without any report."""
    from tests.reports.test_worker import start_worker_process, stop, wait_for

    services._discard_parts(services.NUMBERS_FOLDER)
    log = tmp_path / "worker.log"
    os.environ["PHOIHOP_WORKER_LOG"] = str(log)
    try:
        worker = start_worker_process(
            concurrency=2,
            REPORT_PAGE_NUMBERS_KEPT="30",
            PHOIHOP_TEST_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        )
    finally:
        del os.environ["PHOIHOP_WORKER_LOG"]
    kept = Path(settings.MEDIA_ROOT) / services._numbers_name(40)
    try:
        wait_for(kept.exists, 120, "the page-number pages kept at worker start")
        warmed = wait_for(
            lambda: len(set(WARMED.findall(text := log.read_text()))) == 2 and text,
            60,
            "both pool processes warmed up",
        )
    finally:
        stop(worker)
    assert "not warmed up" not in warmed
    assert "Page numbers kept for 40 pages" in warmed
    # The process that laid them out (a task) had warmed up before it took the task.
    keeper = re.search(r"(ForkPoolWorker-\d+)\] Page numbers kept", warmed)
    assert warmed.index(f"{keeper[1]}] Report worker process warmed up") < keeper.start()
