"""Writing directives: the directive and its outgoing links in one transaction."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.concurrency import claim_version
from core.integrity import as_validation_error

from .models import Directive, DirectiveLink


def directive_save(
    *,
    directive: Directive,
    links: Iterable[DirectiveLink] = (),
    removed_links: Iterable[DirectiveLink] = (),
    incoming: Iterable[DirectiveLink] = (),
    removed_incoming: Iterable[DirectiveLink] = (),
    user: AbstractBaseUser | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Directive:
    """Create or update ``directive`` with its outgoing links, all or nothing.

    ``links`` are new or changed outgoing links (their source is set here); ``removed_links``
    are deleted; ``incoming`` and ``removed_incoming`` the same for links from other directives
    to this one (their target is set here), so links are edited from both ends. Every row is
    ``full_clean()``-ed before it is saved, so a duplicate identifier
    and date (:data:`~directives.models.DIRECTIVE_DUPLICATE`), an unparseable identifier or a
    link that would close a cycle (:data:`~directives.models.LINK_CYCLE`) raise
    :class:`ValidationError` and roll everything back. ``reason`` is recorded as the history
    change reason of the directive and of each link written; ``user`` as the history user.

    ``expected_version`` is the version the form was opened at: when someone saved the
    directive (or its links) since, :class:`core.concurrency.EditConflict` is raised and nothing
    is written.
    """
    links, removed_links = list(links), list(removed_links)
    incoming, removed_incoming = list(incoming), list(removed_incoming)
    created = [row for row in (directive, *links, *incoming) if row.pk is None]
    try:
        with transaction.atomic():
            directive.full_clean()
            claim_version(
                directive,
                expected=expected_version,
                children=[
                    DirectiveLink.history.filter(source_id=directive.pk),
                    DirectiveLink.history.filter(target_id=directive.pk),
                ],
            )
            _mark_history(directive, user=user, reason=reason)
            directive.save()
            for link in (*removed_links, *removed_incoming):
                _mark_history(link, user=user, reason=reason)
                link.delete()
            for link in links:
                link.source = directive
                _save_link(link, link.target, user=user, reason=reason)
            for link in incoming:
                link.target = directive
                _save_link(link, link.source, user=user, reason=reason)
    except IntegrityError as error:
        # A concurrent save of the same identifier and date won the race.
        for row in created:
            row.pk = None
            row._state.adding = True
        raise as_validation_error(error, directive, *links) from error
    except Exception:
        # The rollback undid the rows created: make them new again, so the form that re-shows
        # them does not point at rows that no longer exist.
        for row in created:
            row.pk = None
            row._state.adding = True
        raise
    return directive


def _save_link(link: DirectiveLink, other: Directive, *, user, reason: str) -> None:
    """Validate and save one link; an error names the link ("implements 25-NQ/TW: …")."""
    try:
        link.full_clean()
    except ValidationError as error:
        raise ValidationError(
            {"links": [f"{link.get_kind_display()} {other}: {m}" for m in error.messages]}
        ) from error
    _mark_history(link, user=user, reason=reason)
    link.save()


def _mark_history(instance, *, user, reason: str) -> None:
    """What django-simple-history records with the next save or delete of ``instance``."""
    if user is not None and user.is_authenticated:
        instance._history_user = user
    if reason:
        instance._change_reason = reason
