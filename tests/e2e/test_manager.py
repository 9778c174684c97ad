"""Manager journey: open 90-CTr, export its final review report, watch the job page's progress
bar complete by itself (no reload), download the PDF and read it back with pdftotext."""

import os
import shutil
import subprocess
import threading
import time
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from playwright.sync_api import expect

from reports.models import JobStatus, ReportJob, ReportKind
from tests.e2e.helpers import at
from tests.needs import needs

WORKER_READY_SECONDS = 60
#: How long the report may take to render on a loaded 2-core machine (ms).
RENDER_TIMEOUT_MS = 120_000
ROOT = Path(__file__).resolve().parents[2]

# Records the job card's states as htmx swaps it in; lives only as long as the document does,
# so finding it filled at the end proves the page never reloaded.
WATCH_JOB_CARD = """() => {
  window.__phSeen = [];
  const note = () => {
    const card = document.querySelector('#job-status');
    const bar = card && card.querySelector('[role=progressbar]');
    if (!card || !bar) return;
    window.__phSeen.push(card.dataset.status + ':' + bar.getAttribute('aria-valuenow'));
  };
  note();
  new MutationObserver(note).observe(document.body, {subtree: true, childList: true});
}"""


def _database_url() -> str:
    """The URL of the live server's (test) database, for a worker process."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{db['NAME']}"


@pytest.fixture
def report_runner(live_server, monkeypatch):
    """Something that runs report jobs for the live server, and how (for the report).

    Without REDIS_URL the jobs run in-process already. With it, a real Celery worker is started
    against the live server's test database and media folder (PostgreSQL only: SQLite's test
    database lives in memory, so there the jobs are switched to run in-process for this test).
    The worker listens on a queue of its own, so it never takes another run's messages (a
    parallel run, or stale ones in a shared Redis) and no other worker takes this one's.
    """
    from config.celery import app

    if app.conf.task_always_eager:
        yield "in-process (no REDIS_URL)"
        return
    if connection.vendor != "postgresql":
        app.conf.task_always_eager = True
        try:
            yield "in-process (SQLite test database is in memory)"
        finally:
            app.conf.task_always_eager = False
        return

    queue = f"phoihop-e2e-{os.getpid()}"
    from reports.tasks import render_report_job

    task = app.tasks[render_report_job.name]
    monkeypatch.setattr(task, "queue", queue, raising=False)
    monkeypatch.setattr(task, "_exec_options", None)  # Celery caches the options with the queue
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DEBUG": "true",
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_ALLOW_ASYNC_UNSAFE": "",
    }
    celery = ROOT / ".venv" / "bin" / "celery"
    worker = subprocess.Popen(
        [
            str(celery if celery.exists() else shutil.which("celery")),
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            queue,
            "-n",
            f"e2e-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in worker.stdout:
            log.append(line)
            if " ready." in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(WORKER_READY_SECONDS):
            pytest.fail("The Celery worker did not start:\n" + "".join(log[-40:]))
        yield f"Celery worker (subprocess, --pool=solo) on {settings.REDIS_URL}, queue {queue}"
    finally:
        worker.terminate()
        try:
            worker.wait(15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(5)
        _forget_queue(queue)


def _forget_queue(queue: str) -> None:
    """Remove the run's own queue from Redis (kombu keeps its bindings after the worker ends)."""
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    client.close()


def pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return " ".join(unicodedata.normalize("NFC", result.stdout).split())


@needs("poppler", None if shutil.which("pdftotext") else "pdftotext (poppler-utils) is missing")
def test_manager_exports_the_final_review_report_of_90_ctr(
    page, demo, sign_in, shoot, report_runner, tmp_path
):
    print(f"report jobs run by: {report_runner}")
    sign_in("manager")
    program = demo.program_90
    page.goto(program.get_absolute_url())
    export = page.get_by_test_id("export-report")
    export.get_by_role("button").first.click()
    shoot("export menu")
    export.locator(f"button[data-kind='{ReportKind.PROGRAM_FINAL_REVIEW}']").click()

    expect(page.locator("#job-status")).to_be_visible()
    job = ReportJob.objects.get(program=program, kind=ReportKind.PROGRAM_FINAL_REVIEW)
    expect(page).to_have_url(at(job.get_absolute_url()))
    page.evaluate(WATCH_JOB_CARD)
    shoot("job page")

    started = time.monotonic()
    status = page.locator("#job-status")
    expect(status).to_have_attribute("data-status", JobStatus.DONE, timeout=RENDER_TIMEOUT_MS)
    seen = page.evaluate("window.__phSeen")
    assert seen is not None, "the job page reloaded instead of updating itself"
    assert seen[-1] == "done:100", seen
    expect(status.locator("[role=progressbar]")).to_have_attribute("aria-valuenow", "100")
    print(f"job card states seen: {seen} in {time.monotonic() - started:.1f}s")
    shoot("job done")

    with page.expect_download() as download_info:
        status.get_by_test_id("download").click()
    download = download_info.value
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)
    assert pdf.suffix == ".pdf"
    assert pdf.read_bytes().startswith(b"%PDF")

    text = pdf_text(pdf)
    assert program.identifier in text
    for signatory in program.signatories.select_related("agency"):
        names = {signatory.agency.name, signatory.agency.name_on(program.signed_on)}
        assert any(name in text for name in names), f"{names} not in the PDF"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing")
def test_manager_composes_exports_and_downloads_a_review_report(
    page, demo, sign_in, shoot, report_runner, tmp_path
):
    """From 02-CTr's page: start an interim review, check the proposals, write a lesson and a
    results part, save, export the report as it stands and read the downloaded PDF."""
    from programs.models import Program
    from reports.models import ReviewReport

    print(f"report jobs run by: {report_runner}")
    sign_in("manager")
    program = Program.objects.get(identifier="02-CTr/BDVTW-BCSĐBNG")
    page.goto(program.get_absolute_url())
    menu = page.get_by_test_id("export-report")
    menu.get_by_role("button").first.click()
    shoot("review report menu")
    menu.locator(f"button[data-start-kind='{ReportKind.PROGRAM_INTERIM_REVIEW}']").click()

    form = page.get_by_test_id("reviewreport-form")
    expect(form).to_be_visible()
    report = ReviewReport.objects.get(program=program, kind=ReportKind.PROGRAM_INTERIM_REVIEW)
    expect(page.locator("#id_place")).to_have_value("Hà Nội")
    expect(page.locator("#id_form")).to_have_value("party")
    page.locator("#id_lessons").fill("Phối hợp thường xuyên, trao đổi thông tin định kỳ.")
    page.locator("[data-formset='parts'] [data-formset-add]").click()
    page.locator("[name='parts-0-heading']").fill("Công tác thông tin, tuyên truyền")
    page.locator("[name='parts-0-text']").fill("Đã trao đổi thông tin định kỳ giữa hai cơ quan.")
    shoot("composing")
    page.get_by_test_id("save-report").click()

    expect(page).to_have_url(at(report.get_absolute_url()))
    expect(page.get_by_test_id("report-document")).to_contain_text("Hà Nội")
    shoot("report page")
    page.get_by_test_id("export-review").click()
    status = page.locator("#job-status")
    expect(status).to_have_attribute("data-status", JobStatus.DONE, timeout=RENDER_TIMEOUT_MS)
    shoot("export done")
    with page.expect_download() as download_info:
        status.get_by_test_id("download").click()
    download = download_info.value
    assert download.suggested_filename.startswith("bao-cao-so-ket-02-CTr-BDVTW-BCSDBNG-")
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)
    text = pdf_text(pdf)
    assert "DỰ THẢO" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Sơ kết 5 năm thực hiện Chương trình phối hợp số 02-CTr/BDVTW-BCSĐBNG" in text
    assert "Công tác thông tin, tuyên truyền" in text
    assert "Phối hợp thường xuyên, trao đổi thông tin định kỳ." in text
