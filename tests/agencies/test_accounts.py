"""Accounts: every account has a profile (agency, official), created with the account, by the
migration for existing ones, or on first use; the demo accounts keep their logins and get an
agency from the demo data; Django admin edits the profile on the user's page."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from agencies.management.commands.create_demo_accounts import DEMO_ACCOUNTS_REFUSED
from agencies.models import Agency, UserProfile
from agencies.services import account_create
from core.demo_loader import load_demo
from core.roles import ADMIN, MANAGER, STAFF, VIEWER
from tests.agencies.factories import AgencyFactory, OfficialFactory
from tests.formpage import form_data

# -- demo accounts -----------------------------------------------------------------------------


@pytest.fixture
def demo_settings(settings):
    settings.DEBUG = True
    settings.DEMO_ACCOUNTS_ENABLED = True
    return settings


def test_create_demo_accounts_puts_each_in_its_group(db, demo_settings):
    call_command("create_demo_accounts", stdout=StringIO())
    User = get_user_model()
    for role in (ADMIN, MANAGER, STAFF, VIEWER):
        user = User.objects.get(username=role)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert authenticate(username=role, password="demo") == user
    admin = User.objects.get(username=ADMIN)
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.filter(is_staff=True).exclude(username=ADMIN).exists()
    assert User.objects.get(username=MANAGER).has_perm("reports.export_report")


def test_create_demo_accounts_is_idempotent(db, demo_settings):
    call_command("create_demo_accounts", stdout=StringIO())
    User = get_user_model()
    before = list(User.objects.order_by("pk").values_list("pk", "password", "is_superuser"))
    out = StringIO()
    call_command("create_demo_accounts", stdout=out)
    assert list(User.objects.order_by("pk").values_list("pk", "password", "is_superuser")) == before
    assert out.getvalue().count("unchanged") == 4


def test_create_demo_accounts_repairs_a_changed_password(db, demo_settings):
    call_command("create_demo_accounts", stdout=StringIO())
    viewer = get_user_model().objects.get(username=VIEWER)
    viewer.set_password("other")
    viewer.save()
    out = StringIO()
    call_command("create_demo_accounts", stdout=out)
    assert "viewer: updated" in out.getvalue()
    assert authenticate(username=VIEWER, password="demo") is not None


@pytest.mark.parametrize(("debug", "enabled"), [(False, True), (True, False), (False, False)])
def test_create_demo_accounts_refused_outside_development(db, settings, debug, enabled):
    settings.DEBUG = debug
    settings.DEMO_ACCOUNTS_ENABLED = enabled
    with pytest.raises(CommandError) as error:
        call_command("create_demo_accounts", stdout=StringIO())
    assert str(error.value) == DEMO_ACCOUNTS_REFUSED
    assert not get_user_model().objects.exists()


def test_demo_accounts_get_their_agencies_from_the_demo_data(db, demo_settings):
    load_demo()
    call_command("create_demo_accounts", stdout=StringIO())
    User = get_user_model()
    agencies = {
        role: User.objects.get(username=role).profile.agency.name
        for role in (ADMIN, MANAGER, STAFF, VIEWER)
    }
    assert agencies == {
        ADMIN: "Ban Dân vận Trung ương",
        MANAGER: "Ban Dân vận Trung ương",
        STAFF: "Ban Dân vận Trung ương",
        VIEWER: "Bộ Ngoại giao",
    }
    assert not UserProfile.objects.filter(official__isnull=False).exists()
    out = StringIO()
    call_command("create_demo_accounts", stdout=out)
    assert out.getvalue().count("unchanged") == 4


def test_demo_accounts_made_before_the_demo_data_get_agencies_on_the_next_run(db, demo_settings):
    call_command("create_demo_accounts", stdout=StringIO())
    staff = get_user_model().objects.get(username=STAFF)
    assert staff.profile.agency is None
    load_demo()
    out = StringIO()
    call_command("create_demo_accounts", stdout=out)
    assert "staff: updated" in out.getvalue()
    staff.refresh_from_db()
    assert staff.profile.agency.name == "Ban Dân vận Trung ương"
    assert authenticate(username=STAFF, password="demo") == staff


def test_account_create_makes_the_profile(db):
    agency, official = AgencyFactory(), OfficialFactory()
    group = Group.objects.get(name=STAFF)
    user = account_create(
        username="chuyenvien", password="pw", groups=[group], agency=agency, official=official
    )
    user = get_user_model().objects.select_related("profile").get(pk=user.pk)
    assert (user.profile.agency, user.profile.official) == (agency, official)
    assert list(user.groups.all()) == [group]
    assert user.profile.history.count() == 1


def test_an_account_made_elsewhere_gets_a_profile_on_first_use(db):
    user = get_user_model().objects.create_user("khac", password="pw")
    profile = UserProfile.objects.for_user(user)
    assert profile.agency is None
    assert UserProfile.objects.for_user(user) == profile
    assert UserProfile.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_accounts_a_profile_and_keeps_their_logins():
    executor = MigrationExecutor(connection)
    executor.migrate([("agencies", "0002_user_profile")])
    old_apps = executor.loader.project_state([("agencies", "0002_user_profile")]).apps
    OldUser = old_apps.get_model("auth", "User")
    user = get_user_model().objects.create_user("staff", password="demo")
    assert not old_apps.get_model("agencies", "UserProfile").objects.exists()
    assert OldUser.objects.count() == 1

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    user = get_user_model().objects.get(pk=user.pk)
    assert user.profile.agency is None
    assert authenticate(username="staff", password="demo") == user


def test_admin_edits_the_profile_on_the_user_page(client_for, users):
    agency = AgencyFactory(name="Ban Dân vận Trung ương")
    official = OfficialFactory(full_name="Bùi Thị Minh Hoài")
    admin = client_for(ADMIN)
    url = reverse("admin:auth_user_change", args=[users[STAFF].pk])
    data = form_data(admin.get(url), "user_form")
    assert data["profile-TOTAL_FORMS"] == "1"  # the inline is on the page
    data.update({"profile-0-agency": str(agency.pk), "profile-0-official": str(official.pk)})

    response = admin.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    profile = UserProfile.objects.get(user=users[STAFF])
    assert (profile.agency, profile.official) == (agency, official)
    changelist = admin.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Ban Dân vận Trung ương" in changelist


def test_an_account_added_in_the_admin_has_a_profile(client_for):
    admin = client_for(ADMIN)
    url = reverse("admin:auth_user_add")
    data = form_data(admin.get(url), "user_form")
    password = "mat-khau-dai-123"
    data.update({"username": "moi", "password1": password, "password2": password})
    data.setdefault("usable_password", "true")

    response = admin.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    assert UserProfile.objects.get(user__username="moi").agency is None


def test_agency_autocomplete_serves_the_profile_inline(client_for):
    AgencyFactory(name="Bộ Ngoại giao")
    response = client_for(ADMIN).get(
        reverse("admin:autocomplete"),
        {
            "term": "ngoai giao",
            "app_label": "agencies",
            "model_name": "userprofile",
            "field_name": "agency",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == [
        str(Agency.objects.get(name="Bộ Ngoại giao"))
    ]
