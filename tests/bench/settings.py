"""Settings of the benchmarks' servers (``make bench``): production behaviour (DEBUG off) on
the generated database, with one extra URL, the bare view (:mod:`tests.bench.urls`), and the
static files served from the source tree (no ``collectstatic``: pages are timed, not styled)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES

ROOT_URLCONF = "tests.bench.urls"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
