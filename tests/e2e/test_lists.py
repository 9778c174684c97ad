"""List journeys (issue 16): a staff member sorts the program list by name (Vietnamese order),
changes the lead agency of two tasks in bulk through the confirmation page, archives a program
(gone from the list, shown under the "archived" filter) and a manager restores it. Every page
visited is checked for sideways scrolling at phone width by the harness."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from core.collation import sort_key
from programs.models import Program, Task
from tests.e2e.helpers import at, pick


def test_staff_sorts_changes_tasks_in_bulk_and_archives_a_manager_restores(
    page, demo, sign_in, shoot, context
):
    staff = sign_in("staff")

    # Sorting: the column header sorts by title in Vietnamese order, a second click reverses.
    page.goto(reverse("programs:program_list"))
    page.locator("[data-testid=program-table] th a", has_text="Chương trình").first.click()
    expect(page).to_have_url(re.compile(r"sort=title"))
    titles = page.locator("[data-testid=program-table] tbody .ph-row-link").all_inner_texts()
    assert titles == sorted(titles, key=sort_key)
    shoot("programs sorted by title")
    page.locator("[data-testid=program-table] th a", has_text="Chương trình").first.click()
    expect(page).to_have_url(re.compile(r"sort=-title"))
    reversed_titles = page.locator(
        "[data-testid=program-table] tbody .ph-row-link"
    ).all_inner_texts()
    assert reversed_titles == sorted(reversed_titles, key=sort_key, reverse=True)

    # Bulk: tick two tasks of a program, choose a new lead agency, review, confirm.
    program = Program.objects.filter(tasks__isnull=False).distinct().order_by("pk").first()
    tasks = list(Task.objects.filter(program=program).order_by("pk")[:2])
    page.goto(reverse("programs:task_list") + f"?program={program.pk}")
    for task in tasks:
        page.locator(f"input[name=tasks][value='{task.pk}']").check()
    page.locator("[data-testid=bulk-actions] summary").click()
    pick(
        page.locator("[data-testid=bulk-form] select[name=lead_agency]"),
        "bo ngoai giao",
        demo.mofa.name,
    )
    page.locator("[data-testid=bulk-form] input[name=reason]").fill("Phân công lại")
    shoot("tasks ticked")
    page.locator("[data-testid=bulk-form] button[type=submit]").click()
    expect(page.get_by_test_id("bulk-confirm")).to_be_visible()
    expect(page.get_by_test_id("bulk-tasks").locator("li")).to_have_count(2)
    shoot("bulk confirmation")
    page.get_by_test_id("confirm-bulk").click()
    expect(page).to_have_url(at(reverse("programs:task_list"), query=True))
    expect(page.locator(".alert-success")).to_be_visible()
    for task in tasks:
        task.refresh_from_db()
        assert task.lead_agency == demo.mofa
        assert task.history.first().history_change_reason == "Phân công lại"
        assert task.history.first().history_user == staff

    # Archive: the program leaves the list; the "archived" filter shows it.
    page.goto(program.get_absolute_url())
    page.get_by_test_id("archive").click()
    expect(page.get_by_test_id("archived-notice")).to_be_visible()
    shoot("program archived")
    page.goto(reverse("programs:program_list"))
    expect(page.locator("[data-testid=program-table]")).not_to_contain_text(program.title)
    page.goto(reverse("programs:program_list") + "?archived=only")
    expect(page.locator("[data-testid=program-table]")).to_contain_text(program.title)
    # Staff may not restore.
    page.goto(program.get_absolute_url())
    expect(page.get_by_test_id("restore")).to_have_count(0)

    # A manager restores it.
    context.clear_cookies()
    sign_in("manager")
    page.goto(program.get_absolute_url())
    page.get_by_test_id("restore").click()
    expect(page.get_by_test_id("archived-notice")).to_have_count(0)
    program.refresh_from_db()
    assert program.archived_at is None
    reasons = list(program.history.values_list("history_change_reason", flat=True)[:2])
    assert reasons == ["Khôi phục từ lưu trữ", "Đã lưu trữ"]
    page.goto(reverse("programs:program_list"))
    expect(page.locator("[data-testid=program-table]")).to_contain_text(program.title)
    assert Program.objects.live().filter(pk=program.pk).exists()


def test_the_language_is_chosen_on_the_sign_in_page(page, e2e_users, shoot):
    page.goto(reverse("login"))
    expect(page.locator("h1")).to_have_text("Đăng nhập")
    page.get_by_test_id("login-language").locator("[data-language=en]").click()
    expect(page.locator("h1")).to_have_text("Sign in")
    shoot("sign-in in English")
    page.get_by_test_id("login-language").locator("[data-language=vi]").click()
    expect(page.locator("h1")).to_have_text("Đăng nhập")


def test_on_a_phone_staff_sorts_tasks_changes_two_archives_one_a_manager_restores_it(
    phone, demo, sign_in, shoot, context
):
    """The whole task round at 390 px (every page measured there as it loads): the menu's
    task list, sorting by title in Vietnamese order, a bulk status change with its
    confirmation and one history record per task, archiving a task (hidden on its program's
    page until "Show archived") and a manager restoring it."""
    page = phone
    staff = sign_in("staff")
    program = Program.objects.filter(tasks__isnull=False).distinct().order_by("pk").first()
    tasks = list(Task.objects.filter(program=program).order_by("pk")[:2])

    page.goto(reverse("home"))
    page.locator(".navbar-toggler").click()
    page.get_by_test_id("nav-tasks").click()
    expect(page).to_have_url(at(reverse("programs:task_list")))
    page.goto(reverse("programs:task_list") + f"?program={program.pk}")
    page.locator("[data-testid=task-table] th a", has_text="Nhiệm vụ").first.click()
    expect(page).to_have_url(re.compile(r"sort=title"))
    titles = page.locator("[data-testid=task-table] tbody .ph-row-link").all_inner_texts()
    assert len(titles) >= 2
    assert titles == sorted(titles, key=sort_key)
    shoot("tasks sorted on a phone")

    # Bulk status change, confirmed.
    for task in tasks:
        page.locator(f"input[name=tasks][value='{task.pk}']").check()
    page.locator("[data-testid=bulk-actions] summary").click()
    page.locator("[data-testid=bulk-form] select[name=status]").select_option("in_progress")
    page.locator("[data-testid=bulk-form] input[name=reason]").fill("Đang triển khai")
    page.locator("[data-testid=bulk-form] button[type=submit]").click()
    expect(page.get_by_test_id("bulk-tasks").locator("li")).to_have_count(2)
    shoot("bulk confirmation on a phone")
    page.get_by_test_id("confirm-bulk").click()
    expect(page.locator(".alert-success")).to_be_visible()
    for task in tasks:
        task.refresh_from_db()
        assert task.status == "in_progress"
        assert task.history.first().history_user == staff

    # Archive the first task: gone from its program's page until "Show archived".
    archived = tasks[0]
    page.locator(f"input[name=tasks][value='{archived.pk}']").check()
    page.locator("[data-testid=bulk-actions] summary").click()
    page.locator("[data-testid=bulk-form] input[name=action][value=archive]").check()
    page.locator("[data-testid=bulk-form] button[type=submit]").click()
    page.get_by_test_id("confirm-bulk").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.goto(program.get_absolute_url())
    expect(page.locator(f"#task-{archived.pk}")).to_have_count(0)
    page.get_by_test_id("show-archived-tasks").click()
    expect(page.get_by_test_id("archived-tasks")).to_contain_text(archived.title)
    shoot("archived task shown on a phone")

    # A manager restores it from the task list's archived filter.
    context.clear_cookies()
    sign_in("manager")
    page.goto(reverse("programs:task_list") + f"?program={program.pk}&archived=only")
    page.locator(f"input[name=tasks][value='{archived.pk}']").check()
    page.locator("[data-testid=bulk-actions] summary").click()
    page.locator("[data-testid=bulk-form] input[name=action][value=restore]").check()
    page.locator("[data-testid=bulk-form] button[type=submit]").click()
    page.get_by_test_id("confirm-bulk").click()
    expect(page.locator(".alert-success")).to_be_visible()
    archived.refresh_from_db()
    assert archived.archived_at is None
    page.goto(program.get_absolute_url())
    expect(page.locator(f"#task-{archived.pk}")).to_have_count(1)
    expect(page.get_by_test_id("show-archived-tasks")).to_have_count(0)


def test_viewer_filters_programs_by_an_agency_picked_in_the_autocomplete(
    page, demo, sign_in, shoot
):
    """The filter's agency box loads its choices as the user types (no list of every agency
    in the page): typed without diacritics, the agency is found, picked and the list filtered
    to the programs it signed, with the choice kept (drawn by the server) on the next page."""
    sign_in("viewer")
    page.goto(reverse("programs:program_list"))
    select = page.locator("#ph-filters select[name=agency]")
    expect(select.locator("option")).to_have_count(1)  # only "any agency": nothing preloaded
    wrapper = select.locator("xpath=following-sibling::div[contains(@class,'ts-wrapper')][1]")
    wrapper.locator(".ts-control").click()
    wrapper.locator("input.dropdown-input").fill("bo ngoai giao")
    expect(wrapper.locator(".ts-dropdown .option", has_text=demo.mofa.name).first).to_be_visible()
    shoot("agency autocomplete open")
    pick(select, "bo ngoai giao", demo.mofa.name)
    page.locator("#ph-filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"agency={demo.mofa.pk}\b"))
    signed = Program.objects.live().filter(signatories__agency=demo.mofa).distinct().count()
    expect(page.locator("[data-testid=program-table] tbody tr")).to_have_count(min(signed, 25))
    expect(page.locator("#id_agency-ts-control")).to_contain_text(demo.mofa.name)
    shoot("programs filtered by an agency")
