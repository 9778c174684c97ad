"""Create the development accounts admin, manager, staff and viewer (password "demo"), each in
its role group and with an agency from the demo data on its profile; refused unless DEBUG and
DEMO_ACCOUNTS_ENABLED are both on."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.roles import ADMIN, MANAGER, ROLE_NAMES, STAFF, VIEWER, sync_role_groups

from ...models import Agency
from ...services import account_create, account_set_profile

DEMO_PASSWORD = "demo"
#: One account per role, named after it, in this order.
DEMO_ACCOUNTS = (ADMIN, MANAGER, STAFF, VIEWER)
#: The agency on each demo account's profile (names from the demo data, agencies/demo.py);
#: none of the seeds' officials is one of these generic accounts, so no official is linked.
#: An agency missing from the database (demo data not loaded) leaves the profile empty.
DEMO_AGENCIES = {
    ADMIN: "Ban Dân vận Trung ương",
    MANAGER: "Ban Dân vận Trung ương",
    STAFF: "Ban Dân vận Trung ương",
    VIEWER: "Bộ Ngoại giao",
}
DEMO_ACCOUNTS_REFUSED = (
    "Demo accounts (password “demo”) are for development only: they are created only when "
    "DEBUG is on and DEMO_ACCOUNTS_ENABLED is True. Refusing to create them."
)


class Command(BaseCommand):
    help = (
        'Create the demo accounts admin, manager, staff and viewer with password "demo" in '
        "their role groups (development only; idempotent)."
    )

    def handle(self, *args, **options) -> None:
        if not (settings.DEBUG and getattr(settings, "DEMO_ACCOUNTS_ENABLED", False)):
            raise CommandError(DEMO_ACCOUNTS_REFUSED)
        with transaction.atomic():
            if Group.objects.filter(name__in=ROLE_NAMES).count() < len(ROLE_NAMES):
                sync_role_groups()
            for role in DEMO_ACCOUNTS:
                outcome = self.ensure_account(role)
                self.stdout.write(f"{role}: {outcome}")

    @staticmethod
    def ensure_account(role: str) -> str:
        """Create or repair the account named ``role``; return "created", "updated" or
        "unchanged". Only what differs is written, so a second run writes nothing."""
        User = get_user_model()
        group = Group.objects.get(name=role)
        is_admin = role == ADMIN
        agency = Agency.objects.filter(name=DEMO_AGENCIES[role]).first()
        user = User.objects.filter(username=role).first()
        if user is None:
            account_create(
                username=role,
                password=DEMO_PASSWORD,
                groups=[group],
                agency=agency,
                is_staff=is_admin,
                is_superuser=is_admin,
            )
            return "created"
        changed = False
        for flag, wanted in (
            ("is_active", True),
            ("is_staff", is_admin),
            ("is_superuser", is_admin),
        ):
            if getattr(user, flag) != wanted:
                setattr(user, flag, wanted)
                changed = True
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            changed = True
        if changed:
            user.save()
        if set(user.groups.values_list("pk", flat=True)) != {group.pk}:
            user.groups.set([group])
            changed = True
        if account_set_profile(user, agency=agency, official=None):
            changed = True
        return "updated" if changed else "unchanged"
