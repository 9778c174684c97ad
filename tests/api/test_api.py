"""The REST API: token authentication, the pages' permissions, the models' validation, 409 on
a stale version, filters like the lists, pagination, the schema and its documentation page."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.concurrency import VERSION_CONFLICT
from programs.models import TOO_FEW_PARTIES, Program, Task, TaskStatus
from tests.agencies.factories import AgencyFactory
from tests.conftest import home_agency
from tests.programs.factories import ProgramFactory, SignatoryFactory, TaskFactory


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def program(db):
    program = ProgramFactory(identifier="02-CTr/BDVTW-BCSĐBNG", title="Chương trình phối hợp")
    SignatoryFactory(program=program)
    SignatoryFactory(program=program)
    return program


def test_without_token_401_and_no_redirect_to_sign_in(db):
    response = APIClient().get(reverse("api:program-list"))
    assert response.status_code == 401


def test_bad_token_401(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token nope")
    assert client.get(reverse("api:program-list")).status_code == 401


def test_viewer_reads_programs_with_parties_by_name(users, program):
    response = api(users["viewer"]).get(reverse("api:program-list"))
    assert response.status_code == 200
    assert response.data["count"] == 1
    row = response.data["results"][0]
    assert row["identifier"] == "02-CTr/BDVTW-BCSĐBNG"
    assert [party["agency_name"] for party in row["parties"]] == [
        s.agency.name for s in program.signatories.order_by("order", "pk")
    ]
    assert row["version"] == program.version


def test_user_without_role_403(users, program):
    assert api(users["nobody"]).get(reverse("api:program-list")).status_code == 403


def test_viewer_cannot_write(users, program):
    url = reverse("api:program-detail", args=[program.pk])
    response = api(users["viewer"]).patch(url, {"title": "Khác"}, format="json")
    assert response.status_code == 403
    program.refresh_from_db()
    assert program.title == "Chương trình phối hợp"


def test_staff_cannot_write_agencies_admin_can(users):
    data = {"name": "Ban Dân vận Trung ương", "short_name": "BDVTW", "kind": "party_body"}
    assert api(users["staff"]).post(reverse("api:agency-list"), data).status_code == 403
    response = api(users["admin"]).post(reverse("api:agency-list"), data)
    assert response.status_code == 201, response.data
    assert response.data["name"] == "Ban Dân vận Trung ương"


def test_staff_creates_program_with_parties_normalised(users):
    a, b = home_agency(), AgencyFactory()  # the author's agency signs
    data = {
        "identifier": "Số: 90- ctr/bdvtw-bcsÐbng",
        "title": "Chương  trình phối hợp",
        "signed_on": "2016-12-06",
        "parties": [{"agency": a.pk}, {"agency": b.pk}],
    }
    response = api(users["staff"]).post(reverse("api:program-list"), data, format="json")
    assert response.status_code == 201, response.data
    program = Program.objects.get()
    assert program.identifier == "90-CTr/BDVTW-BCSĐBNG"
    assert program.title == "Chương trình phối hợp"
    assert program.signatories.count() == 2
    assert program.history.first().history_user == users["staff"]


def test_program_needs_two_parties_400(users):
    data = {"title": "Một bên", "parties": [{"agency": home_agency().pk}]}
    response = api(users["staff"]).post(reverse("api:program-list"), data, format="json")
    assert response.status_code == 400
    assert str(TOO_FEW_PARTIES) in str(response.data)
    assert not Program.objects.exists()


def test_duplicate_identifier_and_date_400(users, program):
    a, b = home_agency(), AgencyFactory()  # the author's agency signs
    data = {
        "identifier": "02-ctr/bdvtw-bcsdbng",
        "title": "Bản sao",
        "signed_on": program.signed_on.isoformat(),
        "parties": [{"agency": a.pk}, {"agency": b.pk}],
    }
    response = api(users["staff"]).post(reverse("api:program-list"), data, format="json")
    assert response.status_code == 400
    assert Program.objects.count() == 1


def test_stale_version_409_with_what_changed(users, program):
    url = reverse("api:program-detail", args=[program.pk])
    opened = api(users["staff"]).get(url).data["version"]
    first = api(users["manager"]).patch(url, {"title": "Tên mới", "version": opened})
    assert first.status_code == 200, first.data
    assert first.data["version"] == opened + 1
    second = api(users["staff"]).patch(url, {"summary": "Ghi đè", "version": opened})
    assert second.status_code == 409
    assert second.data["detail"] == str(VERSION_CONFLICT)
    assert second.data["current_version"] == opened + 1
    assert any(
        change["value"] == "Tên mới" and change["user"] == "manager"
        for change in second.data["changes"]
    )
    program.refresh_from_db()
    assert program.summary == ""
    # A deliberate second save with the current version goes through.
    third = api(users["staff"]).patch(url, {"summary": "Đã xem", "version": opened + 1})
    assert third.status_code == 200


def test_task_stale_version_409(users, program):
    task = TaskFactory(program=program)
    url = reverse("api:task-detail", args=[task.pk])
    assert api(users["staff"]).patch(url, {"progress": 10, "version": 1}).status_code == 200
    response = api(users["staff"]).patch(url, {"progress": 20, "version": 1})
    assert response.status_code == 409
    task.refresh_from_db()
    assert task.progress == 10


def test_task_rule_from_the_model_400(users, program):
    task = TaskFactory(program=program)
    url = reverse("api:task-detail", args=[task.pk])
    response = api(users["staff"]).patch(url, {"status": TaskStatus.DONE, "progress": 50})
    assert response.status_code == 400


def test_task_update_moves_the_task(users, program):
    task = TaskFactory(program=program)
    data = {"task": task.pk, "reported_on": "30/06/2022", "progress": 100, "note": "Xong"}
    response = api(users["staff"]).post(reverse("api:taskupdate-list"), data)
    assert response.status_code == 201, response.data
    task.refresh_from_db()
    assert (task.status, task.progress) == (TaskStatus.DONE, 100)
    assert response.data["author"] == "staff"


def test_filters_like_the_list(users, program):
    other = ProgramFactory(identifier="", title="Thỏa thuận hợp tác", status="draft")
    client = api(users["viewer"])
    by_text = client.get(reverse("api:program-list"), {"q": "thoa thuan"}).data
    assert [row["id"] for row in by_text["results"]] == [other.pk]
    by_status = client.get(reverse("api:program-list"), {"status": "draft"}).data
    assert [row["id"] for row in by_status["results"]] == [other.pk]
    by_id = client.get(reverse("api:program-list"), {"q": "CTr 2"}).data
    assert [row["id"] for row in by_id["results"]] == [program.pk]


def test_pagination(users):
    for _ in range(3):
        AgencyFactory()
    data = api(users["viewer"]).get(reverse("api:agency-list"), {"page_size": 2}).data
    # The three, and the test accounts' agency (tests.conftest.home_agency).
    assert data["count"] == 4 and len(data["results"]) == 2 and data["next"]


def test_delete_of_a_used_agency_409(users, program):
    agency = program.signatories.first().agency
    response = api(users["admin"]).delete(reverse("api:agency-detail", args=[agency.pk]))
    assert response.status_code == 409


def test_report_job_request_needs_export_permission(users, program, settings):
    data = {"kind": "program-final-review", "program": program.pk}
    assert api(users["staff"]).post(reverse("api:reportjob-list"), data).status_code == 403
    assert api(users["staff"]).get(reverse("api:reportjob-list")).status_code == 403


def test_report_job_list_for_managers(users, program):
    response = api(users["manager"]).get(reverse("api:reportjob-list"))
    assert response.status_code == 200


def test_schema_and_docs(users, client):
    response = api(users["viewer"]).get(reverse("api:schema"))
    assert response.status_code == 200
    assert b"openapi: 3" in response.content
    assert b"/api/programs/" in response.content
    client.force_login(users["viewer"])
    page = client.get(reverse("api:docs"))
    assert page.status_code == 200
    # Swagger UI from the vendored sidecar assets, not a CDN.
    assert b"drf_spectacular_sidecar/swagger-ui-dist" in page.content
    assert b"cdn" not in page.content.lower()


def test_schema_needs_authentication(db):
    assert APIClient().get(reverse("api:schema")).status_code == 401


def test_task_filter_by_program(users, program):
    task = TaskFactory(program=program)
    TaskFactory()
    data = api(users["viewer"]).get(reverse("api:task-list"), {"program": program.pk}).data
    assert [row["id"] for row in data["results"]] == [task.pk]


def test_session_auth_for_the_browsable_pages(users, program, client):
    client.force_login(users["viewer"])
    response = client.get(reverse("api:program-list"), HTTP_ACCEPT="text/html")
    assert response.status_code == 200


def test_write_with_session_needs_csrf(users, program):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(users["staff"])
    url = reverse("api:program-detail", args=[program.pk])
    assert client.patch(url, {"title": "x"}).status_code == 403


def test_dates_day_first_accepted(users, program):
    url = reverse("api:program-detail", args=[program.pk])
    response = api(users["staff"]).patch(url, {"signed_on": "06/12/2016"})
    assert response.status_code == 200, response.data
    program.refresh_from_db()
    assert program.signed_on == datetime.date(2016, 12, 6)


def test_task_created_without_version(users, program):
    data = {"program": program.pk, "title": "Nhiệm vụ mới"}
    response = api(users["staff"]).post(reverse("api:task-list"), data)
    assert response.status_code == 201, response.data
    assert Task.objects.get(title="Nhiệm vụ mới").version == 1


def test_out_of_range_year_is_a_bad_filter_not_a_crash(users, client):
    # Found by the schemathesis run: a huge negative year overflowed the date bounds (500).
    assert (
        api(users["viewer"]).get(reverse("api:reviewmeeting-list"), {"year": -(10**12)}).status_code
        == 400
    )
    client.force_login(users["viewer"])
    assert (
        client.get(reverse("programs:reviewmeeting_list"), {"year": -(10**12)}).status_code == 200
    )


@pytest.mark.parametrize(
    "url_name", ["api:program-list", "api:task-list", "api:reviewmeeting-list", "api:official-list"]
)
def test_list_queries_do_not_grow_with_rows(users, url_name, django_assert_max_num_queries):
    client = api(users["admin"])
    for _ in range(2):
        program = ProgramFactory()
        SignatoryFactory(program=program)
        SignatoryFactory(program=program)
        TaskFactory(program=program)
    client.get(reverse(url_name))  # warm the permission and content-type caches
    with django_assert_max_num_queries(12) as few:
        client.get(reverse(url_name))
    for _ in range(8):
        program = ProgramFactory()
        SignatoryFactory(program=program)
        SignatoryFactory(program=program)
        TaskFactory(program=program)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200


def test_manager_requests_a_report_once(users, program):
    client = api(users["manager"])
    data = {"kind": "program-final-review", "program": program.pk}
    first = client.post(reverse("api:reportjob-list"), data)
    assert first.status_code == 201, first.data
    assert first.data["requested_by"] == "manager"
    detail = client.get(reverse("api:reportjob-detail", args=[first.data["id"]]))
    assert detail.status_code == 200
    if detail.data["status"] == "queued":  # a broker is set: the same request joins the job
        again = client.post(reverse("api:reportjob-list"), data)
        assert again.status_code == 200 and again.data["id"] == first.data["id"]


def test_report_request_needs_exactly_one_subject(users, program):
    response = api(users["manager"]).post(
        reverse("api:reportjob-list"), {"kind": "program-final-review"}
    )
    assert response.status_code == 400


def test_review_dates_read_and_set_by_hand(users, program):
    """The review schedule (issue 12) through the API: read with whether each date was set by
    hand; a date sent other than the period's is set by hand and stays when the period moves;
    null returns it to the period's."""
    program.signed_on, program.period_start, program.period_end = (
        datetime.date(2021, 1, 1),
        2021,
        2022,
    )
    program.save()
    url = reverse("api:program-detail", args=[program.pk])
    row = api(users["viewer"]).get(url).data
    assert row["final_review_on"] == "2022-12-31"
    assert row["final_review_by_hand"] is False

    client = api(users["staff"])
    sent = client.patch(
        url,
        {"final_review_on": "2023-03-15", "final_review_by_hand": False, "version": row["version"]},
        format="json",
    )
    assert sent.status_code == 200, sent.data
    assert sent.data["final_review_by_hand"] is True  # the flag is not writable: the date is
    moved = client.patch(url, {"period_end": 2024, "version": sent.data["version"]}, format="json")
    assert moved.status_code == 200, moved.data
    assert moved.data["final_review_on"] == "2023-03-15"
    assert moved.data["interim_review_on"] == "2023-01-01"  # not set by hand: follows

    cleared = client.patch(
        url, {"final_review_on": None, "version": moved.data["version"]}, format="json"
    )
    assert cleared.status_code == 200, cleared.data
    assert (cleared.data["final_review_on"], cleared.data["final_review_by_hand"]) == (
        "2024-12-31",
        False,
    )


@pytest.mark.parametrize("year", [9223372036854775807, 32767, 10000, 1900])
def test_a_year_out_of_range_is_refused_with_400(users, year):
    """Found by the fuzz test: a year past datetime's 9999 crashed the program's date
    arithmetic (500); every year field takes 1945-2100, on every path that saves."""
    data = {
        "title": "Năm sai",
        "period_start": year,
        "parties": [{"agency": home_agency().pk}, {"agency": AgencyFactory().pk}],
    }
    response = api(users["staff"]).post(reverse("api:program-list"), data, format="json")
    assert response.status_code == 400, response.content
    assert "period_start" in response.data
    assert not Program.objects.exists()
