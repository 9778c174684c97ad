"""The History tab loaded on demand (:class:`core.views.HistoryMixin`,
:func:`core.views.history_view`): a detail page no longer reads any history, its tab links to
the record's history page, which lists what the tab listed, to whom the detail page shows."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.urls import resolve, reverse

from core.history import history_entries
from core.pagecache import CachedPageMixin
from tests.agencies.factories import AgencyFactory, OfficialFactory, PositionFactory
from tests.conftest import home_agency, make_user
from tests.directives.factories import DirectiveFactory, DirectiveLinkFactory
from tests.programs.factories import (
    ProgramFactory,
    ReviewMeetingFactory,
    SignatoryFactory,
    TaskFactory,
    TaskUpdateFactory,
)

#: (detail URL name, history URL name, the record's fixture key)
PAGES = [
    ("programs:program_detail", "programs:program_history", "program"),
    ("programs:task_detail", "programs:task_history", "task"),
    ("programs:reviewmeeting_detail", "programs:reviewmeeting_history", "meeting"),
    ("agencies:agency_detail", "agencies:agency_history", "agency"),
    ("agencies:official_detail", "agencies:official_history", "official"),
    ("directives:directive_detail", "directives:directive_history", "directive"),
]


@pytest.fixture
def records(db) -> dict:
    """A record of each kind with history of its own and of rows that belong to it."""
    agency = home_agency()
    program = ProgramFactory(title="Chương trình có lịch sử")
    SignatoryFactory(program=program, agency=agency)
    task = TaskFactory(program=program, title="Nhiệm vụ có lịch sử", lead_agency=agency)
    TaskUpdateFactory(task=task, progress=30, note="Cập nhật đầu tiên")
    task.progress = 30
    task._change_reason = "Ghi tiến độ"
    task.save()
    program.title = "Chương trình đã đổi tên"
    program._change_reason = "Sửa tên"
    program.save()
    meeting = ReviewMeetingFactory(title="Hội nghị sơ kết")
    meeting.programs.add(program)
    official = OfficialFactory(full_name="Nguyễn Văn Lịch Sử")
    PositionFactory(official=official, agency=agency)
    directive = DirectiveFactory(issuing_body=AgencyFactory(name="Ban Bí thư thử"))
    DirectiveLinkFactory(source=directive, target=DirectiveFactory())
    return {
        "program": program,
        "task": task,
        "meeting": meeting,
        "agency": agency,
        "official": official,
        "directive": directive,
    }


def _reads_history(queries: list[dict]) -> list[str]:
    """The queries on django-simple-history's tables (``<app>_historical<model>…``)."""
    return [q["sql"] for q in queries if "historical" in q["sql"].lower()]


@pytest.mark.parametrize(("detail", "history", "key"), PAGES)
def test_the_detail_page_reads_no_history_and_links_its_page(
    viewer_client, records, detail, history, key, django_assert_max_num_queries
):
    record = records[key]
    with django_assert_max_num_queries(24) as captured:
        response = viewer_client.get(reverse(detail, args=[record.pk]))
    assert response.status_code == 200
    assert _reads_history(captured.captured_queries) == []
    assert "history" not in response.context
    url = reverse(history, args=[record.pk])
    html = response.content.decode()
    assert f'href="{url}"' in html
    assert f'hx-get="{url}"' in html
    assert 'data-testid="history"' not in html


@pytest.mark.parametrize(("detail", "history", "key"), PAGES)
def test_the_history_page_lists_what_the_tab_listed(viewer_client, records, detail, history, key):
    record = records[key]
    response = viewer_client.get(reverse(history, args=[record.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 200
    view = response.context["view"]
    expected = history_entries(record, related=view.get_history_related(), limit=50)
    assert expected
    got = response.context["history"]
    assert [(e.when, e.action, e.subject, e.reason) for e in got] == [
        (e.when, e.action, e.subject, e.reason) for e in expected
    ]
    # The htmx answer is the list alone, as the tab showed it.
    html = response.content.decode()
    assert "<html" not in html
    assert (
        html.strip()
        == render_to_string("core/includes/_history.html", {"history": expected}).strip()
    )


def test_the_program_history_names_its_tasks_and_updates(viewer_client, records):
    program = records["program"]
    html = viewer_client.get(reverse("programs:program_history", args=[program.pk])).content
    html = html.decode()
    # A page of its own without JavaScript: the frame, a way back to the program.
    assert "<html" in html
    assert f'href="{program.get_absolute_url()}"' in html
    assert 'data-testid="history"' in html
    assert "Sửa tên" in html
    assert "Nhiệm vụ có lịch sử" in html
    assert "Cập nhật đầu tiên" in html


@pytest.mark.parametrize(("detail", "history", "key"), PAGES)
def test_the_history_page_is_refused_as_the_detail_page_is(client, records, detail, history, key):
    record = records[key]
    url = reverse(history, args=[record.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.force_login(make_user("no-role", None))
    assert client.get(reverse(detail, args=[record.pk])).status_code == 403
    assert client.get(url).status_code == 403


def test_the_history_page_is_cached_like_the_detail_page(records):
    view = resolve(reverse("programs:program_history", args=[records["program"].pk])).func
    assert issubclass(view.view_class, CachedPageMixin)
    assert view.view_class.page_cache is not False


def test_the_history_page_reads_the_history(viewer_client, records):
    """The check above can fail: the history page's queries are seen reading history."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        viewer_client.get(reverse("programs:program_history", args=[records["program"].pk]))
    assert _reads_history(captured.captured_queries)
