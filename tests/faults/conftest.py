"""The fault tests' own servers: one PostgreSQL cluster for the module, migrated, with the demo
data and the demo accounts (admin, manager, staff, viewer; password "demo").

They start real processes (initdb/pg_ctl, redis-server, gunicorn, Celery) and take a minute or
two, so they run in the PostgreSQL pass of CI (when the suite's DATABASE_URL is PostgreSQL) or
when PHOIHOP_FAULTS=1; with CI set they need PostgreSQL's server binaries and redis-server and
fail without them.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.db import connection

from tests.faults.servers import PrivatePostgres, app_env, manage


def pytest_collection_modifyitems(config, items):
    if "load" not in (config.getoption("-m") or ""):
        skip_load = pytest.mark.skip(reason="the load test: run with `make loadtest`")
        for item in items:
            if "load" in item.keywords:
                item.add_marker(skip_load)
    wanted = os.environ.get("PHOIHOP_FAULTS") == "1" or connection.vendor == "postgresql"
    if wanted:
        return
    skip = pytest.mark.skip(
        reason="fault tests run on the PostgreSQL pass (DATABASE_URL=postgres://…) or with "
        "PHOIHOP_FAULTS=1"
    )
    for item in items:
        if "faults" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="module")
def site():
    """A private PostgreSQL with the app migrated and the demo loaded; yields a dict with the
    cluster (``pg``), the work folder, the media folder and the app's environment."""
    folder = Path(tempfile.mkdtemp(prefix="phoihop-faults-"))
    os.chmod(folder, 0o755)
    media = folder / "media"
    media.mkdir()
    (folder / "pg").mkdir()
    pg = PrivatePostgres(folder / "pg").init()
    pg.start()
    env = app_env(DATABASE_URL=pg.url(), MEDIA_ROOT=str(media), STATIC_ROOT=str(folder / "static"))
    try:
        manage("ensure_database", env=env)
        manage("migrate", "--noinput", "-v", "0", env=env)
        manage("collectstatic", "--noinput", "-v", "0", env=env)
        manage("load_demo", env=env)
        # The demo accounts exist only in development: made with DEBUG on, used with it off.
        manage("create_demo_accounts", env={**env, "DEBUG": "true"})
        yield {"pg": pg, "folder": folder, "media": media, "env": env}
    finally:
        if (pg.data / "postmaster.pid").exists():
            pg.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
