"""Lists count their rows up to ``LIST_COUNT_LIMIT`` and no further (core.paginators): past the
cap the count is one ``LIMIT`` query, the H1 says "12+", the pages cover the first rows and a
line says how to reach the others; at or under the cap the count is exact."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from agencies.models import Official
from core.paginators import CappedPaginator
from programs.models import Program, Task
from tests.agencies.factories import AgencyFactory, OfficialFactory
from tests.directives.factories import DirectiveFactory
from tests.programs.factories import ProgramFactory, SignatoryFactory, TaskFactory

pytestmark = pytest.mark.django_db

CAP = 12
CAPPED_NOTE = 'data-testid="count-capped"'


@pytest.fixture
def cap(settings):
    settings.LIST_COUNT_LIMIT = CAP
    return CAP


def _tasks(count: int) -> list[Task]:
    program, agency = ProgramFactory(), AgencyFactory()
    return TaskFactory.create_batch(count, program=program, lead_agency=agency)


def _badge(html: str) -> str:
    """The text of the count badge in the H1."""
    start = html.index('data-testid="list-count"')
    return html[html.index(">", start) + 1 : html.index("</span>", start)]


def _count_queries(captured) -> list[str]:
    return [query["sql"] for query in captured if "COUNT(" in query["sql"].upper()]


# The paginator itself.


@pytest.mark.parametrize(("rows", "count", "capped"), [(11, 11, False), (12, 12, False)])
def test_up_to_the_cap_the_count_is_exact(rows, count, capped):
    _tasks(rows)
    paginator = CappedPaginator(Task.objects.order_by("pk"), 10, limit=CAP)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (count, capped, 2)


def test_past_the_cap_the_pages_cover_the_first_rows():
    tasks = _tasks(CAP + 3)
    paginator = CappedPaginator(Task.objects.order_by("pk"), 10, limit=CAP)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (CAP, True, 2)
    last = paginator.get_page(5)  # past the paged rows: their last page
    assert last.number == 2
    assert list(last.object_list) == tasks[10:CAP]
    assert not last.has_next()


def test_a_plain_list_is_capped_too():
    paginator = CappedPaginator(list(range(CAP + 1)), 10, limit=CAP)
    assert (paginator.count, paginator.capped) == (CAP, True)


def test_the_count_is_one_limit_query_on_the_primary_keys_alone():
    """One query whatever the number of rows: ``COUNT(*)`` over the first cap + 1 primary
    keys, without the list's order, annotations or columns."""
    agency = AgencyFactory()
    for _ in range(CAP + 2):
        SignatoryFactory(agency=agency, program=ProgramFactory())
    rows = (
        Program.objects.with_current_status()
        .filter(signatories__agency=agency)
        .distinct()
        .order_by("status_today", "-title", "pk")
    )
    paginator = CappedPaginator(rows, 10, limit=CAP)
    with CaptureQueriesContext(connection) as captured:
        assert paginator.capped
        assert paginator.count == CAP
    [sql] = [query["sql"] for query in captured]
    assert sql.upper().startswith("SELECT COUNT(*) FROM (SELECT DISTINCT")
    assert f"LIMIT {CAP + 1}" in sql
    assert "ORDER BY" not in sql.upper()
    assert "status_today" not in sql
    assert '"title"' not in sql


# The list pages.


def test_a_list_past_the_cap_says_more_than_the_cap(viewer_client, cap):
    tasks = _tasks(CAP + 3)
    url = reverse("programs:task_list")
    viewer_client.get(url)  # fills the process's caches (permissions, content types)
    with CaptureQueriesContext(connection) as captured:
        response = viewer_client.get(url, {"per_page": 10, "sort": "title"})
    html = response.content.decode()
    [count_sql] = _count_queries(captured)
    assert f"LIMIT {CAP + 1}" in count_sql
    paginator = response.context["paginator"]
    assert (paginator.count, paginator.capped, paginator.num_pages) == (CAP, True, 2)
    assert _badge(html) == f"{CAP}+"
    assert gettext("More than %(total)s") % {"total": CAP} in html
    shown = {"start": 1, "end": 10, "total": CAP}
    assert gettext("%(start)s–%(end)s of more than %(total)s") % shown in html
    assert f"trên tổng số hơn {CAP}" in html  # Vietnamese, as the users read it
    # The task list has no export: the note points to the filters alone.
    note = gettext(
        "The pages show only the first %(total)s rows: narrow the list with the filters."
    )
    assert note % {"total": CAP} in html
    # A page past the paged rows shows their last page.
    last = viewer_client.get(url, {"per_page": 10, "page": 9})
    assert last.context["page_obj"].number == 2
    assert len(last.context["object_list"]) == CAP - 10
    assert {task.pk for task in last.context["object_list"]} <= {task.pk for task in tasks}


def test_a_list_with_an_export_says_so_past_the_cap(viewer_client, cap):
    ProgramFactory.create_batch(CAP + 1)
    html = viewer_client.get(reverse("programs:program_list"), {"per_page": 10}).content.decode()
    note = gettext(
        "The pages show only the first %(total)s rows: narrow the list with the filters, or "
        "export it (Excel, CSV) to get every row."
    )
    assert note % {"total": CAP} in html


@pytest.mark.parametrize(
    ("url_name", "make", "message"),
    [
        ("directives:directive_list", DirectiveFactory, "More than %(total)s directives"),
        ("agencies:official_list", OfficialFactory, "More than %(total)s officials"),
    ],
)
def test_result_counts_say_more_than_the_cap(viewer_client, cap, url_name, make, message):
    make.create_batch(CAP + 1)
    html = viewer_client.get(reverse(url_name)).content.decode()
    assert gettext(message) % {"total": CAP} in html


def test_a_list_at_the_cap_shows_the_exact_count(viewer_client, cap):
    _tasks(CAP)
    response = viewer_client.get(reverse("programs:task_list"), {"per_page": 10})
    html = response.content.decode()
    assert response.context["paginator"].count == CAP
    assert _badge(html) == str(CAP)
    shown = {"start": 1, "end": 10, "total": CAP}
    assert gettext("%(start)s–%(end)s of %(total)s") % shown in html
    assert gettext("More than %(total)s") % {"total": CAP} not in html
    assert "trên tổng số hơn" not in html
    assert CAPPED_NOTE not in html


def test_large_counts_are_written_the_vietnamese_way(viewer_client, settings):
    """Thousands grouped with a dot, as "Xem tất cả (1.716)" on the detail pages."""
    settings.LIST_COUNT_LIMIT = 1000
    Official.objects.bulk_create(OfficialFactory.build_batch(1001))
    html = viewer_client.get(reverse("agencies:official_list")).content.decode()
    assert _badge(html) == "1.000+"
    assert "Hơn 1.000 cán bộ" in html
    assert "1–25 trên tổng số hơn 1.000" in html
