"""Adding and removing attachments: the type is read from the content, the size checked
against ``settings.ATTACHMENT_MAX_BYTES``, the file stored through the default storage and the
row recorded in the history with who added it."""

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.services import history_stamp

from .models import Attachment
from .registry import is_attachable
from .validators import ACCEPTED, sniff

WRONG_TYPE = _(
    "This file is not one of the accepted types (%(types)s): its content was checked, not its name."
)
TOO_LARGE = _("This file is %(size)s; the largest accepted is %(limit)s.")
EMPTY_FILE = _("This file is empty.")
NOT_ATTACHABLE = _("Files cannot be attached to this kind of record.")
ADDED_REASON = _("File attached: %(name)s")
REMOVED_REASON = _("Attachment removed: %(name)s")


def attachment_add(
    *,
    record: models.Model,
    file: UploadedFile,
    kind: str,
    description: str = "",
    user: AbstractBaseUser | None = None,
) -> Attachment:
    """Attach ``file`` to ``record``. Refused with ``ValidationError`` (nothing stored) when the
    record takes no attachments, the file is empty or larger than the limit, or its content is
    not PDF, PNG, JPEG, .docx or .xlsx."""
    if not is_attachable(record):
        raise ValidationError(NOT_ATTACHABLE, code="not_attachable")
    limit = settings.ATTACHMENT_MAX_BYTES
    if not file.size:
        raise ValidationError({"file": [EMPTY_FILE]})
    if file.size > limit:
        raise ValidationError(
            {
                "file": [
                    ValidationError(
                        TOO_LARGE,
                        code="too_large",
                        params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
                    )
                ]
            }
        )
    detected = sniff(file)
    if detected is None:
        raise ValidationError(
            {
                "file": [
                    ValidationError(
                        WRONG_TYPE,
                        code="wrong_type",
                        params={"types": ", ".join(kind.label for kind in ACCEPTED)},
                    )
                ]
            }
        )
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    name = file.name.rsplit("/", 1)[-1] or f"file.{detected.extension}"
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        kind=kind,
        description=description,
        original_name=name,
        media_type=detected.media_type,
        size=file.size,
        checksum=digest.hexdigest(),
        uploaded_by=user if user is not None and user.is_authenticated else None,
    )
    # The stored name takes the detected type's extension, whatever the upload was called.
    file.name = f"upload.{detected.extension}"
    attachment.file = file
    history_stamp(attachment, user=user, reason=str(ADDED_REASON % {"name": name}))
    with transaction.atomic():
        attachment.full_clean()
        attachment.save()
    return attachment


def attachment_remove(*, attachment: Attachment, user: AbstractBaseUser | None = None) -> None:
    """Remove ``attachment`` from its record. The stored file is kept: the history still
    names it, and an administrator can restore a signed scan removed by mistake."""
    history_stamp(attachment, user=user, reason=str(REMOVED_REASON % {"name": attachment}))
    with transaction.atomic():
        attachment.delete()
