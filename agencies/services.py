"""Writing accounts: a Django user with its :class:`agencies.models.UserProfile`, together."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import transaction

from .models import Agency, Official, UserProfile


def account_create(
    *,
    username: str,
    password: str | None,
    email: str = "",
    groups: Iterable[Group] = (),
    agency: Agency | None = None,
    official: Official | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> AbstractBaseUser:
    """Create an account and its profile in one transaction (``password`` None: unusable)."""
    User = get_user_model()
    with transaction.atomic():
        user = User(username=username, email=email, is_staff=is_staff, is_superuser=is_superuser)
        user.set_password(password)
        user.full_clean()
        user.save()
        user.groups.set(list(groups))
        profile = UserProfile(user=user, agency=agency, official=official)
        profile.full_clean()
        profile.save()
    return user


def account_set_profile(
    user: AbstractBaseUser, *, agency: Agency | None, official: Official | None
) -> bool:
    """Give ``user``'s profile this agency and official (creating the profile if the account
    has none); write only when something differs. Returns whether it wrote."""
    profile = UserProfile.objects.for_user(user)
    if (profile.agency_id, profile.official_id) == (
        agency.pk if agency else None,
        official.pk if official else None,
    ):
        return False
    profile.agency, profile.official = agency, official
    profile.full_clean()
    profile.save()
    return True
