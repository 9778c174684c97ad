"""Shared fixtures: one signed-in client per role, and the role users themselves."""

import pytest
from django.contrib.auth.models import Group, User

from core.roles import ADMIN, MANAGER, ROLE_NAMES, STAFF, VIEWER
from tests import needs

#: The agency of the test accounts (scoped permissions, core/scopes.py): a program the
#: tests' staff edit has it among its parties (``home_agency()``, the ``program`` fixtures).
HOME_AGENCY = "Văn phòng thử nghiệm"


def home_agency():
    """The test accounts' agency (created on first use)."""
    from agencies.models import Agency, AgencyKind

    agency, _created = Agency.objects.get_or_create(
        name=HOME_AGENCY, defaults={"short_name": "VPTN", "kind": AgencyKind.STATE_BODY}
    )
    return agency


def make_user(username: str, role: str | None, agency=HOME_AGENCY) -> User:
    """An account in ``role``'s group whose profile has ``agency`` (the test agency unless
    told; None for an account without agency)."""
    from agencies.models import UserProfile

    user = User.objects.create_user(username=username, password="pw", email=f"{username}@x.vn")
    if role:
        user.groups.add(Group.objects.get(name=role))
        if role == ADMIN:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        if agency == HOME_AGENCY:
            agency = home_agency()
        UserProfile.objects.create(user=user, agency=agency)
    return user


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip a test whose part of the machine is missing (tests.needs), unless CI is set..."""
    for item in items:
        needs.mark_skips(item)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """...in which case it fails."""
    needs.fail_if_missing(item)


@pytest.fixture
def users(db) -> dict[str, User]:
    """A user for each role, plus ``nobody`` (signed in, in no group)."""
    result = {role: make_user(role, role) for role in ROLE_NAMES}
    result["nobody"] = make_user("nobody", None)
    return result


@pytest.fixture
def client_for(client, users):
    """``client_for("staff")`` signs the test client in as that role and returns it."""

    def sign_in(role: str):
        client.force_login(users[role])
        return client

    return sign_in


@pytest.fixture
def viewer_client(client_for):
    return client_for(VIEWER)


@pytest.fixture
def staff_client(client_for):
    return client_for(STAFF)


@pytest.fixture
def manager_client(client_for):
    return client_for(MANAGER)


@pytest.fixture
def admin_client_role(client_for):
    return client_for(ADMIN)


def set_agency(user: User, agency) -> User:
    """Move ``user``'s account to ``agency`` (its scope: core/scopes.py)."""
    from agencies.models import UserProfile
    from core import scopes

    UserProfile.objects.update_or_create(user=user, defaults={"agency": agency})
    scopes.forget(user)
    return user


#: A Redis cache where nothing listens (port 1), for the tests of a cache that is down: the
#: pages and saves must go on without it.
UNREACHABLE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
