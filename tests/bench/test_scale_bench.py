"""Pages at national scale (issue 14): server time of every list, detail, search and home page
on generated databases at two scales (1/10 and full by default), side by side, with ratios
against Django admin's changelist of the same model and page size, the bare view, and an
unindexed ``unaccent(...) LIKE`` scan; then throughput and p95 of a mixed load (locust, 20
users, gunicorn with 4 workers) against the bare view.

Run with ``make bench`` (needs PostgreSQL at ``PHOIHOP_BENCH_POSTGRES``, default
``postgres://postgres@127.0.0.1:5432``). The generated databases are kept between runs
(``<prefix>_s01``, ``<prefix>_s1``…; a marker in var/bench/ says the generation finished), so a
re-run only migrates and measures. Knobs (environment):

- ``PHOIHOP_BENCH_SCALES`` (``0.1,1``), ``PHOIHOP_BENCH_SEED`` (1),
  ``PHOIHOP_BENCH_DB_PREFIX`` (``phoihop_bench``)
- ``PHOIHOP_BENCH_ROUNDS`` (25): requests per page whose median is reported (0: none, for a
  load test alone)
- ``PHOIHOP_BENCH_LOAD_SECONDS`` (60; 0 skips the load test), ``PHOIHOP_BENCH_USERS`` (20:
  the locust users; the mixed load runs twice, as 20 sessions of one account, which share the
  per-account page cache, and as one session of each of 20 accounts, which share nothing),
  ``PHOIHOP_BENCH_WORKERS`` (4)
- ``PHOIHOP_BENCH_REDIS_URL`` (unset): the Redis of the servers (broker and cache);
  ``PHOIHOP_BENCH_CACHE_URL`` (default: the same, else ``redis://127.0.0.1:6379/8``) their
  cache. The load test runs with the production default of the per-user page cache
  (``PAGE_CACHE_SECONDS``: on with a shared cache; ``PAGE_CACHE_SECONDS=0`` in the
  environment turns it off); the page table always times uncached rendering
  (``measure_pages`` turns the cache off).

The table is printed and written to var/bench/pages.md (copied into docs/benchmarks.md).
"""

import csv
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.bench]

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
PY = sys.executable
POSTGRES = os.environ.get("PHOIHOP_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
PREFIX = os.environ.get("PHOIHOP_BENCH_DB_PREFIX", "phoihop_bench")
SCALES = [float(s) for s in os.environ.get("PHOIHOP_BENCH_SCALES", "0.1,1").split(",")]
SEED = int(os.environ.get("PHOIHOP_BENCH_SEED", "1"))
ROUNDS = int(os.environ.get("PHOIHOP_BENCH_ROUNDS", "25"))
LOAD_SECONDS = int(os.environ.get("PHOIHOP_BENCH_LOAD_SECONDS", "60"))
LOAD_USERS = int(os.environ.get("PHOIHOP_BENCH_USERS", "20"))
WORKERS = int(os.environ.get("PHOIHOP_BENCH_WORKERS", "4"))


def database_name(scale: float) -> str:
    tag = f"{scale:g}".replace(".", "")
    return f"{PREFIX}_s{tag}" + (f"_seed{SEED}" if SEED != 1 else "")


def environment(scale: float) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{POSTGRES}/{database_name(scale)}",
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
        "HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": os.environ.get("PHOIHOP_BENCH_REDIS_URL", ""),
        "CACHE_URL": os.environ.get("PHOIHOP_BENCH_CACHE_URL")
        or os.environ.get("PHOIHOP_BENCH_REDIS_URL")
        or "redis://127.0.0.1:6379/8",
    }


def page_cache() -> str:
    """How the load test's servers cache pages (the production default unless the environment
    says otherwise: on with a shared cache)."""
    env = environment(SCALES[-1])
    seconds = env.get("PAGE_CACHE_SECONDS") or ("60" if env["CACHE_URL"] else "0")
    return f"page cache {seconds} s" if int(seconds) else "no page cache"


def manage(scale: float, *args: str) -> str:
    done = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=environment(scale),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def prepare(scale: float) -> None:
    """Create, migrate and fill the database of ``scale`` unless a finished one is there."""
    marker = OUT / f"{database_name(scale)}.generated"
    manage(scale, "ensure_database")
    manage(scale, "migrate", "--noinput", "-v", "0")
    if not marker.exists():
        started = time.monotonic()
        print(f"generating {database_name(scale)} (scale {scale:g}, seed {SEED})…", flush=True)
        manage(scale, "flush", "--noinput")
        output = manage(scale, "generate_data", "--scale", str(scale), "--seed", str(SEED))
        marker.write_text(output)
        print(f"  {time.monotonic() - started:.0f} s", flush=True)
    manage(
        scale,
        "shell",
        "-c",
        # VACUUM as well: a database generated before it was part of generate_data has no
        # page marked all-visible, and no index-only scan (counts read the table instead).
        "from django.db import connection; connection.cursor().execute('VACUUM (ANALYZE)')",
    )


def measure(scale: float) -> dict:
    done = subprocess.run(
        [PY, "-m", "tests.bench.measure_pages", str(ROUNDS)],
        cwd=ROOT,
        env=environment(scale),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load(scale: float, pages: list, sessions: list, target: str, label: str = "") -> dict:
    """Requests/s, p50 and p95 of ``LOAD_USERS`` locust users for ``LOAD_SECONDS`` on
    gunicorn with ``WORKERS`` workers: the mixed pages, or the bare view."""
    port = free_port()
    env = environment(scale)
    server = subprocess.Popen(
        [
            str(Path(PY).with_name("gunicorn")),
            "config.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        prefix = OUT / f"locust-{database_name(scale)}-{label or target}"
        subprocess.run(
            [
                str(Path(PY).with_name("locust")),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "--only-summary",
                "-u",
                str(LOAD_USERS),
                "-r",
                str(LOAD_USERS),
                "-t",
                f"{LOAD_SECONDS}s",
                "-H",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **env,
                "PHOIHOP_BENCH_PAGES": json.dumps(pages),
                "PHOIHOP_BENCH_TARGET": target,
                "PHOIHOP_BENCH_SESSIONS": json.dumps(sessions),
            },
            capture_output=True,
            check=False,
        )
        with open(f"{prefix}_stats.csv", newline="") as stats:
            rows = {row["Name"]: row for row in csv.DictReader(stats)}
        total = rows["Aggregated"]
        assert int(total["Request Count"]), f"no request answered: see {prefix}_*.csv"
        return {
            "rps": float(total["Requests/s"]),
            "p50": float(total["50%"]),
            "p95": float(total["95%"]),
            "requests": int(total["Request Count"]),
            "failures": int(total["Failure Count"]),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def table(results: dict[float, dict]) -> str:
    small, large = min(results), max(results)
    # The rows come in the same order at every scale (the detail pages' names differ: the
    # program with the most tasks is not the same one).
    names = (row["page"] for row in results[large]["rows"])
    rows_small = dict(zip(names, results[small]["rows"], strict=True))
    rows_large = {row["page"]: row for row in results[large]["rows"]}
    lines = [
        f"Median server time (ms) of {results[large]['rounds']} requests through Django's test "
        f"client, signed in as a superuser; scale {small:g} and {large:g}.",
        "",
        f"| page | {small:g} | {large:g} | growth | compared with | ratio at {large:g} "
        f"| HTML at {large:g} | queries |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]

    def times(numerator: float, denominator: float) -> str:
        return f"{numerator / denominator:.2f}x" if denominator else ""

    for name, row in rows_large.items():
        before = rows_small.get(name, row)
        reference = row["reference"]
        ratio = times(row["ms"], rows_large[reference]["ms"]) if reference else ""
        lines.append(
            f"| {name} | {before['ms']:.0f} | {row['ms']:.0f} | {times(row['ms'], before['ms'])} "
            f"| {reference or ''} | {ratio} | {row['bytes'] / 1024:.0f} KB | {row['queries']} |"
        )
    for scale, result in sorted(results.items()):
        if "load" not in result:
            continue
        mixed, bare = result["load"]["mixed"], result["load"]["bare"]
        accounts = result["load"].get("accounts")
        lines += [
            "",
            f"Load at scale {scale:g}: {LOAD_USERS} locust users, {LOAD_SECONDS} s, gunicorn "
            f"with {WORKERS} workers, {page_cache()}.",
            "",
            "| load | requests/s | p50 | p95 | requests | failures | share of the bare view |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        runs = [("mixed pages, one account", mixed)]
        if accounts:
            runs.append((f"mixed pages, {LOAD_USERS} accounts", accounts))
        for name, row in (*runs, ("bare view", bare)):
            lines.append(
                f"| {name} | {row['rps']:.1f} | {row['p50']:.0f} ms | {row['p95']:.0f} ms "
                f"| {row['requests']} | {row['failures']} | {row['rps'] / bare['rps']:.0%} |"
            )
    return "\n".join(lines)


def postgres_reachable() -> bool:
    import psycopg

    try:
        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def test_pages_at_scale():
    if not postgres_reachable():
        pytest.skip(f"no PostgreSQL at {POSTGRES} (PHOIHOP_BENCH_POSTGRES)")
    OUT.mkdir(parents=True, exist_ok=True)
    results = {}
    for scale in SCALES:
        prepare(scale)
        results[scale] = measure(scale)
    largest = max(SCALES)
    if LOAD_SECONDS:
        pages, sessions = results[largest]["pages"], results[largest]["sessions"]
        results[largest]["load"] = {
            "mixed": load(largest, pages, sessions, "mixed"),
            "accounts": load(largest, pages, results[largest]["accounts"], "mixed", "accounts"),
            "bare": load(largest, pages, sessions, "bare"),
        }
    report = table(results)
    (OUT / "pages.md").write_text(report + "\n")
    (OUT / "pages.json").write_text(json.dumps({str(k): v for k, v in results.items()}))
    print("\n" + report)
