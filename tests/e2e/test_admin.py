"""Admin journey: in Django admin, add an agency under Bộ Ngoại giao, give an official a position
there, and find the new agency offered as a signing party in the program form."""

import datetime

from django.urls import reverse
from playwright.sync_api import expect

from agencies.models import Agency, Position
from tests.e2e.helpers import at, choose_in_autocomplete, pick

NEW_AGENCY = "Vụ Ngoại giao văn hóa và UNESCO"
OFFICIAL = "Phạm Quang Hiệu"


def test_admin_adds_an_agency_and_a_position_then_staff_forms_offer_it(page, demo, sign_in, shoot):
    sign_in("admin")
    page.goto(reverse("admin:agencies_agency_add"))
    shoot("agency add form")
    page.fill("#id_name", NEW_AGENCY)
    page.fill("#id_short_name", "VNGVH")
    page.select_option("#id_kind", "unit")
    # Diacritics left out on purpose: the admin search folds them.
    choose_in_autocomplete(page, "id_parent", "bo ngoai giao", demo.mofa.name)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page).to_have_url(at(reverse("admin:agencies_agency_changelist"), query=True))
    shoot("agency saved")
    agency = Agency.objects.get(name=NEW_AGENCY)
    assert agency.parent == demo.mofa

    page.goto(reverse("admin:agencies_official_changelist") + "?q=pham quang hieu")
    page.get_by_role("link", name=OFFICIAL).click()
    # The inline's empty extra row (the hidden "__prefix__" row is the template for "Add another").
    empty_row = page.locator("select[id^='id_positions-'][id$='-agency']:not([id*='__prefix__'])")
    row_id = empty_row.last.get_attribute("id")
    prefix = row_id.removesuffix("-agency")
    choose_in_autocomplete(page, row_id, "unesco", NEW_AGENCY)
    page.fill(f"#{prefix}-title", "Vụ trưởng")
    page.fill(f"#{prefix}-start_date", "01/02/2025")
    shoot("position filled in")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    position = Position.objects.get(agency=agency)
    assert position.official.full_name == OFFICIAL
    assert position.start_date == datetime.date(2025, 2, 1)  # typed day first

    page.goto(reverse("programs:program_create"))
    shoot("program form")
    # The new agency is found in the staff form's agency box (searched as the user types).
    pick(page.locator("select[name='signatories-0-agency']"), "unesco", NEW_AGENCY)


def test_the_agency_list_is_readable_at_1366_px(page, demo, sign_in, shoot):
    """Beside the admin's menu and filters, every column of the agency list is on the screen
    (the table does not scroll sideways in its box) and no row wraps past three lines."""
    sign_in("admin")
    page.goto(reverse("admin:agencies_agency_changelist"))
    shoot("agency list")
    measured = page.evaluate(
        """() => {
          const box = document.querySelector('#changelist .results');
          const rows = [...document.querySelectorAll('#result_list tbody tr')];
          const line = parseFloat(getComputedStyle(rows[0].querySelector('td, th')).lineHeight);
          return {box: box.clientWidth, table: box.scrollWidth, line,
                  tallest: Math.max(...rows.map(row => row.getBoundingClientRect().height))};
        }"""
    )
    assert page.viewport_size["width"] == 1366
    assert measured["table"] <= measured["box"], measured
    assert measured["tallest"] <= 3 * measured["line"] + 20, measured
