"""The Vietnamese admin speaks Vietnamese (issue 16): the history button says "Lịch sử" (not
Django's "Bản ghi nhớ", a memo), the date widgets' time-zone note is translated, and the
sign-in page offers the language choice before signing in."""

import pytest
from django.urls import reverse

from core.roles import ADMIN
from tests.agencies.factories import AgencyFactory


@pytest.fixture
def admin_vi(client_for):
    client = client_for(ADMIN)
    client.cookies["django_language"] = "vi"
    return client


def test_the_history_button_says_lich_su(admin_vi, db):
    agency = AgencyFactory()
    content = admin_vi.get(reverse("admin:agencies_agency_change", args=[agency.pk])).content
    content = content.decode()
    assert "Lịch sử" in content
    assert "Bản ghi nhớ" not in content


def test_the_time_zone_note_of_admin_date_fields_is_vietnamese(admin_vi, db):
    catalog = admin_vi.get(reverse("admin:jsi18n")).content.decode()
    assert "Enter times in the %(timezone)s timezone" in catalog  # the key (Django 6.1) …
    assert "nh\\u1eadp gi\\u1edd theo m\\u00fai gi\\u1edd" in catalog or (
        "nhập giờ theo múi giờ" in catalog
    )


def test_the_sign_in_page_offers_the_language_and_switches_before_signing_in(client, db):
    page = client.get(reverse("login")).content.decode()
    assert 'data-testid="login-language"' in page
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("login")).content.decode().count("Sign in") >= 1


def test_the_admin_agency_list_shows_the_short_kind_and_one_validity_column(admin_vi, db):
    AgencyFactory(kind="party_body", name="Ban Dân vận Trung ương")
    content = admin_vi.get(reverse("admin:agencies_agency_changelist")).content.decode()
    assert '<td class="field-kind_label">Cơ quan Đảng</td>' in content
    assert "css/admin-agencies.css" in content
