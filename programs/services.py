"""Writes on programs, tasks, progress updates and review meetings.

Each service runs in one transaction: either everything it was given is saved, or nothing is.
Saves of programs and meetings check the version the form was opened at
(:func:`core.concurrency.claim_version`) so a second editor cannot silently overwrite the first.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from core import archive
from core.concurrency import claim_version
from core.integrity import as_validation_error

from .models import (
    PROGRESS_RANGE,
    TOO_FEW_PARTIES,
    Program,
    ReviewMeeting,
    Signatory,
    Task,
    TaskStatus,
    TaskUpdate,
)


def _stamp(instance, *, user: AbstractBaseUser | None, reason: str) -> None:
    """Who saved and why, for the history record the save writes."""
    if user is not None and user.is_authenticated:
        instance._history_user = user
    instance._change_reason = reason or None


def _save_related(instance, related: Mapping[str, Iterable]) -> None:
    """Set ``instance``'s many-to-many fields: ``{"based_on": [<Directive>, …]}``."""
    for name, values in related.items():
        getattr(instance, name).set(values)


def _forget_new_rows(instances: list) -> None:
    """After a rollback, make rows created in the transaction new again, so the form that
    re-shows them does not point at rows that no longer exist."""
    for instance in instances:
        instance.pk = None
        instance._state.adding = True


@dataclass
class TaskEdit:
    """A new or changed task of a program save: the unsaved ``task``, the version its row was
    opened at (``None``: a new task, or a write not made from a form) and its many-to-many
    values (``{"coordinating_agencies": [...]}``; left as they are when not given)."""

    task: Task
    expected_version: int | None = None
    related: dict[str, list] = field(default_factory=dict)


def program_save(
    *,
    program: Program,
    related: Mapping[str, Iterable] | None = None,
    parties: Iterable[Signatory] = (),
    removed_parties: Iterable[Signatory] = (),
    tasks: Iterable[TaskEdit] = (),
    removed_tasks: Iterable[Task] = (),
    user: AbstractBaseUser | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Program:
    """Save a program with its signing parties and tasks, in one transaction.

    ``program`` carries its new field values (unsaved); ``related`` its many-to-many values
    (``{"based_on": [...]}``). ``parties`` are new or changed signatories and
    ``removed_parties`` those to delete; ``tasks`` new or changed tasks (:class:`TaskEdit`) and
    ``removed_tasks`` those to delete. Checks the version the program (``expected_version``)
    and each edited task were opened at and raises :class:`core.concurrency.EditConflict` when
    someone saved meanwhile; runs ``full_clean()`` on every row (duplicate identifier and date,
    period order) and requires at least two signing parties, raising ``ValidationError``. A
    signatory left without a title gets the title its official held at that agency on the
    signing date. ``reason`` goes on every history record written. On any error nothing is
    saved and the rows created are made new again.
    """
    parties, tasks = list(parties), list(tasks)
    created: list = []
    try:
        with transaction.atomic():
            if program.pk is None:
                created.append(program)
            claim_version(
                program,
                expected=expected_version,
                children=[
                    Task.history.filter(program_id=program.pk),
                    Signatory.history.filter(program_id=program.pk),
                ]
                if program.pk
                else (),
            )
            _stamp(program, user=user, reason=reason)
            program.full_clean()
            program.save()
            _save_related(program, related or {})

            for signatory in removed_parties:
                _stamp(signatory, user=user, reason=reason)
                signatory.delete()
            for signatory in parties:
                signatory.program = program
                if not signatory.title and signatory.official_id and program.signed_on:
                    signatory.title = signatory.official.title_on(
                        signatory.agency_id, program.signed_on
                    )
                if signatory.pk is None:
                    created.append(signatory)
                _stamp(signatory, user=user, reason=reason)
                signatory.full_clean()
                signatory.save()
            if program.signatories.count() < 2:
                raise ValidationError(TOO_FEW_PARTIES, code="too_few_parties")

            for task in removed_tasks:
                _stamp(task, user=user, reason=reason)
                task.delete()
            for edit in tasks:
                task = edit.task
                task.program = program
                if task.pk is None:
                    created.append(task)
                claim_version(task, expected=edit.expected_version)
                _stamp(task, user=user, reason=reason)
                task.full_clean()
                task.save()
                _save_related(task, edit.related)
    except IntegrityError as error:
        # A concurrent save of the same identifier (or party, or row) won the race.
        _forget_new_rows(created)
        rows = [program, *parties, *(edit.task for edit in tasks)]
        raise as_validation_error(error, *rows) from error
    except Exception:
        _forget_new_rows(created)
        raise
    return program


def task_save(
    *,
    task: Task,
    related: Mapping[str, Iterable] | None = None,
    user: AbstractBaseUser | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Task:
    """Save one task of its program (new or changed) with its many-to-many values
    (``{"coordinating_agencies": [...]}``): the per-row edit of a program's tasks, so saving a
    task of a program with 1,000 tasks posts and writes that task only.

    Checks the version the form was opened at (``expected_version``) and raises
    :class:`core.concurrency.EditConflict` when someone saved the task meanwhile (another
    form, a bulk change, a progress update); runs ``full_clean()`` (``ValidationError``). A new
    task goes after the program's last one. ``reason`` goes on the history record. On any
    error nothing is saved and a new task is made new again.
    """
    created = task.pk is None
    try:
        with transaction.atomic():
            if created:
                last = (
                    Task.objects.filter(program_id=task.program_id)
                    .order_by("-order")
                    .values_list("order", flat=True)
                    .first()
                )
                task.order = 0 if last is None else last + 1
            claim_version(task, expected=expected_version)
            _stamp(task, user=user, reason=reason)
            task.full_clean()
            task.save()
            _save_related(task, related or {})
    except IntegrityError as error:
        if created:
            _forget_new_rows([task])
        raise as_validation_error(error, task) from error
    except Exception:
        if created:
            _forget_new_rows([task])
        raise
    return task


def task_record_progress(
    *,
    task: Task,
    reported_on: datetime.date,
    progress: int,
    note: str = "",
    author: AbstractBaseUser | None = None,
) -> TaskUpdate:
    """Record a progress update on ``task`` and move the task to that progress.

    The task becomes done at 100%, completed on ``reported_on`` (an earlier update at 100%
    moves the completion date back), in progress above 0 (a done task reported below 100 is
    reopened); a cancelled task stays cancelled unless reported complete. An update dated
    before the task's latest one is recorded in its history without moving the task's
    progress or status (the current progress is the latest report's). Progress outside 0-100
    is refused (:data:`PROGRESS_RANGE`) and nothing is saved. Bumps the task's version, so a
    program form opened before the update does not overwrite it.
    """
    if progress is None or not 0 <= progress <= 100:
        raise ValidationError({"progress": [PROGRESS_RANGE]})
    with transaction.atomic():
        locked = Task.objects.select_for_update().get(pk=task.pk)
        update = TaskUpdate(
            task=locked, reported_on=reported_on, progress=progress, note=note, author=author
        )
        update.full_clean()
        if locked.updates.filter(reported_on__gt=reported_on).exists():
            _stamp(update, user=author, reason="")
            if (
                progress == 100
                and locked.status == TaskStatus.DONE
                and locked.completed_on
                and reported_on < locked.completed_on
            ):
                # Done already: a report of completion dated earlier moves the date back.
                locked.completed_on = reported_on
                _stamp(locked, user=author, reason="")
                locked.save()
            update.save()
            task.refresh_from_db()
            return update
        locked.progress = progress
        if progress == 100:
            if locked.status != TaskStatus.DONE or (
                locked.completed_on and reported_on < locked.completed_on
            ):
                # Completed on the day the update reports, not the day it is recorded.
                locked.completed_on = reported_on
            locked.status = TaskStatus.DONE
        elif locked.status == TaskStatus.DONE or (
            progress > 0 and locked.status == TaskStatus.NOT_STARTED
        ):
            locked.status = TaskStatus.IN_PROGRESS
        _stamp(locked, user=author, reason="")
        _stamp(update, user=author, reason="")
        locked.full_clean()
        locked.save()
        update.save()
    task.refresh_from_db()
    return update


def reviewmeeting_save(
    *,
    meeting: ReviewMeeting,
    related: Mapping[str, Iterable] | None = None,
    user: AbstractBaseUser | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> ReviewMeeting:
    """Save a review meeting (unsaved field values on ``meeting``, many-to-many values in
    ``related``: programs, directives, chairs, participants, signed programs) in one
    transaction, refusing (:class:`core.concurrency.EditConflict`) when someone saved it after
    ``expected_version``; ``reason`` goes on the history records."""
    created = [meeting] if meeting.pk is None else []
    try:
        with transaction.atomic():
            claim_version(meeting, expected=expected_version)
            _stamp(meeting, user=user, reason=reason)
            meeting.full_clean()
            meeting.save()
            _save_related(meeting, related or {})
    except IntegrityError as error:
        _forget_new_rows(created)
        raise as_validation_error(error, meeting) from error
    except Exception:
        _forget_new_rows(created)
        raise
    return meeting


#: The reason recorded on a bulk change's history records when the user gives none.
BULK_CHANGE_REASON = _("Changed in bulk from the task list")


def task_bulk_change(
    *,
    tasks: Iterable[Task],
    changes: Mapping[str, object],
    user: AbstractBaseUser | None = None,
    reason: str = "",
) -> list[Task]:
    """Set ``changes`` (``status``, ``lead_agency``, ``due_on``) on every task of ``tasks``, in
    one transaction, writing one history record per task.

    A task set done gets 100% progress (a done task is complete); each row is validated
    (``full_clean()``) and any error leaves every task as it was.
    """
    allowed = {"status", "lead_agency", "due_on"}
    if unknown := set(changes) - allowed:
        raise ValueError(f"cannot change {sorted(unknown)} in bulk")
    saved = []
    with transaction.atomic():
        for task in Task.objects.select_for_update().filter(pk__in=[t.pk for t in tasks]):
            for name, value in changes.items():
                setattr(task, name, value)
            if task.status == TaskStatus.DONE:
                task.progress = 100
            _stamp(task, user=user, reason=reason or str(BULK_CHANGE_REASON))
            task.full_clean()
            task.save()
            saved.append(task)
    return saved


def task_bulk_archive(
    *,
    tasks: Iterable[Task],
    restore: bool = False,
    user: AbstractBaseUser | None = None,
    reason: str = "",
) -> list[Task]:
    """Archive (or, with ``restore``, bring back) every task of ``tasks`` in one transaction,
    one history record per task (:mod:`core.archive`)."""
    action = archive.restore if restore else archive.archive
    with transaction.atomic():
        return [
            action(task, user=user, reason=reason)
            for task in Task.objects.select_for_update().filter(pk__in=[t.pk for t in tasks])
        ]


def party_changes(program: Program, parties: Iterable[Mapping]) -> tuple[list, list]:
    """The ``parties`` and ``removed_parties`` of :func:`program_save` for data that lists a
    program's signing parties in full (the API, imports): each ``{"agency": Agency,
    "official": Official | None, "title": str}`` in signing order. A party already there is
    updated, a new one added, one not listed removed."""
    existing = {s.agency_id: s for s in program.signatories.all()} if program.pk else {}
    changed, wanted = [], set()
    for order, party in enumerate(parties):
        agency = party["agency"]
        wanted.add(agency.pk)
        signatory = existing.get(agency.pk) or Signatory(agency=agency)
        signatory.official = party.get("official")
        signatory.title = party.get("title") or ""
        signatory.order = order
        changed.append(signatory)
    removed = [s for agency_id, s in existing.items() if agency_id not in wanted]
    return changed, removed
