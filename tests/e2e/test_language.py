"""Language journey: switch the interface to English from the user menu, and back."""

from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.helpers import at


def label(text: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def switch_to(page, language: str) -> None:
    page.locator("#mainnav .dropdown-toggle").click()
    page.locator(f"button[data-language={language}]").click()


def test_switch_to_english_and_back(page, demo, sign_in, shoot):
    sign_in("staff")
    detail = demo.program_90.get_absolute_url()
    page.goto(detail)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    home_link = page.locator("#mainnav .nav-link").first
    expect(home_link).to_have_text(label("Home", "vi"))
    shoot("vietnamese")

    switch_to(page, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(at(detail))  # stays on the page it was on
    expect(home_link).to_have_text("Home")
    expect(page.locator("button[data-language=en]")).to_have_class("btn btn-sm btn-secondary")
    shoot("english")

    page.goto(reverse("programs:program_list"))  # the choice holds on the next page
    expect(page.locator("html")).to_have_attribute("lang", "en")

    switch_to(page, "vi")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page).to_have_url(at(reverse("programs:program_list")))
    expect(home_link).to_have_text(label("Home", "vi"))
    shoot("back in vietnamese")
