"""Files attached to records: the signed scan of a program, a directive's text, a meeting's
minutes. Generic (content type + id) so any record listed in :mod:`attachments.registry` takes
them; the file sits in Django's default storage under a name nobody can guess and is served only
through :class:`attachments.views.AttachmentDownloadView`, which checks the reader may see the
record."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import NormalizedModel


class AttachmentKind(models.TextChoices):
    SIGNED_SCAN = "signed_scan", _("Signed scan")
    DOCUMENT = "document", _("Document")
    MINUTES = "minutes", _("Minutes")
    OTHER = "other", _("Other")


def attachment_upload_to(attachment: "Attachment", filename: str) -> str:
    """A random name in a folder per month: the original name is kept in a column only."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class AttachmentQuerySet(models.QuerySet):
    def for_record(self, record: models.Model):
        return self.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )


def attachment_history(record: models.Model):
    """Historical records of the files attached to ``record`` (removed ones included), for
    its history tab (:meth:`core.views.HistoryMixin.get_history_related`)."""
    return Attachment.history.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    )


class Attachment(NormalizedModel):
    """A file attached to a record (tệp đính kèm): what it is, who added it and when."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    record = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(
        _("kind"), max_length=16, choices=AttachmentKind.choices, default=AttachmentKind.DOCUMENT
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    media_type = models.CharField(_("file type"), max_length=128)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    checksum = models.CharField(_("SHA-256 of the file"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
    )
    uploaded_at = models.DateTimeField(_("added at"), default=timezone.now)
    history = HistoricalRecords()

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_record")]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("attachments:attachment_download", args=[self.pk])
