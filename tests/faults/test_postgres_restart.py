"""PostgreSQL restarted under load: the app (gunicorn, persistent connections with health
checks) recovers by itself, without a restart of its own."""

import threading
import time
from pathlib import Path

import pytest

from tests.faults.servers import Browser, gunicorn

pytestmark = pytest.mark.faults

USERS = ("viewer", "staff", "manager", "admin")


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def test_the_app_recovers_from_a_postgresql_restart_under_load(site):
    pg = site["pg"]
    env = {**site["env"], "DB_CONN_MAX_AGE": "60"}
    server, base = gunicorn(env, site["folder"], workers=2, threads=4)
    program = pg.sql("phoihop", "SELECT min(id) FROM programs_program")
    pages = ["/", "/programs/", f"/programs/{program}/", "/search/?q=CTr+90", "/directives/"]
    results: list[tuple[float, float, int]] = []
    stop = threading.Event()

    def user(browser: Browser) -> None:
        n = 0
        while not stop.is_set():
            started = time.monotonic()
            try:
                status, _, _ = browser.request(pages[n % len(pages)], timeout=20)
            except OSError:
                status = 0  # connection refused or reset: counted as an error
            results.append((started, time.monotonic(), status))
            n += 1

    try:
        pids_before = children(server.process.pid)
        browsers = []
        for name in USERS * 2:
            browsers.append(Browser(base))
            browsers[-1].sign_in(name)
        threads = [threading.Thread(target=user, args=(browser,)) for browser in browsers]
        for thread in threads:
            thread.start()
        time.sleep(4)
        restart_started = time.monotonic()
        pg.restart("fast")
        restart_done = time.monotonic()
        time.sleep(8)
        stop.set()
        for thread in threads:
            thread.join(30)
        pids_after = children(server.process.pid)
    finally:
        stop.set()
        server.stop()
    before = [s for _, end, s in results if end < restart_started]
    after = [s for start, _, s in results if start > restart_done]
    during = [s for start, end, s in results if end >= restart_started and start <= restart_done]
    assert before and after, (len(before), len(after))
    errors = [line for line in server.log.read_text().splitlines() if "Error" in line][:20]
    assert set(before) == {200}, errors
    assert set(after) == {200}, errors
    # A request caught by the restart gets "try again in a moment" (503), never a 500.
    assert set(during) <= {200, 503}, errors
    # Recovered by itself: the same gunicorn master and workers, none restarted.
    assert server.process.poll() is None or server.process.returncode is not None
    assert pids_before == pids_after
    print(
        f"\nPostgreSQL restart: {len(before)} requests before (all 200), {len(during)} during "
        f"({sum(s == 503 for s in during)} answered 503), {len(after)} after (all 200); restart "
        f"took {restart_done - restart_started:.1f} s"
    )
