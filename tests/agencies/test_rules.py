"""An agency's name is unique among the live units of its parent (a named constraint); a name
that folds to a live sibling's is a warning the user confirms. Sequentially and through the
admin form (agencies are kept in Django admin); on SQLite and PostgreSQL."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from agencies.models import AGENCY_NAME_TAKEN, Agency
from core.models import NEEDS_CONFIRMATION
from tests.agencies.factories import AgencyFactory

NAME = "Ban Dân vận Trung ương"


def test_the_same_name_twice_at_the_top_is_refused(db):
    AgencyFactory(name=NAME)
    with pytest.raises(ValidationError) as caught:
        Agency(name=NAME).full_clean()
    assert str(AGENCY_NAME_TAKEN) in caught.value.messages


def test_the_same_name_under_one_parent_is_refused_by_the_database(db):
    parent = AgencyFactory()
    AgencyFactory(name="Văn phòng", parent=parent)
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.create(name="Văn phòng", parent=parent)


def test_the_same_name_under_another_parent_or_ended_is_allowed(db):
    AgencyFactory(name="Văn phòng", parent=AgencyFactory())
    Agency(name="Văn phòng", parent=AgencyFactory()).full_clean()
    AgencyFactory(name=NAME, valid_to=datetime.date(2025, 2, 3))
    Agency(name=NAME).full_clean()


def test_a_near_duplicate_by_folded_name_is_a_warning(db):
    AgencyFactory(name=NAME)
    near = Agency(name="Ban dân vận trung ương")
    with pytest.raises(ValidationError) as caught:
        near.full_clean()
    assert [error.code for error in caught.value.error_dict["name"]] == [NEEDS_CONFIRMATION]
    assert NAME in caught.value.messages[0]
    near.confirmed = True
    near.full_clean()
    near.save()
    assert Agency.objects.count() == 2


@pytest.fixture
def admin_page(client_for):
    from core.roles import ADMIN

    return client_for(ADMIN)


def _admin_add_page(client):
    from tests.formpage import FormPage

    return FormPage.open(client, reverse("admin:agencies_agency_add"))


def test_the_admin_form_refuses_a_duplicate_and_confirms_a_near_duplicate(admin_page, db):
    AgencyFactory(name=NAME)
    before = Agency.objects.count()  # with the test accounts' own agency
    page = _admin_add_page(admin_page)
    page.set_all({"name": NAME, "kind": "party_body"})
    response = admin_page.post(page.action, page)
    assert response.status_code == 200
    assert str(AGENCY_NAME_TAKEN) in response.content.decode()

    page.set("name", "Ban dan van Trung uong")
    response = admin_page.post(page.action, page)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'type="checkbox" name="confirmed"' in content
    assert Agency.objects.count() == before

    page.set("confirmed", "on")
    response = admin_page.post(page.action, page)
    assert response.status_code == 302
    assert Agency.objects.count() == before + 1
