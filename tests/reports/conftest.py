"""Fixtures for the report tests: the seed-like data, PDF text extraction, and Redis."""

import os
import shutil
import subprocess

import pytest

from tests.conftest import set_agency
from tests.needs import needs, on_sqlite, redis_missing
from tests.reports.factories import build_seed_data

POPPLER = shutil.which("pdftotext") is not None
needs_poppler = needs("poppler", None if POPPLER else "poppler-utils (pdftotext) not installed")
REDIS_URL = os.environ.get("REDIS_URL", "")
#: The real-worker tests; on SQLite (no Redis, tasks in-process) they are left out on purpose.
needs_redis = needs("Redis", redis_missing(REDIS_URL), deliberate=on_sqlite())


@pytest.fixture
def seed(db, request) -> dict:
    """The seed rows; the test accounts (when the test has them) belong to Ban Dân vận Trung
    ương, a party of both seed programs, as the demo accounts do (scoped permissions)."""
    data = build_seed_data()
    if "users" in request.fixturenames:
        for user in request.getfixturevalue("users").values():
            set_agency(user, data["bdv"])
    return data


def pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's text as pdftotext extracts it (layout off, so lines read in order)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def pdf_tool(tool: str, pdf: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / "tool.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [tool, *args, str(path)], capture_output=True, check=True, text=True
    ).stdout


@pytest.fixture
def eager_celery():
    """Run tasks in-process for this test even when REDIS_URL points at a real broker."""
    from config.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved
