"""Real servers of the test's own, for the fault and load tests: a PostgreSQL cluster made with
``initdb`` and run with ``pg_ctl`` in a temporary folder, a ``redis-server``, gunicorn serving the
app and a Celery worker — each on a free 127.0.0.1 port, never the machine's shared servers.

Run as root (as in CI containers), PostgreSQL's tools refuse to start; they then run as the
``postgres`` system user, which owns the temporary cluster folder.
"""

import contextlib
import glob
import http.cookiejar
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            value = predicate()
            if value:
                return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


class PrivatePostgres:
    """A PostgreSQL cluster in ``folder`` on a free port, trust authentication, UTF-8."""

    def __init__(self, folder: Path):
        self.bin = postgres_bin()
        assert self.bin, "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin"
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.log = folder / "postgres.log"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(folder, user.pw_uid, user.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self.as_user, *args], capture_output=True, text=True, check=check, cwd=self.folder
        )

    def init(self) -> "PrivatePostgres":
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
            "-w", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self, mode: str = "fast") -> None:
        self.stop(mode)
        self.start()

    def url(self, database: str = "phoihop") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def tool(self, name: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run a client tool (psql, pg_dump, pg_restore, createdb) against this cluster."""
        return subprocess.run(
            [
                str(self.bin / name),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                *args,
            ],
            capture_output=True,
            text=True,
            check=check,
        )

    def sql(self, database: str, query: str) -> str:
        return self.tool("psql", "-d", database, "-At", "-c", query).stdout.strip()


class PrivateRedis:
    """A redis-server on a free port, no persistence; stop and start it again on the same port."""

    def __init__(self, folder: Path):
        self.binary = shutil.which("redis-server")
        assert self.binary, "redis-server not found (Debian package redis-server)"
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(lambda: socket.create_connection(("127.0.0.1", self.port), 1), 10, "Redis")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


def app_env(**env: str) -> dict[str, str]:
    """The environment of the app's processes: production settings (DEBUG off, the manifest
    static storage) over plain HTTP on 127.0.0.1, and ``env`` (DATABASE_URL, REDIS_URL,
    MEDIA_ROOT, STATIC_ROOT…); never the suite's own database or broker."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_", "REDIS_", "SECRET_KEY", "DEBUG"))
    }
    base.update(
        DEBUG="false",
        SECRET_KEY="fault-tests-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        HTTPS="false",
        BEHIND_PROXY="false",
        DJANGO_SETTINGS_MODULE="config.settings.base",
        PYTHONPATH=str(ROOT),
        **env,
    )
    return base


def manage(*args: str, env: dict[str, str], timeout: float = 600) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


class Process:
    """A long-running child (gunicorn, a Celery worker) in its own process group."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path):
        self.log = log
        with open(log, "ab") as out:
            self.process = subprocess.Popen(
                args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


def gunicorn(env: dict[str, str], folder: Path, workers: int = 2, threads: int = 1) -> tuple:
    """gunicorn serving the app on a free 127.0.0.1 port; returns (process, base URL)."""
    port = free_port()
    process = Process(
        [
            sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--threads", str(threads), "--timeout", "60",
        ],
        env,
        folder / "gunicorn.log",
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: urllib.request.urlopen(base + "/healthz", timeout=2).status == 200, 60,
               "gunicorn")  # fmt: skip
    return process, base


def celery_worker(env: dict[str, str], folder: Path, beat: bool = False) -> Process:
    args = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork",
        "--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle",
    ]  # fmt: skip
    if beat:
        args += ["--beat", f"--schedule={folder / 'beat-schedule'}"]
    return Process(args, env, folder / "worker.log")


class Browser:
    """A signed-in HTTP client (cookies, the CSRF token) over urllib: a user of the live app."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, path: str, data: dict | None = None, timeout: float = 30):
        """(status, body, headers); a redirect is returned, not followed."""
        body = None
        headers = {"Referer": self.base + path}
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}, True)
            body = body.encode()
            headers["X-CSRFToken"] = self.csrf()
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode(errors="replace"), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), error.headers

    def sign_in(self, username: str, password: str = "demo") -> None:
        self.request("/accounts/login/")
        status, body, _ = self.request(
            "/accounts/login/", {"username": username, "password": password}
        )
        assert status == 302, (status, body[:500])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
