from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    """Directives (văn bản chỉ đạo) and the typed links between them."""

    name = "directives"
    verbose_name = _("Directives")
