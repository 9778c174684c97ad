from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    """Each account's own view of the work: what it follows, "my work", the daily digest
    e-mail and the calendar feed (the top layer: it reads programs, directives and reports)."""

    name = "work"
    verbose_name = _("My work")
