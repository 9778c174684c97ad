"""Scoped permissions journey (issue 12): a staff member of Ban Dân vận Trung ương opens a
program that other bodies signed, sees it read-only (no "Edit", no "Record progress", no
"Compose"), types its edit address in and is refused with the reason, then edits a program of
their own body."""

from django.urls import reverse
from playwright.sync_api import expect

from agencies.models import Agency
from tests.e2e.helpers import at
from tests.programs.factories import ProgramFactory, SignatoryFactory, TaskFactory


def test_staff_sees_another_bodys_program_read_only_and_is_refused_its_edit(
    page, demo, sign_in, shoot, watch, live_server
):
    sign_in("staff")
    others = Agency.objects.exclude(name="Ban Dân vận Trung ương").exclude(parent__isnull=False)
    first, second = list(others.order_by("pk")[:2])
    theirs = ProgramFactory(title="Chương trình phối hợp của hai cơ quan khác")
    SignatoryFactory(program=theirs, agency=first)
    SignatoryFactory(program=theirs, agency=second)
    TaskFactory(program=theirs, lead_agency=first, title="Nhiệm vụ của cơ quan khác")

    page.goto(theirs.get_absolute_url())
    expect(page.locator("h1")).to_have_text(theirs.title)
    expect(page.get_by_test_id("edit-program")).to_have_count(0)
    expect(page.get_by_test_id("tasks")).to_contain_text("Nhiệm vụ của cơ quan khác")
    expect(page.locator(f"a[href$='/tasks/{theirs.tasks.get().pk}/updates/new/']")).to_have_count(0)
    expect(page.locator("[data-start-kind]")).to_have_count(0)
    shoot("other body's program, read-only")

    with watch.allow(403):
        response = page.goto(reverse("programs:program_update", args=[theirs.pk]))
    assert response is not None and response.status == 403
    expect(page.get_by_test_id("refusal")).to_contain_text("Ban Dân vận Trung ương")
    shoot("refused edit with the reason")

    own = demo.program_90
    page.goto(own.get_absolute_url())
    page.get_by_test_id("edit-program").click()
    expect(page).to_have_url(at(reverse("programs:program_update", args=[own.pk])))
