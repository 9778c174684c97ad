from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """PDF review reports: the ReportJob row, the WeasyPrint renderer and the Celery task."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from .scopes import register_rules

        register_rules()
