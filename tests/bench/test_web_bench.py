"""Response times of the pages staff use most, as the data grows: the global search (free
text and identifiers), the directive list with a text filter, the program list and a program's
page with many tasks.

Run with ``make bench`` on the database to measure (``DATABASE_URL=postgres://… make bench``
uses the trigram indexes); the table it prints goes into docs/benchmarks.md. Each figure is the
median of 5 requests through Django's test client (no network), after one warm-up request.
"""

import datetime
import statistics
import time

import pytest
from django.db import connection
from django.urls import reverse

from agencies.models import Agency
from directives.models import Directive
from programs.models import Program, Task
from tests.conftest import make_user

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

SIZES = (1_000, 20_000)
WORDS = [
    "công tác",
    "dân vận",
    "người Việt Nam ở nước ngoài",
    "đối ngoại nhân dân",
    "kiều bào",
    "tăng cường",
    "đổi mới",
    "vận động",
    "hội đoàn",
    "thanh niên",
]


def _directives(start: int, stop: int) -> list[Directive]:
    rows = []
    for n in range(start, stop):
        directive = Directive(
            identifier=f"{n + 100}-{('NQ', 'KL', 'CT', 'KH')[n % 4]}/TW",
            issued_on=datetime.date(2000, 1, 1) + datetime.timedelta(days=n % 9000),
            title=f"Về {WORDS[n % 10]} và {WORDS[(n * 7) % 10]} số {n}",
        )
        directive.normalize()
        rows.append(directive)
    return rows


def _programs(start: int, stop: int) -> list[Program]:
    rows = []
    for n in range(start, stop):
        program = Program(
            identifier=f"{n + 100}-CTr/BDVTW-BNG",
            signed_on=datetime.date(2010, 1, 1) + datetime.timedelta(days=n % 5000),
            title=f"Chương trình phối hợp về {WORDS[n % 10]} số {n}",
            period_start=2010 + n % 15,
            period_end=2015 + n % 15,
        )
        program.normalize()
        rows.append(program)
    return rows


def _median_ms(client, url: str, params: dict | None = None) -> float:
    assert client.get(url, params).status_code == 200
    times = []
    for _ in range(5):
        started = time.perf_counter()
        client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def test_page_response_times(client):
    client.force_login(make_user("bench", "viewer"))
    agency = Agency.objects.create(name="Ban Dân vận Trung ương", short_name="BDVTW")
    big = Program.objects.create(
        identifier="90-CTr/BDVTW-BCSĐBNG",
        title="Chương trình 90",
        signed_on=datetime.date(2016, 12, 6),
    )
    Task.objects.bulk_create(
        Task(program=big, title=f"Nhiệm vụ {n}", lead_agency=agency, order=n) for n in range(200)
    )
    pages = {
        "search “ban dan van”": (reverse("search"), {"q": "ban dan van"}),
        "search “NQ 25”": (reverse("search"), {"q": "NQ 25"}),
        "search “25/NQ-TW”": (reverse("search"), {"q": "25/NQ-TW"}),
        "directive list, q=“kieu bao”": (reverse("directives:directive_list"), {"q": "kieu bao"}),
        "program list, page 1": (reverse("programs:program_list"), None),
        "program page, 200 tasks": (big.get_absolute_url(), None),
    }
    rows, created = [], 0
    for size in SIZES:
        Directive.objects.bulk_create(_directives(created, size), batch_size=2000)
        Program.objects.bulk_create(_programs(created // 10, size // 10), batch_size=2000)
        created = size
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        rows.append((size, {name: _median_ms(client, *page) for name, page in pages.items()}))
    print(f"\n{connection.vendor}: median of 5 requests, ms")
    print("| page | " + " | ".join(f"{s:,} directives, {s // 10:,} programs" for s in SIZES) + " |")
    print("| --- |" + " ---: |" * len(SIZES))
    for name in pages:
        print(f"| {name} | " + " | ".join(f"{timings[name]:.0f}" for _s, timings in rows) + " |")
