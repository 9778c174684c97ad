"""Scoped permissions (issue 12): every write view × role × agency.

Two bodies, A and B, each sign their own program (with a task, an update, a meeting and a draft
review report). Staff and managers of A write A's records and get 403 with the reason on B's,
while reading B's pages; admins write both; viewers write neither. The same answer comes from
``core.access.may``, ``user.has_perm(perm, obj)``, the API and Django admin.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core import scopes
from core.access import CHANGE, may
from core.roles import ADMIN, MANAGER, STAFF, VIEWER
from programs.models import Program, ReviewMeeting, Task, TaskUpdate
from reports.models import ReportKind, ReviewReport
from tests.agencies.factories import AgencyFactory
from tests.conftest import make_user, set_agency
from tests.programs.factories import (
    ProgramFactory,
    ReviewMeetingFactory,
    SignatoryFactory,
    TaskFactory,
    TaskUpdateFactory,
)


def body(name: str) -> dict:
    """A body with a unit, its program (signed with an outside party), a task, an update, a
    meeting and a draft review report."""
    agency = AgencyFactory(name=name)
    unit = AgencyFactory(name=f"Vụ thuộc {name}", parent=agency)
    program = ProgramFactory(title=f"Chương trình của {name}")
    SignatoryFactory(program=program, agency=agency)
    SignatoryFactory(program=program, agency=AgencyFactory())
    task = TaskFactory(program=program, lead_agency=agency)
    TaskUpdateFactory(task=task)
    meeting = ReviewMeetingFactory(title=f"Hội nghị của {name}")
    meeting.programs.add(program)
    report = ReviewReport.objects.create(
        kind=ReportKind.PROGRAM_FINAL_REVIEW, program=program, as_of=datetime.date(2024, 1, 1)
    )
    return {
        "agency": agency,
        "unit": unit,
        "program": program,
        "task": task,
        "meeting": meeting,
        "report": report,
    }


@pytest.fixture
def bodies(db):
    return {"A": body("Bộ Ngoại giao"), "B": body("Ủy ban MTTQ TP.HCM")}


@pytest.fixture
def accounts(bodies):
    """Each role in agency A (admin too: admins are not scoped anyway)."""
    return {
        role: make_user(f"a-{role}", role, agency=bodies["A"]["agency"])
        for role in (VIEWER, STAFF, MANAGER, ADMIN)
    }


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


#: Every write page about one record: (name, the body's row it takes, method, outcome when
#: allowed). GET pages answer 200 when allowed; POST-only ones redirect (302).
WRITE_VIEWS = [
    ("programs:program_update", "program", "get", 200),
    ("programs:program_archive", "program", "post", 302),
    ("programs:taskupdate_create", "task", "get", 200),
    ("programs:task_create", "program", "get", 200),
    ("programs:task_update", "task", "get", 200),
    ("programs:reviewmeeting_update", "meeting", "get", 200),
    ("programs:reviewmeeting_archive", "meeting", "post", 302),
    ("reports:reviewreport_update", "report", "get", 200),
    ("reports:reviewreport_finalize", "report", "get", 200),
    ("reports:reviewreport_create", "program", "post", 302),
]
#: Roles that hold each view's permission (the rest get 403 from the role alone).
HOLDERS = {"reports:reviewreport_finalize": {MANAGER, ADMIN}}
READ_VIEWS = [
    ("programs:program_detail", "program"),
    ("programs:reviewmeeting_detail", "meeting"),
    ("reports:reviewreport_detail", "report"),
]


def url_of(name: str, row) -> str:
    if name == "reports:reviewreport_create":
        return reverse(name, args=["program", row.pk])
    if name == "programs:taskupdate_create":
        return reverse(name, args=[row.pk])
    return reverse(name, args=[row.pk])


def fetch(c: Client, name: str, row, method: str):
    url = url_of(name, row)
    if method == "get":
        return c.get(url)
    data = {"kind": ReportKind.PROGRAM_FINAL_REVIEW} if "reviewreport_create" in name else {}
    return c.post(url, data)


def test_write_views_by_role_and_agency(bodies, accounts):
    """The matrix: every write view × role × (own body, other body)."""
    mismatches, checks = [], 0
    for role, user in accounts.items():
        c = client(user)
        for name, row_name, method, allowed in WRITE_VIEWS:
            holds = role in HOLDERS.get(name, {STAFF, MANAGER, ADMIN})
            for side in ("A", "B"):
                row = bodies[side][row_name]
                in_scope = side == "A" or role == ADMIN
                expected = allowed if holds and in_scope else 403
                got = fetch(c, name, row, method).status_code
                checks += 1
                if got != expected:
                    mismatches.append(f"{role} {name} {side}: expected {expected}, got {got}")
        for name, row_name in READ_VIEWS:  # everyone with a role reads the other body's pages
            assert c.get(reverse(name, args=[bodies["B"][row_name].pk])).status_code == 200
    assert not mismatches, "\n".join(mismatches)
    assert checks == len(accounts) * len(WRITE_VIEWS) * 2


def test_refusal_page_says_why_and_nothing_changes(bodies, accounts):
    program = bodies["B"]["program"]
    response = client(accounts[STAFF]).get(reverse("programs:program_update", args=[program.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Bộ Ngoại giao" in page and 'data-testid="refusal"' in page
    response = client(accounts[STAFF]).post(reverse("programs:program_archive", args=[program.pk]))
    assert response.status_code == 403
    program.refresh_from_db()
    assert program.archived_at is None


def test_english_refusal(bodies, accounts):
    c = client(accounts[STAFF])
    c.cookies["django_language"] = "en"
    response = c.get(
        reverse("programs:program_update", args=[bodies["B"]["program"].pk]),
        headers={"accept-language": "en"},
    )
    assert response.status_code == 403
    assert "belongs to other agencies" in response.content.decode()


def test_buttons_follow_the_scope(bodies, accounts):
    c = client(accounts[STAFF])
    own = c.get(bodies["A"]["program"].get_absolute_url()).content.decode()
    other = c.get(bodies["B"]["program"].get_absolute_url()).content.decode()
    assert 'data-testid="edit-program"' in own and 'data-testid="edit-program"' not in other
    record = reverse("programs:taskupdate_create", args=[bodies["B"]["task"].pk])
    assert record not in other
    assert reverse("programs:taskupdate_create", args=[bodies["A"]["task"].pk]) in own
    assert 'data-start-kind="program-final-review"' not in other
    meeting = c.get(bodies["B"]["meeting"].get_absolute_url()).content.decode()
    assert 'data-testid="edit-meeting"' not in meeting
    report = c.get(bodies["B"]["report"].get_absolute_url()).content.decode()
    assert 'data-testid="edit-report"' not in report


def test_may_and_has_perm_agree(bodies, accounts):
    staff = accounts[STAFF]
    for side, expected in (("A", True), ("B", False)):
        for key in ("program", "task", "meeting", "report"):
            row = bodies[side][key]
            label = f"{row._meta.app_label}.change_{row._meta.model_name}"
            assert may(staff, CHANGE, type(row), row) is expected, (side, key)
            assert staff.has_perm(label, row) is expected, (side, key)
        update = TaskUpdate.objects.filter(task=bodies[side]["task"]).first()
        assert staff.has_perm("programs.change_taskupdate", update) is expected
    # Reading is never scoped; the role still counts.
    assert staff.has_perm("programs.view_program", bodies["B"]["program"])
    assert not accounts[VIEWER].has_perm("programs.change_program", bodies["A"]["program"])


def test_task_rule_the_lead_may_write_a_task_of_a_program_it_did_not_sign(bodies, accounts):
    led = TaskFactory(program=bodies["B"]["program"], lead_agency=bodies["A"]["agency"])
    assert may(accounts[STAFF], CHANGE, Task, led)
    assert may(accounts[STAFF], "add", TaskUpdate, TaskUpdate(task=led))
    # ...which also puts the program in A's scope: the lead edits the program's page.
    scopes.forget_record(bodies["B"]["program"])
    assert may(accounts[STAFF], CHANGE, Program, bodies["B"]["program"])


def test_meeting_rule(bodies, accounts):
    staff = accounts[STAFF]
    assert not may(staff, CHANGE, ReviewMeeting, bodies["B"]["meeting"])
    both = ReviewMeetingFactory()
    both.programs.add(bodies["A"]["program"], bodies["B"]["program"])
    assert may(staff, CHANGE, ReviewMeeting, both)
    directives_only = ReviewMeetingFactory()
    assert may(staff, CHANGE, ReviewMeeting, directives_only)  # like directives: every staff


def test_meeting_form_offers_only_programs_in_scope(bodies, accounts):
    c = client(accounts[STAFF])
    assert 'data-autocomplete="/autocomplete/program_writable/"' in (
        c.get(reverse("programs:reviewmeeting_create")).content.decode()
    )
    # The search box offers the body's own program, not the other body's.
    found = c.get(reverse("autocomplete", args=["program_writable"])).json()["results"]
    assert [row["id"] for row in found] == [bodies["A"]["program"].pk]
    form = c.get(reverse("programs:reviewmeeting_create")).context["form"]
    assert set(form.fields["programs"].queryset) == {bodies["A"]["program"]}
    # Opened from the other body's program, its program is not offered either.
    url = reverse("programs:reviewmeeting_create") + f"?program={bodies['B']['program'].pk}"
    assert bodies["B"]["program"] not in c.get(url).context["form"].fields["programs"].queryset
    # Editing keeps the programs already chosen, even out of scope.
    both = ReviewMeetingFactory()
    both.programs.add(bodies["A"]["program"], bodies["B"]["program"])
    form = c.get(reverse("programs:reviewmeeting_update", args=[both.pk])).context["form"]
    assert set(form.fields["programs"].queryset) == {bodies["A"]["program"], bodies["B"]["program"]}


def test_a_bodys_staff_write_what_its_units_signed_not_the_reverse(bodies, db):
    # A unit's staff do not write what its parent body signed...
    unit_staff = make_user("unit-staff", STAFF, agency=bodies["A"]["unit"])
    assert not may(unit_staff, CHANGE, Program, bodies["A"]["program"])
    # ...but the body's staff write what one of its units signed.
    # And a parent's staff write what a unit signed.
    unit_program = ProgramFactory()
    SignatoryFactory(program=unit_program, agency=bodies["B"]["unit"])
    b_staff = make_user("b-staff", STAFF, agency=bodies["B"]["agency"])
    assert may(b_staff, CHANGE, Program, unit_program)
    assert (
        client(b_staff).get(reverse("programs:program_update", args=[unit_program.pk])).status_code
        == 200
    )


def test_account_without_agency_reads_but_writes_nothing_scoped(bodies, db):
    lost = make_user("lost", STAFF, agency=None)
    c = client(lost)
    assert c.get(bodies["A"]["program"].get_absolute_url()).status_code == 200
    response = c.get(reverse("programs:program_update", args=[bodies["A"]["program"].pk]))
    assert response.status_code == 403
    assert 'data-testid="refusal"' in response.content.decode()
    assert scopes.refusal(lost, bodies["A"]["program"]) == str(scopes.NO_AGENCY)


def test_edit_all_agencies_lifts_the_scope(bodies, accounts):
    coordinator = make_user("coordinator", STAFF, agency=bodies["A"]["agency"])
    coordinator.user_permissions.add(Permission.objects.get(codename="edit_all_agencies"))
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)
    assert may(coordinator, CHANGE, Program, bodies["B"]["program"])
    assert may(accounts[ADMIN], CHANGE, Program, bodies["B"]["program"])


def test_new_program_must_have_the_users_agency(bodies, accounts):
    from tests.programs.helpers import program_data

    c = client(accounts[STAFF])
    others = program_data(agencies=[AgencyFactory(), AgencyFactory()])
    response = c.post(reverse("programs:program_create"), others)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Program.objects.filter(title="Chương trình phối hợp thử nghiệm").exists()
    mine = program_data(agencies=[bodies["A"]["unit"], AgencyFactory()])
    response = c.post(reverse("programs:program_create"), mine)
    assert response.status_code == 302
    assert Program.objects.filter(title="Chương trình phối hợp thử nghiệm").exists()


def test_bulk_action_over_tasks_out_of_scope_is_refused_whole(bodies, accounts):
    mine, theirs = bodies["A"]["task"], bodies["B"]["task"]
    data = {
        "tasks": [mine.pk, theirs.pk],
        "action": "change",
        "status": "done",
        "progress": "",
        "confirm": "True",
    }
    response = client(accounts[STAFF]).post(reverse("programs:task_bulk"), data)
    assert response.status_code == 200
    assert str(theirs) in response.content.decode()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) != ("done", "done")
    assert mine.status != "done"


def test_api_refuses_other_bodies_rows_with_the_reason(bodies, accounts):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=accounts[STAFF]).key}")
    other = bodies["B"]["program"]
    url = reverse("api:program-detail", args=[other.pk])
    assert api.get(url).status_code == 200
    response = api.patch(url, {"title": "Đổi tên", "version": other.version}, format="json")
    assert response.status_code == 403
    assert "Bộ Ngoại giao" in response.data["detail"]
    own = bodies["A"]["program"]
    response = api.patch(
        reverse("api:program-detail", args=[own.pk]),
        {"title": "Đổi tên", "version": own.version},
        format="json",
    )
    assert response.status_code == 200, response.data
    response = api.post(
        reverse("api:taskupdate-list"),
        {"task": bodies["B"]["task"].pk, "reported_on": "30/06/2024", "progress": 90},
    )
    assert response.status_code == 403


def test_admin_shows_other_bodies_rows_read_only(bodies, accounts):
    """A staff-role user given admin access (is_staff) is scoped in Django admin too."""
    staff = accounts[STAFF]
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    c = client(staff)
    other = reverse("admin:programs_program_change", args=[bodies["B"]["program"].pk])
    own = reverse("admin:programs_program_change", args=[bodies["A"]["program"].pk])
    page = c.get(other)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert 'name="_save"' in c.get(own).content.decode()
    assert c.post(other, {"title": "Đổi"}).status_code == 403
    delete = reverse("admin:programs_program_delete", args=[bodies["B"]["program"].pk])
    assert c.get(delete).status_code == 403
    admin_page = client(accounts[ADMIN]).get(other).content.decode()
    assert 'name="_save"' in admin_page


def test_attachments_on_other_bodies_records_are_refused(bodies, accounts, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    url = reverse(
        "attachments:attachment_create", args=["programs.program", bodies["B"]["program"].pk]
    )
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.7 x", content_type="application/pdf")
    response = client(accounts[STAFF]).post(url, {"file": upload, "kind": "other"})
    assert response.status_code == 403


def test_set_agency_moves_the_scope(bodies, accounts):
    staff = accounts[STAFF]
    set_agency(staff, bodies["B"]["agency"])
    assert may(staff, CHANGE, Program, bodies["B"]["program"])
    assert not may(staff, CHANGE, Program, bodies["A"]["program"])
