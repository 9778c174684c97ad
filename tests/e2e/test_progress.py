"""Manager journey: progress at a glance. The home page draws the programs on a timeline by
period and the overdue tasks per lead agency; a program's page its roll-up, its tasks by status
and its progress over time (the demo's illustrative updates); the Lao agreement of 2021-2025
reads "ended". Screenshots at 1366 and 390 px; no page scrolls sideways (the harness checks)."""

from django.urls import reverse
from playwright.sync_api import expect

from programs.models import Program


def _bars(locator) -> int:
    return locator.locator("svg rect.ph-chart-bar").count()


def test_manager_sees_the_charts(page, demo, sign_in, shoot, live_server):
    sign_in("manager")
    page.goto(live_server.url + reverse("home"))
    timeline = page.get_by_test_id("timeline-chart")
    expect(timeline.locator("svg[role=img]")).to_be_visible()
    # Every demo program running this year or later has its bar (the ended ones do not).
    running = Program.objects.exclude(period_end__lt=2026).count()
    assert _bars(timeline) == running
    overdue = page.get_by_test_id("overdue-chart")
    expect(overdue.locator("svg[role=img]")).to_be_visible()
    assert _bars(overdue) >= 1
    shoot("home with charts")

    program = Program.objects.by_identifier("02-CTr/BDVTW-BCSĐBNG").get()
    page.goto(live_server.url + program.get_absolute_url())
    progress = page.get_by_test_id("progress")
    expect(progress.get_by_test_id("program-progress")).to_contain_text("%")
    expect(progress.get_by_test_id("status-chart").locator("svg")).to_be_visible()
    line = progress.get_by_test_id("progress-chart").locator("svg polyline.ph-chart-line")
    expect(line).to_be_visible()
    assert progress.get_by_test_id("progress-chart").locator("svg circle").count() > 3
    # The figures behind a chart, as a table.
    progress.get_by_test_id("status-chart").locator("summary").click()
    expect(progress.get_by_test_id("status-chart").locator("table")).to_be_visible()
    shoot("program with charts")

    lao = Program.objects.get(period_start=2021, period_end=2025)
    page.goto(live_server.url + lao.get_absolute_url())
    expect(page.locator(".ph-badge").first).to_have_attribute("data-status", "completed")
    shoot("ended agreement")
