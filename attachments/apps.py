from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    """Files attached to records: signed scans and other documents."""

    name = "attachments"
    verbose_name = _("Attachments")
