"""Staff journey: sign in through the form, find 90-CTr from the header search, create a program
with two signing parties and three tasks, record progress on a task, see it on the program page
and in its history, and be told, with everything typed kept, that a period cannot end before it
starts."""

import re

from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from programs.models import PERIOD_ORDERED, Program, TaskStatus
from tests.conftest import set_agency
from tests.e2e.data import PROGRAM_90
from tests.e2e.helpers import at, pick, write_links

NEW_IDENTIFIER = "07-CTr/BNG-TWĐ"
NEW_TITLE = "Chương trình phối hợp về công tác thanh niên Việt Nam ở nước ngoài"
PARTIES = [
    ("Bộ Ngoại giao", "Bùi Thanh Sơn"),
    ("Trung ương Đoàn TNCS Hồ Chí Minh", "Phạm Tất Thắng"),
]
TASKS = [
    "Tổ chức trại hè cho thanh niên kiều bào",
    "Biên soạn tài liệu dạy tiếng Việt cho thanh thiếu niên",
    "Kết nối các hội sinh viên Việt Nam ở nước ngoài",
]


def in_vietnamese(message) -> str:
    with translation.override("vi"):
        return str(message)


def test_staff_signs_in_searches_creates_a_program_and_records_progress(
    page, demo, e2e_users, shoot, live_server
):
    # The staff member works at Bộ Ngoại giao, a party of the program they create (scoped
    # permissions: a new program must have the author's agency among its parties).
    set_agency(e2e_users["staff"], demo.mofa)
    # Sign in through the form; the login page sends the staff member back where they wanted.
    page.goto(reverse("home"))
    page.fill("#id_username", "staff")
    page.fill("#id_password", "pw")
    shoot("login")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(at(reverse("home")))

    # Header search, without diacritics, finds 90-CTr.
    header_search = page.locator("nav form[role=search] input[name=q]")
    header_search.fill("chuong trinh phoi hop 90")
    header_search.press("Enter")
    expect(page).to_have_url(at(reverse("search"), query=True))
    hit = page.locator(".ph-search-group[data-kind=program] a", has_text=PROGRAM_90)
    expect(hit.first).to_be_visible()
    shoot("search results")
    hit.first.click()
    expect(page).to_have_url(at(demo.program_90.get_absolute_url()))
    expect(page.locator("h1")).to_have_text(demo.program_90.title)
    for party in demo.parties:
        expect(page.get_by_test_id("signatories")).to_contain_text(party.name)
    shoot("90-CTr")

    # A new program with two signing parties, each with an official, and three tasks.
    page.goto(reverse("programs:program_create"))
    form = page.get_by_test_id("program-form")
    form.locator("[name=identifier]").fill(NEW_IDENTIFIER)
    form.locator("[name=title]").fill(NEW_TITLE)
    form.locator("[name=signed_on]").fill("15/03/2022")
    form.locator("[name=period_start]").fill("2022")
    form.locator("[name=period_end]").fill("2026")
    parties_box = page.locator("[data-formset=signatories]")
    for index, (agency, official) in enumerate(PARTIES):
        if not parties_box.locator(f"[name='signatories-{index}-agency']").count():
            parties_box.locator("[data-formset-add]").click()
        pick(parties_box.locator(f"[name='signatories-{index}-agency']"), agency, agency)
        pick(parties_box.locator(f"[name='signatories-{index}-official']"), official, official)
    tasks_box = page.locator("[data-formset=tasks]")
    for index, title in enumerate(TASKS):
        tasks_box.locator("[data-formset-add]").click()
        tasks_box.locator(f"[name='tasks-{index}-title']").fill(title)
        pick(tasks_box.locator(f"[name='tasks-{index}-lead_agency']"), PARTIES[0][0], PARTIES[0][0])
    tasks_box.locator("[name='tasks-2-due_on']").fill("31/12/2024")
    shoot("new program filled in")
    form.locator("button[type=submit]").click()

    # The demo data holds no position for Phạm Tất Thắng at Trung ương Đoàn on 15/03/2022: the
    # page warns, with everything kept, and a ticked confirmation saves the second time.
    warning = page.get_by_test_id("confirm-warning")
    expect(warning).to_contain_text(PARTIES[1][1])
    shoot("signer warning")
    warning.locator("input[type=checkbox]").check()
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/programs/\d+/$"))
    program = Program.objects.by_identifier(NEW_IDENTIFIER).get()
    expect(page).to_have_url(at(program.get_absolute_url()))
    assert [s.agency.name for s in program.signatories.order_by("order", "pk")] == [
        agency for agency, _official in PARTIES
    ]
    assert all(s.official_id for s in program.signatories.all())
    assert program.signatories.get(official__full_name=PARTIES[1][1]).confirmed
    assert sorted(program.tasks.values_list("title", flat=True)) == sorted(TASKS)
    signatories = page.get_by_test_id("signatories")
    for agency, official in PARTIES:
        expect(signatories).to_contain_text(agency)
        expect(signatories).to_contain_text(official)
    expect(page.get_by_test_id("tasks").locator("li.ph-task")).to_have_count(3)
    offered = write_links(page, live_server.url)
    assert any(reverse("programs:program_update", args=[program.pk]) in url for url in offered)
    shoot("new program page")

    # Progress on the second task.
    task = program.tasks.get(title=TASKS[1])
    task_row = page.locator(f"#task-{task.pk}")
    task_row.get_by_role("link", name=re.compile(".")).filter(
        has=page.locator(".bi-graph-up-arrow")
    ).click()
    expect(page).to_have_url(at(reverse("programs:taskupdate_create", args=[task.pk])))
    update_form = page.get_by_test_id("taskupdate-form")
    update_form.locator("[name=reported_on]").fill("30/06/2023")
    update_form.locator("[name=progress]").fill("60")
    update_form.locator("[name=note]").fill("Đã biên soạn xong 3 trong 5 tập tài liệu")
    shoot("progress update")
    update_form.locator("button[type=submit]").click()

    # Back on the task's own page, with its new progress and the update; then its program.
    expect(page).to_have_url(at(reverse("programs:task_detail", args=[task.pk])))
    expect(page.get_by_test_id("task-progress")).to_have_text("60%")
    expect(page.get_by_test_id("task-updates")).to_contain_text(
        "Đã biên soạn xong 3 trong 5 tập tài liệu"
    )
    shoot("progress on the task page")
    page.get_by_test_id("task-program").click()
    expect(page).to_have_url(at(program.get_absolute_url()))
    task_row = page.locator(f"#task-{task.pk}")
    expect(task_row.locator("[role=progressbar]")).to_have_attribute("aria-valuenow", "60")
    expect(task_row).to_contain_text("Đã biên soạn xong 3 trong 5 tập tài liệu")
    task.refresh_from_db()
    assert (task.progress, task.status) == (60, TaskStatus.IN_PROGRESS)
    shoot("progress on the program page")

    page.locator("#history-tab").click()
    history = page.locator("#history-pane")
    expect(history).to_have_class(re.compile(r"\bshow\b"))  # the fade has finished
    expect(page.locator("#history-tab")).to_have_attribute("aria-selected", "true")
    entries = history.get_by_test_id("history")
    expect(entries).to_contain_text("staff")
    # The task's change (its progress went to 60) and the progress update recorded for it.
    progress_change = entries.locator("> li").filter(has_text=TASKS[1]).filter(has_text="60")
    expect(progress_change).to_have_count(2)
    shoot("history tab")

    # A period that ends before it starts: refused, and nothing typed is lost.
    page.goto(reverse("programs:program_update", args=[program.pk]))
    form = page.get_by_test_id("program-form")
    form.locator("[name=title]").fill(NEW_TITLE + " (sửa đổi)")
    form.locator("[name=period_start]").fill("2026")
    form.locator("[name=period_end]").fill("2022")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    expect(page.locator("main")).to_contain_text(in_vietnamese(PERIOD_ORDERED))
    form = page.get_by_test_id("program-form")
    expect(form.locator("[name=title]")).to_have_value(NEW_TITLE + " (sửa đổi)")
    expect(form.locator("[name=period_start]")).to_have_value("2026")
    expect(form.locator("[name=period_end]")).to_have_value("2022")
    expect(form.locator("[name='signatories-1-agency'] option:checked")).to_have_text(PARTIES[1][0])
    shoot("period error")
    program.refresh_from_db()
    assert (program.period_start, program.period_end) == (2022, 2026)
