"""Django admin: every page an administrator uses renders, search ignores diacritics,
autocomplete finds agencies and officials, and only admins get in."""

import datetime

import pytest
from django.urls import reverse

from agencies.models import Agency, AgencyName, Official, Position
from directives.models import Directive, DirectiveLink
from programs.models import Program, ReviewMeeting, Signatory, Task, TaskUpdate
from tests.agencies.factories import AgencyFactory, OfficialFactory, PositionFactory
from tests.directives.factories import DirectiveFactory, DirectiveLinkFactory
from tests.programs.factories import (
    ProgramFactory,
    ReviewMeetingFactory,
    SignatoryFactory,
    TaskUpdateFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    Agency,
    Official,
    Position,
    Directive,
    DirectiveLink,
    Program,
    Task,
    TaskUpdate,
    ReviewMeeting,
]


@pytest.fixture
def rows():
    ministry = AgencyFactory(name="Bộ Ngoại giao", short_name="BNG")
    committee = AgencyFactory(
        name="Ủy ban Nhà nước về người Việt Nam ở nước ngoài", parent=ministry
    )
    son = OfficialFactory(full_name="Bùi Thanh Sơn")
    PositionFactory(official=son, agency=ministry, title="Bộ trưởng")
    link = DirectiveLinkFactory(
        source=DirectiveFactory(identifier="43-KL/TW"),
        target=DirectiveFactory(identifier="25-NQ/TW"),
    )
    program = ProgramFactory(identifier="02-CTr/BDVTW-BCSĐBNG")
    SignatoryFactory(program=program, agency=ministry, official=son)
    SignatoryFactory(program=program)
    update = TaskUpdateFactory(task__program=program, task__lead_agency=committee)
    meeting = ReviewMeetingFactory()
    meeting.programs.add(program)
    return {
        Agency: committee,
        Official: son,
        Position: son.positions.get(),
        Directive: link.source,
        DirectiveLink: link,
        Program: program,
        Task: update.task,
        TaskUpdate: update,
        ReviewMeeting: meeting,
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_pages_render(admin_client_role, rows, model):
    opts = model._meta
    base = f"admin:{opts.app_label}_{opts.model_name}"
    for url in (
        reverse(f"{base}_changelist"),
        reverse(f"{base}_add"),
        reverse(f"{base}_change", args=[rows[model].pk]),
        reverse(f"{base}_history", args=[rows[model].pk]),
    ):
        response = admin_client_role.get(url)
        assert response.status_code == 200, url


def test_agency_changelist_shows_the_hierarchy(admin_client_role, rows):
    response = admin_client_role.get(reverse("admin:agencies_agency_changelist"))
    assert "Bộ Ngoại giao ›" in response.content.decode()


@pytest.mark.parametrize("term", ["uy ban nha nuoc", "ỦY BAN NHÀ NƯỚC", "Uỷ ban"])
def test_agency_search_ignores_diacritics_and_case(admin_client_role, rows, term):
    response = admin_client_role.get(reverse("admin:agencies_agency_changelist"), {"q": term})
    assert list(response.context["cl"].result_list) == [rows[Agency]]


def test_directive_search_understands_identifier_variants(admin_client_role, rows):
    response = admin_client_role.get(
        reverse("admin:directives_directive_changelist"), {"q": "25/NQ-TW"}
    )
    assert [d.identifier for d in response.context["cl"].result_list] == ["25-NQ/TW"]


def test_autocomplete_finds_agencies_and_officials_without_diacritics(admin_client_role, rows):
    url = reverse("admin:autocomplete")
    agencies = admin_client_role.get(
        url,
        {
            "term": "bo ngoai",
            "app_label": "agencies",
            "model_name": "position",
            "field_name": "agency",
        },
    ).json()
    officials = admin_client_role.get(
        url,
        {
            "term": "bui thanh",
            "app_label": "agencies",
            "model_name": "position",
            "field_name": "official",
        },
    ).json()
    assert [r["text"] for r in agencies["results"]] == ["Bộ Ngoại giao"]
    assert [r["text"] for r in officials["results"]] == ["Bùi Thanh Sơn"]


def test_admin_adds_an_agency_with_a_position_inline(admin_client_role, rows):
    parent = Agency.objects.get(name="Bộ Ngoại giao")
    response = admin_client_role.post(
        reverse("admin:agencies_agency_add"),
        {
            "name": "Vụ Lãnh sự",
            "short_name": "",
            "kind": "unit",
            "parent": parent.pk,
            "valid_from": "",
            "valid_to": "",
            "successor": "",
            "notes": "",
            "former_names-TOTAL_FORMS": "0",
            "former_names-INITIAL_FORMS": "0",
            "children-TOTAL_FORMS": "0",
            "children-INITIAL_FORMS": "0",
            "positions-TOTAL_FORMS": "1",
            "positions-INITIAL_FORMS": "0",
            "positions-0-official": rows[Official].pk,
            "positions-0-title": "Vụ trưởng",
            "positions-0-start_date": "01/03/2024",
            "positions-0-end_date": "",
            "positions-0-order": "0",
        },
    )
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    unit = Agency.objects.get(name="Vụ Lãnh sự")
    assert unit.parent == parent
    position = unit.positions.get()
    assert (position.title, position.start_date) == ("Vụ trưởng", datetime.date(2024, 3, 1))


def test_program_admin_requires_two_signatories(admin_client_role, rows):
    agency = Agency.objects.get(name="Bộ Ngoại giao")
    response = admin_client_role.post(
        reverse("admin:programs_program_add"),
        {
            "identifier": "5-CTr/BDVTW-BNG",
            "kind": "coordination",
            "title": "Thử",
            "status": "draft",
            "signed_on": "",
            "period_start": "2024",
            "period_end": "2025",
            "summary": "",
            "signatories-TOTAL_FORMS": "1",
            "signatories-INITIAL_FORMS": "0",
            "signatories-MIN_NUM_FORMS": "2",
            "signatories-0-agency": agency.pk,
            "signatories-0-order": "0",
            "tasks-TOTAL_FORMS": "0",
            "tasks-INITIAL_FORMS": "0",
            "programs_reviewmeeting_programs-TOTAL_FORMS": "0",
            "programs_reviewmeeting_programs-INITIAL_FORMS": "0",
            "programs_reviewmeeting_signed_programs-TOTAL_FORMS": "0",
            "programs_reviewmeeting_signed_programs-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert not Program.objects.filter(title="Thử").exists()
    assert not Signatory.objects.filter(agency=agency, program__title="Thử").exists()


@pytest.mark.parametrize("role", ["viewer", "staff", "manager"])
def test_only_admins_enter_the_admin(client_for, role):
    response = client_for(role).get(reverse("admin:index"))
    assert response.status_code == 302


def test_former_names_are_edited_inline(admin_client_role, rows):
    response = admin_client_role.get(
        reverse("admin:agencies_agency_change", args=[rows[Agency].pk])
    )
    assert str(AgencyName._meta.verbose_name_plural).capitalize() in response.content.decode()


def test_a_progress_update_added_in_the_admin_moves_its_task(admin_client_role, rows):
    """As on the staff pages and in the API: an update recorded in the admin moves its task's
    progress and status (programs.services.task_record_progress); what it reported is read-only
    afterwards, and the task page lists its updates without letting them be edited there."""
    task = rows[Task]
    response = admin_client_role.post(
        reverse("admin:programs_taskupdate_add"),
        {"task": task.pk, "reported_on": "15/03/2025", "progress": "100", "note": "Xong"},
    )
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    task.refresh_from_db()
    assert (task.progress, task.status, task.completed_on) == (
        100,
        "done",
        datetime.date(2025, 3, 15),
    )
    update = task.updates.get(note="Xong")
    assert update.author is not None

    change = admin_client_role.get(reverse("admin:programs_taskupdate_change", args=[update.pk]))
    assert {"reported_on", "progress"}.isdisjoint(change.context["adminform"].form.fields)
    inline = admin_client_role.get(reverse("admin:programs_task_change", args=[task.pk]))
    [updates] = [f for f in inline.context["inline_admin_formsets"] if f.opts.model is TaskUpdate]
    assert not updates.has_add_permission and not updates.formset.can_delete


def test_a_progress_update_out_of_range_is_refused_in_the_admin(admin_client_role, rows):
    task = rows[Task]
    before = (task.progress, task.updates.count())
    response = admin_client_role.post(
        reverse("admin:programs_taskupdate_add"),
        {"task": task.pk, "reported_on": "15/03/2025", "progress": "140", "note": ""},
    )
    assert response.status_code == 200
    assert response.context["errors"]
    task.refresh_from_db()
    assert (task.progress, task.updates.count()) == before
