"""My work journey (issue 12): a staff member of Ban Dân vận Trung ương signs in and lands on
the home page with their work at the top (a task of their agency due soon, the reviews
coming), opens "my work", follows a program of another agency from its page and finds it
there, then gets the calendar address and downloads the calendar, which parses as iCalendar
with the task's deadline in it."""

import datetime
from pathlib import Path

from django.urls import reverse
from icalendar import Calendar
from playwright.sync_api import expect

from agencies.models import Agency, UserProfile
from programs.models import Program, Task
from tests.e2e.helpers import at

BDV = "Ban Dân vận Trung ương"
DUE_TASK = "Chuẩn bị báo cáo sơ kết công tác dân vận"


def test_staff_sees_my_work_follows_a_program_and_downloads_the_calendar(
    page, demo, e2e_users, shoot
):
    bdv = Agency.objects.get(name=BDV)
    profile = UserProfile.objects.for_user(e2e_users["staff"])
    profile.agency = bdv
    profile.save()
    due_on = datetime.date.today() + datetime.timedelta(days=12)
    task = Task.objects.create(
        program=demo.program_90, title=DUE_TASK, lead_agency=bdv, due_on=due_on
    )
    other = Program.objects.exclude(signatories__agency=bdv).order_by("pk").first()

    page.goto(reverse("home"))
    page.fill("#id_username", "staff")
    page.fill("#id_password", "pw")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(at(reverse("home")))
    panel = page.get_by_test_id("my_work")
    expect(panel).to_contain_text(DUE_TASK)
    expect(page.get_by_test_id("my_work-count")).not_to_have_text("0")
    shoot("home with my work")

    panel.get_by_role("link", name="Tất cả").click()
    expect(page).to_have_url(at(reverse("work:my_work")))
    expect(page.get_by_test_id("my-due")).to_contain_text(DUE_TASK)
    expect(page.get_by_test_id("my-stale")).to_be_visible()
    shoot("my work")

    page.goto(other.get_absolute_url())
    page.get_by_test_id("follow").click()
    expect(page.get_by_test_id("unfollow")).to_be_visible()
    page.goto(reverse("work:my_work"))
    expect(page.get_by_test_id("my-follows")).to_contain_text(other.title[:40])

    page.get_by_test_id("calendar-create").click()
    address = page.get_by_test_id("calendar-url")
    expect(address).to_be_visible()
    shoot("calendar address")
    with page.expect_download() as caught:
        page.get_by_test_id("calendar-download").click()
    ics = Path(caught.value.path()).read_bytes()
    calendar = Calendar.from_ical(ics)
    deadlines = {
        str(event["uid"]).split("@")[0]: event.decoded("dtstart")
        for event in calendar.walk("VEVENT")
    }
    assert deadlines[f"task-{task.pk}"] == due_on
    assert address.input_value().endswith(".ics")
