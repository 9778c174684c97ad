"""A task's own page (``programs:task_detail``): what it shows, to whom, in how many queries,
and that the links to a task (search, the task list, an agency's page) lead there."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.roles import STAFF
from tests.agencies.factories import AgencyFactory
from tests.conftest import home_agency, make_user
from tests.programs.factories import (
    ProgramFactory,
    SignatoryFactory,
    TaskFactory,
    TaskUpdateFactory,
)


@pytest.fixture
def task(db):
    program = ProgramFactory(identifier="07-CTr/TEST", title="Chương trình thử")
    SignatoryFactory(program=program, agency=home_agency())
    task = TaskFactory(
        program=program,
        title="Khảo sát mô hình dân vận khéo",
        lead_agency=home_agency(),
        due_on=datetime.date(2031, 6, 30),
        weight=3,
        progress=40,
    )
    task.coordinating_agencies.add(AgencyFactory(name="Sở Nội vụ tỉnh thử"))
    TaskUpdateFactory(task=task, progress=40, note="Đã khảo sát hai huyện")
    return task


def test_a_viewer_sees_the_task_page(viewer_client, task):
    response = viewer_client.get(reverse("programs:task_detail", args=[task.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Khảo sát mô hình dân vận khéo" in html
    assert task.program.get_absolute_url() in html
    assert "Văn phòng thử nghiệm" in html
    assert "Sở Nội vụ tỉnh thử" in html
    assert "Đã khảo sát hai huyện" in html
    assert 'data-testid="task-weight">3<' in html
    assert 'id="tab-history"' in html
    # A viewer may neither edit the task nor record progress.
    assert 'data-testid="edit-task"' not in html
    assert 'data-testid="record-progress"' not in html


def test_staff_of_the_lead_agency_get_the_edit_and_progress_links(staff_client, task):
    html = staff_client.get(reverse("programs:task_detail", args=[task.pk])).content.decode()
    assert reverse("programs:task_update", args=[task.pk]) in html
    assert reverse("programs:taskupdate_create", args=[task.pk]) in html


def test_staff_of_another_agency_get_no_edit_link(client, task):
    client.force_login(make_user("outsider", STAFF, agency=AgencyFactory()))
    html = client.get(reverse("programs:task_detail", args=[task.pk])).content.decode()
    assert 'data-testid="edit-task"' not in html
    assert 'data-testid="record-progress"' not in html


def test_an_archived_or_missing_task_has_no_page(viewer_client, task):
    missing = reverse("programs:task_detail", args=[task.pk + 1000])
    assert viewer_client.get(missing).status_code == 404
    task.archived_at = timezone.now()
    task.save()
    assert viewer_client.get(reverse("programs:task_detail", args=[task.pk])).status_code == 404
    # Its link leads to its program's archived tasks instead.
    assert task.get_absolute_url() == f"{task.program.get_absolute_url()}?archived=1#task-{task.pk}"


def test_task_page_queries_do_not_grow(viewer_client, task, django_assert_max_num_queries):
    url = reverse("programs:task_detail", args=[task.pk])
    viewer_client.get(url)
    with django_assert_max_num_queries(10) as few:
        viewer_client.get(url)
    for day in range(30):
        TaskUpdateFactory(task=task, progress=40 + day, reported_on=datetime.date(2030, 1, 1 + day))
        task.coordinating_agencies.add(AgencyFactory())
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        response = viewer_client.get(url)
    html = response.content.decode()
    assert html.count('<li class="py-2') == 20  # RELATED_LIST_LIMIT, newest first
    assert 'data-testid="older-updates"' in html


def test_links_to_a_task_lead_to_its_page(viewer_client, task):
    url = reverse("programs:task_detail", args=[task.pk])
    assert task.get_absolute_url() == url
    listed = viewer_client.get(reverse("programs:task_list")).content.decode()
    assert f'href="{url}"' in listed
    found = viewer_client.get(reverse("search"), {"q": "dân vận khéo"}).content.decode()
    assert f'href="{url}"' in found
    agency = viewer_client.get(
        reverse("agencies:agency_detail", args=[task.lead_agency_id])
    ).content.decode()
    assert f'href="{url}"' in agency
