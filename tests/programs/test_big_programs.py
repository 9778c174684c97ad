"""Pages stay small however many rows a record has (issue 14): related lists on detail pages
are capped with a link to the filtered list, choices load on demand, a program's tasks are
edited one at a time, and a request too large for Django's limits gets a clear page."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.concurrency import VERSION_CONFLICT
from programs.models import Task
from tests.agencies.factories import AgencyFactory
from tests.directives.factories import DirectiveFactory
from tests.formpage import FormPage
from tests.programs.factories import (
    ProgramFactory,
    SignatoryFactory,
    TaskFactory,
    TaskUpdateFactory,
)
from tests.programs.helpers import program_data

pytestmark = pytest.mark.django_db

#: The largest page the issue allows, in bytes of HTML.
PAGE_LIMIT = 150 * 1024
MANY = 300


def _tasks(program, count: int, agency) -> None:
    Task.objects.bulk_create(
        Task(
            program=program, title=f"Nhiệm vụ số {n} của chương trình", lead_agency=agency, order=n
        )
        for n in range(count)
    )


def _size(response) -> int:
    assert response.status_code == 200
    return len(response.content)


def _see_all(content: str, url: str, count: int) -> bool:
    return f'href="{url}"' in content and f"({count})" in content


def test_program_page_shows_the_first_tasks_and_links_to_all(viewer_client):
    program = ProgramFactory()
    _tasks(program, MANY, AgencyFactory())
    response = viewer_client.get(program.get_absolute_url())
    content = response.content.decode()
    assert _size(response) <= PAGE_LIMIT
    assert content.count('class="ph-task ') == settings.RELATED_LIST_LIMIT
    url = f"{reverse('programs:task_list')}?program={program.pk}"
    assert _see_all(content, url, MANY)
    # The list the link lands on has the filter.
    listed = viewer_client.get(url, {"per_page": 100}).context["paginator"].count
    assert listed == MANY


@pytest.mark.parametrize("count", [60, 200])
def test_program_page_reads_only_the_tasks_it_lists(viewer_client, count):
    """The page lists RELATED_LIST_LIMIT tasks and counts the rest in the database (the
    roll-up, the tab's figure): its queries do not grow with the tasks or their updates."""
    small = ProgramFactory()
    _tasks(small, 3, AgencyFactory())
    TaskUpdateFactory(task=small.tasks.first(), progress=50)
    baseline, _ = _queries(viewer_client, small.get_absolute_url())
    program = ProgramFactory()
    _tasks(program, count, AgencyFactory())
    for task in program.tasks.all()[:40]:
        TaskUpdateFactory(task=task, progress=50)
    queries, content = _queries(viewer_client, program.get_absolute_url())
    assert queries <= baseline
    assert content.count('class="ph-task ') == settings.RELATED_LIST_LIMIT
    assert _see_all(content, f"{reverse('programs:task_list')}?program={program.pk}", count)


def test_directive_page_caps_the_programs_based_on_it(viewer_client):
    directive = DirectiveFactory(identifier="25-NQ/TW")
    for _ in range(MANY):
        ProgramFactory().based_on.add(directive)
    response = viewer_client.get(directive.get_absolute_url())
    url = f"{reverse('programs:program_list')}?directive={directive.pk}"
    assert _size(response) <= PAGE_LIMIT
    assert _see_all(response.content.decode(), url, MANY)
    assert viewer_client.get(url).context["paginator"].count == MANY


def test_agency_page_caps_tasks_led_and_programs_signed(viewer_client):
    agency = AgencyFactory(name="Ban Dân vận Trung ương")
    program = ProgramFactory()
    _tasks(program, MANY, agency)
    for _ in range(MANY):
        SignatoryFactory(agency=agency)
    response = viewer_client.get(agency.get_absolute_url())
    content = response.content.decode()
    assert _size(response) <= PAGE_LIMIT
    assert _see_all(content, f"{reverse('programs:task_list')}?lead_agency={agency.pk}", MANY)
    assert _see_all(content, f"{reverse('programs:program_list')}?agency={agency.pk}", MANY)


def test_agency_page_caps_its_units_and_opens_them_in_the_browser(viewer_client):
    ministry = AgencyFactory(name="Bộ Ngoại giao")
    for n in range(MANY):
        AgencyFactory(name=f"Vụ số {n:03d}", parent=ministry)
    response = viewer_client.get(ministry.get_absolute_url())
    content = response.content.decode()
    units = content[content.index('data-testid="children"') :]
    units = units[: units.index("</section>")]
    assert units.count('class="list-group-item"') == settings.RELATED_LIST_LIMIT
    assert "Vụ số 000" in units  # the first in name order
    url = f"{reverse('agencies:agency_list')}?parent={ministry.pk}"
    assert _see_all(units, url, MANY)
    assert viewer_client.get(url).context["paginator"].count == MANY


def test_official_page_links_to_the_programs_they_signed(viewer_client):
    first = SignatoryFactory()
    official = first.official
    for _ in range(settings.RELATED_LIST_LIMIT + 1):
        SignatoryFactory(official=official)
    content = viewer_client.get(official.get_absolute_url()).content.decode()
    url = f"{reverse('programs:program_list')}?signer={official.pk}"
    assert _see_all(content, url, settings.RELATED_LIST_LIMIT + 2)
    assert viewer_client.get(url).context["paginator"].count == settings.RELATED_LIST_LIMIT + 2


def test_list_filters_draw_no_option_lists(viewer_client):
    for _ in range(MANY):
        SignatoryFactory()
        DirectiveFactory()
    for name in ("programs:program_list", "programs:task_list", "programs:reviewmeeting_list"):
        response = viewer_client.get(reverse(name))
        assert _size(response) <= PAGE_LIMIT
        assert response.content.decode().count("<option") < 60, name


def test_edit_form_of_a_program_with_1000_tasks_is_small(staff_client):
    program = ProgramFactory()
    SignatoryFactory(program=program)
    SignatoryFactory(program=program)
    _tasks(program, 1000, AgencyFactory())
    AgencyFactory.create_batch(50)
    url = reverse("programs:program_update", args=[program.pk])
    response = staff_client.get(url)
    assert _size(response) <= PAGE_LIMIT
    page = FormPage.open(staff_client, url)
    # Well under Django's field limit however many tasks the program has.
    assert (
        sum(len(values) for values in page.values()) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS / 10
    )
    response = staff_client.post(url, program_data(program, title="Tên mới"))
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.title == "Tên mới"
    assert program.tasks.count() == 1000


def test_a_task_is_added_and_edited_on_its_own_page(staff_client):
    program = ProgramFactory()
    SignatoryFactory(program=program)  # the test accounts' agency signs it: their staff edit it
    lead, other = AgencyFactory(), AgencyFactory()
    response = staff_client.post(
        reverse("programs:task_create", args=[program.pk]),
        {
            "title": "Nhiệm vụ mới",
            "lead_agency": lead.pk,
            "coordinating_agencies": [other.pk],
            "status": "not_started",
            "progress": "0",
            "weight": "1",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    task = program.tasks.get()
    assert list(task.coordinating_agencies.all()) == [other]

    url = reverse("programs:task_update", args=[task.pk])
    page = FormPage.open(staff_client, url)
    # The chosen agencies come back drawn (labels, no JavaScript needed) and posted as they are.
    assert page.value("lead_agency") == str(lead.pk)
    page.set("title", "Nhiệm vụ đã sửa")
    response = staff_client.post(url, page)
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "Nhiệm vụ đã sửa"
    assert list(task.coordinating_agencies.all()) == [other]
    assert task.history.first().history_user.username == "staff"


def test_task_edit_refuses_a_stale_version_and_keeps_the_input(staff_client):
    task = TaskFactory(title="Nhiệm vụ gốc")
    SignatoryFactory(
        program=task.program
    )  # the test accounts' agency signs it: their staff edit it
    url = reverse("programs:task_update", args=[task.pk])
    page = FormPage.open(staff_client, url)
    Task.objects.filter(pk=task.pk).update(version=task.version + 1)  # someone saved meanwhile
    page.set("title", "Bản sửa của tôi")
    response = staff_client.post(url, page)
    assert response.status_code == 200
    content = response.content.decode()
    assert str(VERSION_CONFLICT) in content
    assert "Bản sửa của tôi" in content
    task.refresh_from_db()
    assert task.title == "Nhiệm vụ gốc"


def test_the_program_form_no_longer_carries_the_tasks(staff_client):
    program = ProgramFactory()
    SignatoryFactory(program=program)  # the test accounts' agency signs it: their staff edit it
    TaskFactory(program=program)
    page = FormPage.open(staff_client, reverse("programs:program_update", args=[program.pk]))
    assert not any(name.startswith("tasks-") for name in page)
    assert (
        'data-testid="tasks-elsewhere"'
        in staff_client.get(reverse("programs:program_update", args=[program.pk])).content.decode()
    )


def test_a_request_with_too_many_fields_gets_a_clear_page(staff_client):
    program = ProgramFactory(title="Tên cũ")
    SignatoryFactory(program=program)  # the test accounts' agency signs it: their staff edit it
    url = reverse("programs:program_update", args=[program.pk])
    data = dict(program_data(program, title="Tên mới"))
    for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1):
        data[f"extra-{n}"] = "x"
    response = staff_client.post(url, data, HTTP_REFERER=f"http://testserver{url}")
    assert response.status_code == 413
    content = response.content.decode()
    # Vietnamese by default: "… chưa có gì được lưu" (nothing was saved).
    assert "chưa có gì được lưu" in content
    assert f'href="http://testserver{url}"' in content
    program.refresh_from_db()
    assert program.title == "Tên cũ"


def test_a_request_too_big_gets_the_same_page(staff_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    program = ProgramFactory(title="Tên cũ")
    SignatoryFactory(program=program)  # the test accounts' agency signs it: their staff edit it
    url = reverse("programs:program_update", args=[program.pk])
    response = staff_client.post(url, {"title": "x" * 5000}, HTTP_REFERER="https://evil.example/")
    assert response.status_code == 413
    assert "evil.example" not in response.content.decode()
    assert program.signatories.count() == 1  # nothing changed


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("count", [3, 60, 200])
def test_agency_page_loads_only_the_tasks_it_shows(viewer_client, count):
    """The led tasks are a sliced prefetch (RELATED_LIST_LIMIT + 1 rows) and, past the cap,
    one COUNT: the page's queries do not grow with the number of tasks."""
    small = AgencyFactory()
    _tasks(ProgramFactory(), 3, small)
    baseline, _ = _queries(viewer_client, small.get_absolute_url())
    agency = AgencyFactory()
    _tasks(ProgramFactory(), count, agency)
    queries, content = _queries(viewer_client, agency.get_absolute_url())
    url = f"{reverse('programs:task_list')}?lead_agency={agency.pk}"
    shown = min(count, settings.RELATED_LIST_LIMIT)
    assert len(re.findall(r'href="/programs/tasks/\d+/"', content)) == shown
    if count > settings.RELATED_LIST_LIMIT:
        # One COUNT query for the list longer than the cap, whatever its length.
        assert queries == baseline + 1
        assert _see_all(content, url, count)
    else:
        assert queries == baseline
        assert url not in content


def test_agency_page_counts_only_live_tasks_of_live_programs(viewer_client):
    agency = AgencyFactory()
    _tasks(ProgramFactory(), 60, agency)
    _tasks(ProgramFactory(archived_at=timezone.now()), 5, agency)
    content = viewer_client.get(agency.get_absolute_url()).content.decode()
    assert _see_all(content, f"{reverse('programs:task_list')}?lead_agency={agency.pk}", 60)


def test_agency_page_task_count_is_the_joined_count_without_the_join(viewer_client):
    """The total of the led tasks is counted without joining the programs (the agency's live
    tasks less those of archived programs, both from indexes) and equals the plain count: live
    tasks of live programs, whatever is archived around them."""
    agency, other = AgencyFactory(), AgencyFactory()
    live, archived = ProgramFactory(), ProgramFactory(archived_at=timezone.now())
    _tasks(live, 40, agency)
    _tasks(archived, 7, agency)
    _tasks(archived, 3, other)
    _tasks(live, 5, other)
    Task.objects.filter(pk__in=Task.objects.filter(lead_agency=agency, program=live)[:4]).update(
        archived_at=timezone.now()
    )
    Task.objects.filter(
        pk__in=Task.objects.filter(lead_agency=agency, program=archived)[:2]
    ).update(archived_at=timezone.now())
    plain = Task.objects.filter(
        lead_agency=agency, archived_at__isnull=True, program__archived_at__isnull=True
    ).count()
    assert plain == 36
    with CaptureQueriesContext(connection) as queries:
        content = viewer_client.get(agency.get_absolute_url()).content.decode()
    assert _see_all(content, f"{reverse('programs:task_list')}?lead_agency={agency.pk}", plain)
    (count,) = [q["sql"] for q in queries if "COUNT(" in q["sql"] and '"programs_task"' in q["sql"]]
    assert "JOIN" not in count


@pytest.mark.parametrize("count", [60, 200])
def test_directive_page_queries_do_not_grow_with_its_programs(viewer_client, count):
    def directive_with(programs: int):
        directive = DirectiveFactory()
        for _ in range(programs):
            ProgramFactory().based_on.add(directive)
        return directive

    small = directive_with(3).get_absolute_url()
    viewer_client.get(small)  # warm the process's caches (content types): first run alone
    baseline, _ = _queries(viewer_client, small)
    directive = directive_with(count)
    queries, content = _queries(viewer_client, directive.get_absolute_url())
    assert queries == baseline + 1  # the COUNT of the programs past the cap
    assert _see_all(content, f"{reverse('programs:program_list')}?directive={directive.pk}", count)
    programs = content.split('data-testid="programs"')[1].split("</section>")[0]
    assert programs.count("<li") == settings.RELATED_LIST_LIMIT


def test_agency_list_filter_draws_no_agency_options(viewer_client):
    for _ in range(MANY):
        AgencyFactory()
    content = viewer_client.get(reverse("agencies:agency_list")).content.decode()
    assert content.count("<option") < 20


def test_edit_page_queries_do_not_grow_with_the_parties(staff_client):
    """Each party row's agency box draws the agency read with the rows, not with a query of
    its own."""

    def program_with(parties: int):
        program = ProgramFactory()
        SignatoryFactory(program=program)  # the staff account's agency: theirs to edit
        for _ in range(parties - 1):
            SignatoryFactory(program=program, agency=AgencyFactory())
        return reverse("programs:program_update", args=[program.pk])

    small = program_with(2)
    staff_client.get(small)  # warm the process's caches
    baseline, _ = _queries(staff_client, small)
    queries, content = _queries(staff_client, program_with(8))
    assert queries == baseline
    assert content.count('name="signatories-7-agency"') == 1
