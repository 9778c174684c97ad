from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    """Agencies (with their hierarchy, renames and successions), officials and positions."""

    name = "agencies"
    verbose_name = _("Agencies and officials")

    def ready(self) -> None:
        from core import scopes

        from .selectors import account_scope

        scopes.register_account_scope(account_scope)
