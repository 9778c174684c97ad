"""Bad input never answers 500 (issue 15): each case the probe found gets a clear message.

The concurrency case needs PostgreSQL (real concurrent transactions); the rest run on both
databases (the NUL byte in a query only breaks PostgreSQL, but it must be harmless on both).
"""

import contextlib
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from core.formsets import BLANK_ROWS_LEFT_OUT
from core.roles import MANAGER
from programs.models import PROGRAM_DUPLICATE, Program, Task
from tests.agencies.factories import AgencyFactory
from tests.conftest import home_agency, make_user
from tests.programs.factories import ProgramFactory, ReviewMeetingFactory, TaskFactory
from tests.programs.helpers import program_data

LISTS = [
    "programs:program_list",
    "programs:reviewmeeting_list",
    "directives:directive_list",
    "agencies:agency_list",
    "agencies:official_list",
    "reports:reportjob_list",
]


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["\x00", "CTr\x0090", "%00", "\x00" * 50])
def test_search_with_a_nul_byte_answers_the_page(viewer_client, q):
    response = viewer_client.get(reverse("search"), {"q": q})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_a_nul_byte_in_any_list_query_answers_the_page(admin_client_role, name):
    response = admin_client_role.get(reverse(name), {"q": "a\x00b", "year": "20\x0021"})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["0", "-5", "10000", "1e400", "99999999999999999999"])
@pytest.mark.parametrize("name", ["programs:reviewmeeting_list", "programs:program_list"])
def test_an_out_of_range_year_says_so(viewer_client, name, year):
    ReviewMeetingFactory()
    response = viewer_client.get(reverse(name), {"year": year})
    assert response.status_code == 200
    assert gettext("Enter a year from %(low)s to %(high)s.") % {"low": 1900, "high": 2100} in (
        response.content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["31/12/99999", "0/0/0", "-1", "29/02/2023"])
def test_an_impossible_date_in_a_list_query_answers_the_page(viewer_client, value):
    for name in ("programs:program_list", "agencies:agency_list"):
        response = viewer_client.get(reverse(name), {"in_force_on": value})
        assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["999", "0", "-1", "abc", "last", "1e9"])
def test_an_out_of_range_page_shows_a_page_not_a_404(viewer_client, page):
    ProgramFactory.create_batch(3)
    response = viewer_client.get(reverse("programs:program_list"), {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


@pytest.mark.django_db
def test_a_program_edit_carrying_another_programs_task_is_refused(manager_client):
    agencies = [home_agency(), AgencyFactory()]  # the test accounts' agency is a party
    mine, other = ProgramFactory(), ProgramFactory()
    for program in (mine, other):
        for agency in agencies:
            program.signatories.create(agency=agency)
    TaskFactory(program=mine, title="Nhiệm vụ của tôi", lead_agency=agencies[0])
    theirs = TaskFactory(program=other, title="Nhiệm vụ của họ", lead_agency=agencies[0])
    # A new program's page takes task rows: one pointing at another program's task.
    data = program_data(agencies=agencies, tasks=[{"title": "Đổi tên"}])
    data["tasks-0-id"] = str(theirs.pk)
    before = list(Task.objects.order_by("pk").values_list("pk", "program_id", "title"))
    response = manager_client.post(reverse("programs:program_create"), data)
    # The id of a row that does not belong to the new program is not followed: the row is a
    # new task of the new program and the other program's task is untouched.
    assert response.status_code == 302
    rows = list(Task.objects.order_by("pk").values_list("pk", "program_id", "title"))
    assert rows[: len(before)] == before


@pytest.mark.django_db
def test_a_task_row_left_blank_is_reported(manager_client):
    agencies = [home_agency(), AgencyFactory()]  # the test accounts' agency is a party
    data = program_data(
        agencies=agencies,
        tasks=[
            {"title": "Nhiệm vụ thật", "lead_agency": str(agencies[0].pk)},
            {"title": "", "status": "not_started", "progress": "0"},
        ],
    )
    response = manager_client.post(reverse("programs:program_create"), data, follow=True)
    assert response.status_code == 200
    program = Program.objects.get()
    assert program.tasks.count() == 1
    shown = [str(message) for message in response.context["messages"]]
    assert gettext(BLANK_ROWS_LEFT_OUT) % {"count": 1} in shown


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL"
)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_identifier_created_concurrently_gets_the_sequential_message(
    monkeypatch,
):
    """Several managers create the same program at once: one wins, every other one gets the
    message a sequential duplicate gets (not 500). A barrier holds every request after its
    validation and before its insert, so the race happens every run."""
    agencies = [home_agency(), AgencyFactory()]  # the test accounts' agency is a party
    users = [make_user(f"manager{n}", MANAGER) for n in range(4)]
    barrier = threading.Barrier(len(users), timeout=20)
    original = Program.full_clean

    def full_clean_then_wait(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if self.pk is None:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()

    monkeypatch.setattr(Program, "full_clean", full_clean_then_wait)
    data = program_data(agencies=agencies, identifier="90-CTr/BDVTW-BCSĐBNG")
    results: list = []

    def create(user):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        try:
            response = client.post(reverse("programs:program_create"), data)
            results.append((response.status_code, response.content.decode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    codes = sorted(code for code, _ in results)
    assert codes == [200] * (len(users) - 1) + [302]
    assert Program.objects.count() == 1
    expected = str(PROGRAM_DUPLICATE)
    for code, body in results:
        if code == 200:
            assert gettext(expected) in body or expected in body
