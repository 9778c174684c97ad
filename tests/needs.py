"""Tests that need a part of the machine: Chromium, poppler, gettext, Redis, PostgreSQL.

Where a part is missing such a test is skipped, with the reason in the summary (``-ra``). With
``CI`` set (to anything but "", "0" or "false") it fails instead, so a CI machine without
Chromium or Redis cannot pass green — except where skipping is deliberate:

- ``PHOIHOP_E2E=skip`` (the browser journeys in .ci/run's SQLite pass);
- a run on SQLite (``DATABASE_URL`` unset: .ci/run's first pass) for what only PostgreSQL and
  the real worker give: PostgreSQL-only tests, and the worker tests that need Redis.

.ci/run's second pass (PostgreSQL + Redis) therefore fails when Chromium, poppler, Redis or the
worker is missing. Mark a test with :func:`needs`; ``tests/conftest.py`` applies the rule.
"""

import os
import socket
from urllib.parse import urlsplit

import pytest
from django.db import connection


def ci() -> bool:
    """Whether this run is CI (``CI`` set to anything but "", "0" or "false")."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false"}


def needs(part: str, missing: str | None, *, deliberate: bool = False) -> pytest.MarkDecorator:
    """Mark a test as needing ``part``; ``missing`` says why it is not here (None: it is).

    ``deliberate``: the part is absent on purpose in this run (see the module docstring), so
    the test is skipped even in CI.
    """
    return pytest.mark.needs(part=part, missing=missing, deliberate=deliberate)


def verdict(missing: str | None, *, deliberate: bool) -> tuple[str, str] | None:
    """What to do with a test whose part is ``missing``: None (run it), ("skip", why) or
    ("fail", why)."""
    if not missing:
        return None
    if ci() and not deliberate:
        return ("fail", f"CI is set and a part this test needs is missing: {missing}")
    return ("skip", missing)


def _outcomes(item: pytest.Item) -> list[tuple[str, str]]:
    marks = item.iter_markers("needs")
    outcomes = (verdict(m.kwargs["missing"], deliberate=m.kwargs["deliberate"]) for m in marks)
    return [outcome for outcome in outcomes if outcome is not None]


def mark_skips(item: pytest.Item) -> None:
    """After collection: a skip mark on ``item`` for each missing part it may skip without
    (reported at the test's own location)."""
    for action, why in _outcomes(item):
        if action == "skip":
            item.add_marker(pytest.mark.skip(reason=why))


def fail_if_missing(item: pytest.Item) -> None:
    """Before ``item``'s fixtures are set up: fail it when CI is set and a part it needs is
    missing."""
    for action, why in _outcomes(item):
        if action == "fail":
            pytest.fail(why, pytrace=False)


def redis_missing(url: str) -> str | None:
    """Why Redis at ``url`` cannot be used (unset, or nothing listening), or None."""
    if not url:
        return "REDIS_URL is not set: the real-worker tests need Redis"
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 2):
            return None
    except OSError as error:
        return f"Redis at {parts.hostname}:{parts.port or 6379} does not answer ({error})"


def on_sqlite() -> bool:
    """Whether this run is on SQLite (``DATABASE_URL`` unset): PostgreSQL and the worker are
    left out on purpose."""
    return connection.vendor == "sqlite"
