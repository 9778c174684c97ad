"""With CI set, a test whose part of the machine is missing fails instead of skipping, except
where the run leaves the part out on purpose (tests/needs.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.needs import verdict

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("ci", "missing", "deliberate", "expected"),
    [
        ("", "Chromium is missing", False, "skip"),
        ("true", "Chromium is missing", False, "fail"),
        ("1", "Chromium is missing", False, "fail"),
        ("false", "Chromium is missing", False, "skip"),
        ("0", "Chromium is missing", False, "skip"),
        ("true", "REDIS_URL is not set", True, "skip"),  # the SQLite pass, on purpose
        ("true", None, False, None),
    ],
)
def test_verdict(monkeypatch, ci, missing, deliberate, expected):
    monkeypatch.setenv("CI", ci)
    outcome = verdict(missing, deliberate=deliberate)
    assert (outcome[0] if outcome else None) == expected


def run_browser_journeys(**env) -> subprocess.CompletedProcess:
    """pytest on one browser journey file in a child process, on SQLite, with ``env``."""
    child = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "PHOIHOP_E2E", "CI", "PYTEST_XDIST_WORKER"}
    }
    child.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/e2e/test_harness.py",
            "-x",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        env=child,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_browser_journeys_fail_in_ci_without_chromium(tmp_path):
    missing = str(tmp_path / "no-chromium")
    result = run_browser_journeys(CI="true", PHOIHOP_CHROMIUM=missing)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "CI is set and a part this test needs is missing" in result.stdout
    assert missing in result.stdout


def test_browser_journeys_skip_without_chromium_outside_ci(tmp_path):
    result = run_browser_journeys(PHOIHOP_CHROMIUM=str(tmp_path / "no-chromium"))
    assert result.returncode == 0, result.stdout[-2000:]
    assert "skipped" in result.stdout and "failed" not in result.stdout


def test_phoihop_e2e_skip_still_skips_in_ci():
    """.ci/run's SQLite pass."""
    result = run_browser_journeys(CI="true", PHOIHOP_E2E="skip")
    assert result.returncode == 0, result.stdout[-2000:]
    assert "PHOIHOP_E2E=skip" in result.stdout
