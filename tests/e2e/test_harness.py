"""The harness itself: a broken page must fail a journey, and a sound one must not."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.helpers import template_leaks, wrapped_menu_entries


def test_login_form_signs_in_and_the_home_page_is_clean(page, e2e_users, shoot, watch):
    page.goto(reverse("home"))
    expect(page).to_have_url(re.compile(re.escape(reverse("login")) + r"\?next="))
    shoot("login")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "pw")
    page.click("form[action] button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(reverse("home")) + "$"))
    expect(page.locator("nav .dropdown-toggle")).to_contain_text("staff")
    shoot("home")
    assert watch.problems == []


def test_the_watch_catches_missing_pages_console_errors_and_uncaught_exceptions(
    page, sign_in, watch
):
    sign_in("viewer")
    page.goto(reverse("home"))
    assert watch.problems == []

    page.goto("/this-page-does-not-exist/")
    page.evaluate("console.error('broken on purpose')")
    page.evaluate("setTimeout(() => { throw new Error('thrown on purpose'); }, 0)")
    page.evaluate("document.body.append('{% trans \"split over lines\" %}')")
    page.wait_for_timeout(200)
    watch.problems.extend(template_leaks(page))

    found = "\n".join(watch.problems)
    assert "HTTP 404" in found
    assert "broken on purpose" in found
    assert "thrown on purpose" in found
    assert "template syntax on the page" in found
    watch.problems.clear()  # seen and judged: the page fixture must not fail this test
    page.goto(reverse("home"))


def test_the_menu_fits_one_line_at_office_width_and_a_wrap_is_caught(page, sign_in, watch):
    """At 1,366 px every menu entry is on one line (the check ``shoot`` runs); squeezed, the
    check names the entries that wrap."""
    sign_in("admin")
    page.goto(reverse("home"))
    assert page.locator(".ph-navbar .nav-link").count() >= 7
    assert wrapped_menu_entries(page) == []
    page.evaluate(
        """() => document.querySelectorAll(".ph-navbar .nav-link").forEach(link => {
          link.style.whiteSpace = "normal"; link.style.maxWidth = "4rem"; })"""
    )
    assert "Chương trình" in wrapped_menu_entries(page)
    assert watch.problems == []


def test_expected_statuses_are_not_problems(page, sign_in, watch):
    sign_in("viewer")
    with watch.allow(404):
        response = page.goto("/this-page-does-not-exist/")
    assert response.status == 404
    assert watch.problems == []
    assert watch.seen_allowed


def test_every_page_a_tab_loads_is_measured_at_its_width(phone, sign_in, watch):
    """The load hook (tests.e2e.helpers.measure_every_page) measures each page as it appears,
    at the journey's width: a page wider than the phone fails the journey, named."""
    sign_in("viewer")
    phone.goto(reverse("programs:task_list"))
    assert watch.problems == []
    wide = (
        "<!doctype html><html><head><meta charset=utf-8></head>"
        "<body><p style='width:900px'>rộng quá</p></body></html>"
    )
    phone.route("**/too-wide/", lambda route: route.fulfill(body=wide, content_type="text/html"))
    phone.goto("/too-wide/")
    phone.wait_for_timeout(100)  # the load event's handler runs when the test yields
    found = "\n".join(watch.problems)
    assert "page scrolls sideways" in found
    assert "/too-wide/ at 390 px" in found
    watch.problems.clear()  # seen and judged
    if "/too-wide/" in watch.visited:
        watch.visited.remove("/too-wide/")
    phone.goto(reverse("home"))
