"""Server time of the busiest agency's page and the agency list (median of 9 after a warm-up),
query count and HTML size, through Django's test client. Run against a generated database
(it creates a "bench-viewer" account there):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_scale_s1 \
        .venv/bin/python scripts/bench_agency_pages.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from agencies.models import Agency  # noqa: E402
from core.roles import ROLE_NAMES, VIEWER, sync_role_groups  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
user, _ = get_user_model().objects.get_or_create(username="bench-viewer")
if Group.objects.filter(name__in=ROLE_NAMES).count() < len(ROLE_NAMES):
    sync_role_groups()
user.groups.add(Group.objects.get(name=VIEWER))
client = Client()
client.force_login(user)
busiest = Agency.objects.annotate(n=Count("led_tasks")).order_by("-n", "pk").first()
pages = {
    f"agency detail ({busiest.n} led tasks)": reverse("agencies:agency_detail", args=[busiest.pk]),
    "agency list": reverse("agencies:agency_list"),
}
for label, url in pages.items():
    client.get(url)  # warm-up
    times = []
    for _ in range(9):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
    assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    print(
        f"{label}: median {statistics.median(times) * 1000:.0f} ms, "
        f"{len(queries)} queries, {len(response.content) / 1024:.0f} KiB HTML, "
        f"{response.content.count(b'<option')} <option>"
    )
