"""Viewer journey: reads every page the other journeys use, is offered no way to change
anything or export a report, and is refused (403) at every edit address typed in directly."""

from django.urls import reverse
from playwright.sync_api import expect

from agencies.models import Official
from directives.models import Directive
from programs.models import ReviewMeeting
from tests.e2e.helpers import write_links
from tests.programs.factories import TaskFactory


def test_viewer_reads_everything_changes_nothing(page, demo, sign_in, shoot, watch, live_server):
    sign_in("viewer")
    program = demo.program_90
    # A task with progress, so the program page shows the "Record progress" place it must hide.
    task = program.tasks.order_by("pk").first() or TaskFactory(
        program=program, lead_agency=demo.mofa, progress=30
    )
    meeting = ReviewMeeting.objects.filter(programs=program).order_by("pk").first()
    directive = program.based_on.order_by("pk").first() or Directive.objects.order_by("pk").first()
    signer = program.signatories.exclude(official=None).select_related("official").first()
    official = signer.official if signer else Official.objects.order_by("pk").first()

    pages = {
        "home": reverse("home"),
        "search": reverse("search") + "?q=chuong+trinh+phoi+hop+90",
        "programs": reverse("programs:program_list"),
        "program 90-CTr": program.get_absolute_url(),
        "meetings": reverse("programs:reviewmeeting_list"),
        "meeting": meeting.get_absolute_url(),
        "directives": reverse("directives:directive_list"),
        "directive": directive.get_absolute_url(),
        "agencies": reverse("agencies:agency_list"),
        "agency": demo.mofa.get_absolute_url(),
        "officials": reverse("agencies:official_list"),
        "official": official.get_absolute_url(),
    }
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        expect(page.locator("main h1").first).to_be_visible()
        assert write_links(page, live_server.url) == [], f"{name} offers a change: {url}"
        shoot(name)  # also checks the text for template syntax and the width on a phone

    edit_addresses = [
        reverse("programs:program_create"),
        reverse("programs:program_update", args=[program.pk]),
        reverse("programs:taskupdate_create", args=[task.pk]),
        reverse("programs:reviewmeeting_create"),
        reverse("programs:reviewmeeting_update", args=[meeting.pk]),
        reverse("directives:directive_create"),
        reverse("directives:directive_update", args=[directive.pk]),
        reverse("reports:reportjob_list"),
    ]
    with watch.allow(403):
        for url in edit_addresses:
            response = page.goto(url)
            assert response.status == 403, f"{url} answered {response.status}, not 403"
        shoot("refused")
    assert len(watch.seen_allowed) == len(edit_addresses)


def test_viewer_menu_only_offers_pages_the_viewer_may_open(page, demo, sign_in, shoot, watch):
    sign_in("viewer")
    page.goto(reverse("home"))
    shoot("menu")
    menu = page.eval_on_selector_all("#mainnav .nav-link[href]", "els => els.map(e => e.href)")
    assert len(menu) >= 5
    refused = []
    with watch.allow(403):
        for url in menu:
            if not url.endswith("#") and page.goto(url).status != 200:
                refused.append(url)
    assert refused == []
