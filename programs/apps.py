from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    """Coordination programs, their signatories, tasks, progress updates and review meetings."""

    name = "programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        from .scopes import register_rules

        register_rules()
