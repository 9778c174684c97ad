"""Settings for the test suite: the base settings with fast hashing and a private media folder.

The database and broker still come from ``DATABASE_URL`` and ``REDIS_URL``, so the same suite runs
on SQLite with in-process tasks and on PostgreSQL with Redis (``.ci/run`` does both).
"""

import os
import tempfile

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker subprocess started by a test is handed the test's folder (tests/reports/test_parts.py).
MEDIA_ROOT = os.environ.get("PHOIHOP_TEST_MEDIA_ROOT") or tempfile.mkdtemp(
    prefix="phoihop-test-media-"
)
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": None}
LANGUAGE_CODE = "vi"
# Each test builds its own rows: no panel cached by an earlier test (tests of the cache turn
# it on with override_settings and a local cache).
HOME_PANEL_CACHE_SECONDS = 0
PAGE_CACHE_SECONDS = 0
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The parts of a report do not depend on the machine running the tests (its CPU count).
REPORT_PART_WORKERS = int(os.environ.get("REPORT_PART_WORKERS", "2"))
