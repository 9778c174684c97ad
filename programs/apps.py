from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    """Coordination programs, their signatories, tasks, progress updates and review meetings."""

    name = "programs"
    verbose_name = _("Programs")
