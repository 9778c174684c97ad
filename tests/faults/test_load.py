"""Load: 50 signed-in users for 60 s on gunicorn + PostgreSQL (the test's own, 127.0.0.1),
mixing reads (home, lists, details, search) and writes (progress updates on tasks). Every
answer must be 200 or the redirect after a save, and the rows written must match the saves
answered. Run with ``make loadtest`` (pytest -m load); figures in docs/benchmarks.md.

``PHOIHOP_LOAD_USERS`` and ``PHOIHOP_LOAD_SECONDS`` change the size (defaults 50 and 60);
``PHOIHOP_LOAD_MAX_REQUESTS`` bounds the total (default 100,000).
"""

import os
import random
import statistics
import threading
import time

import pytest

from tests.faults.servers import Browser, gunicorn, manage

pytestmark = [pytest.mark.faults, pytest.mark.load]

USERS = int(os.environ.get("PHOIHOP_LOAD_USERS", "50"))
SECONDS = float(os.environ.get("PHOIHOP_LOAD_SECONDS", "60"))
MAX_REQUESTS = int(os.environ.get("PHOIHOP_LOAD_MAX_REQUESTS", "100000"))

MAKE_USERS = """
from django.contrib.auth.models import Group, User
staff = Group.objects.get(name="staff")
for n in range({count}):
    user, _ = User.objects.get_or_create(username=f"load{{n}}")
    user.set_password("load-test-pw")
    user.save()
    user.groups.add(staff)
"""


def test_fifty_users_for_a_minute_without_an_error(site):
    pg = site["pg"]
    manage("shell", "-c", MAKE_USERS.format(count=USERS), env=site["env"])
    server, base = gunicorn(site["env"], site["folder"], workers=3, threads=8)
    programs = pg.sql("phoihop", "SELECT id FROM programs_program ORDER BY id").split()
    tasks = pg.sql("phoihop", "SELECT id FROM programs_task ORDER BY id").split()
    reads = ["/", "/programs/", "/programs/meetings/", "/directives/", "/agencies/"]
    reads += [f"/programs/{pk}/" for pk in programs[:5]]
    reads += ["/search/?q=CTr+90", "/search/?q=ki%E1%BB%81u+b%C3%A0o", "/programs/?year=2022"]
    updates_before = int(pg.sql("phoihop", "SELECT count(*) FROM programs_taskupdate"))
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    saves = {"answered": 0}
    sent = {"n": 0}
    deadline = 0.0

    browsers = []
    for n in range(USERS):
        browser = Browser(base)
        browser.sign_in(f"load{n}", "load-test-pw")
        browsers.append(browser)

    def user(browser: Browser, seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            with lock:
                if sent["n"] >= MAX_REQUESTS:
                    return
                sent["n"] += 1
            write = rng.random() < 0.2
            started = time.monotonic()
            try:
                if write:
                    task = rng.choice(tasks)
                    status, body, _ = browser.request(
                        f"/programs/tasks/{task}/updates/new/",
                        {
                            "reported_on": "15/06/2024",
                            "progress": str(rng.randint(0, 99)),
                            "note": f"Báo cáo tải thử {seed}",
                        },
                    )
                    ok = status == 302
                else:
                    status, body, _ = browser.request(rng.choice(reads))
                    ok = status == 200
            except OSError as error:
                status, ok, body = 0, False, str(error)
            elapsed = time.monotonic() - started
            with lock:
                latencies.append(elapsed)
                if ok and write:
                    saves["answered"] += 1
                if not ok:
                    errors.append(f"{status} {'write' if write else 'read'}: {body[:200]}")

    started = time.monotonic()
    deadline = started + SECONDS
    threads = [threading.Thread(target=user, args=(b, n)) for n, b in enumerate(browsers)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(SECONDS + 120)
    finally:
        server.stop()
    took = time.monotonic() - started
    updates_after = int(pg.sql("phoihop", "SELECT count(*) FROM programs_taskupdate"))
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95)]
    print(
        f"\nload: {USERS} users, {took:.0f} s, {len(latencies)} requests "
        f"({len(latencies) / took:.1f}/s), {saves['answered']} saves, {len(errors)} errors; "
        f"latency median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
    )
    assert errors == [], errors[:10]
    assert updates_after - updates_before == saves["answered"]
