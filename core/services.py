"""Writes every app shares: one row (with its many-to-many sets) saved the way the apps'
services save, for callers that hold data rather than forms (the REST API, imports)."""

from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction

from .concurrency import claim_version
from .models import VersionedModel


def history_stamp(instance, *, user: AbstractBaseUser | None, reason: str = "") -> None:
    """Who saves (or deletes) ``instance`` and why, for the history record written next."""
    if user is not None and user.is_authenticated:
        instance._history_user = user
    instance._change_reason = reason or None


def record_save(
    instance: models.Model,
    *,
    expected_version: int | None = None,
    m2m: Mapping[str, Iterable] | None = None,
    children: Iterable = (),
    user: AbstractBaseUser | None = None,
    reason: str = "",
) -> models.Model:
    """Save ``instance`` and set its many-to-many fields ``m2m`` in one transaction.

    A versioned row (:class:`core.models.VersionedModel`) is first claimed at
    ``expected_version`` (:func:`core.concurrency.claim_version`, raising
    :class:`core.concurrency.EditConflict` when someone saved since; ``None`` skips the check).
    ``full_clean()`` runs before the save (``ValidationError``: nothing written). ``user`` and
    ``reason`` go on the history record.
    """
    with transaction.atomic():
        if isinstance(instance, VersionedModel):
            claim_version(instance, expected=expected_version, children=children)
        history_stamp(instance, user=user, reason=reason)
        instance.full_clean()
        instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(list(values))
    return instance


def record_delete(
    instance: models.Model, *, user: AbstractBaseUser | None = None, reason: str = ""
) -> None:
    """Delete ``instance``, recording who and why in its history."""
    with transaction.atomic():
        history_stamp(instance, user=user, reason=reason)
        instance.delete()
