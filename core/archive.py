"""Archive (soft delete) and restore of a record, with one history entry each.

Programs, tasks, meetings and directives are archived rather than deleted
(:class:`core.models.ArchivableModel`): hidden from lists, search and the home page by default,
kept with their history. Anyone who may change a record may archive it; restoring needs the
model's ``restore_<model>`` permission (managers, :mod:`core.roles`).
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ARCHIVED_REASON = _("Archived")
RESTORED_REASON = _("Restored from the archive")


def _stamp(instance, *, user: AbstractBaseUser | None, reason: str) -> None:
    if user is not None and user.is_authenticated:
        instance._history_user = user
    instance._change_reason = reason


def archive(instance, *, user: AbstractBaseUser | None = None, reason: str = ""):
    """Archive ``instance`` (no-op when it already is), writing one history record whose reason
    is ``reason`` or "Archived". A versioned row's version goes up (the model's save), so a form
    opened before cannot silently bring it back."""
    with transaction.atomic():
        if instance.archived_at is not None:
            return instance
        instance.archived_at = timezone.now()
        _stamp(instance, user=user, reason=reason or str(ARCHIVED_REASON))
        instance.save(update_fields=["archived_at"])
    return instance


def restore(instance, *, user: AbstractBaseUser | None = None, reason: str = ""):
    """Bring ``instance`` back from the archive (no-op when it is not archived), with one
    history record."""
    with transaction.atomic():
        if instance.archived_at is None:
            return instance
        instance.archived_at = None
        _stamp(instance, user=user, reason=reason or str(RESTORED_REASON))
        instance.save(update_fields=["archived_at"])
    return instance
