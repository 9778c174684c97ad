"""Writes on programs, tasks, progress updates and review meetings.

Each service runs in one transaction: either everything it was given is saved, or nothing is.
Saves of programs and meetings check the version the form was opened at
(:func:`core.concurrency.claim_version`) so a second editor cannot silently overwrite the first.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

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


def _forget_new_rows(instances: list) -> None:
    """After a rollback, make rows created in the transaction new again, so the form that
    re-shows them does not point at rows that no longer exist."""
    for instance in instances:
        instance.pk = None
        instance._state.adding = True


def program_save(
    *,
    form,
    signatories,
    tasks,
    user: AbstractBaseUser | None = None,
    reason: str = "",
) -> Program:
    """Save a program with its signing parties and tasks from validated forms, in one
    transaction.

    ``form`` is a valid :class:`programs.forms.ProgramForm`; ``signatories`` and ``tasks`` its
    valid inline formsets. Checks the version the forms were opened at (program and each edited
    task) and raises :class:`core.concurrency.EditConflict` when someone saved meanwhile; runs
    ``full_clean()`` on every row (duplicate identifier and date, period order) and requires at
    least two signing parties, raising ``ValidationError``. A signatory left without a title
    gets the title its official held at that agency on the signing date. ``reason`` goes on
    every history record written. On any error nothing is saved.
    """
    program: Program = form.save(commit=False)  # no write yet; gives form.save_m2m
    created: list = []
    try:
        with transaction.atomic():
            if program.pk is None:
                created.append(program)
            claim_version(
                program,
                expected=form.cleaned_data.get("version"),
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
            form.save_m2m()

            signatories.instance = program
            # save(commit=False) fills deleted_objects; the rows are saved one by one below.
            signatories.save(commit=False)
            for signatory in signatories.deleted_objects:
                _stamp(signatory, user=user, reason=reason)
                signatory.delete()
            for signatory_form in signatories.forms:
                if signatory_form in signatories.deleted_forms or not signatory_form.has_changed():
                    continue
                signatory = signatory_form.instance
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

            tasks.instance = program
            tasks.save(commit=False)
            for task in tasks.deleted_objects:
                _stamp(task, user=user, reason=reason)
                task.delete()
            for task_form in tasks.forms:
                if task_form in tasks.deleted_forms or not task_form.has_changed():
                    continue
                task = task_form.instance
                task.program = program
                if task.pk is None:
                    created.append(task)
                claim_version(task, expected=task_form.cleaned_data.get("version"))
                _stamp(task, user=user, reason=reason)
                task.full_clean()
                task.save()
                task_form.save_m2m()
    except IntegrityError as error:
        # A concurrent save of the same identifier (or party, or row) won the race.
        _forget_new_rows(created)
        rows = [program, *(form.instance for form in (*signatories.forms, *tasks.forms))]
        raise as_validation_error(error, *rows) from error
    except Exception:
        _forget_new_rows(created)
        raise
    return program


def task_record_progress(
    *,
    task: Task,
    reported_on: datetime.date,
    progress: int,
    note: str = "",
    author: AbstractBaseUser | None = None,
) -> TaskUpdate:
    """Record a progress update on ``task`` and move the task to that progress.

    The task becomes done at 100%, in progress above 0 (a done task reported below 100 is
    reopened); a cancelled task stays cancelled unless reported complete. Progress outside
    0-100 is refused (:data:`PROGRESS_RANGE`) and nothing is saved. Bumps the task's version,
    so a program form opened before the update does not overwrite it.
    """
    if progress is None or not 0 <= progress <= 100:
        raise ValidationError({"progress": [PROGRESS_RANGE]})
    with transaction.atomic():
        locked = Task.objects.select_for_update().get(pk=task.pk)
        update = TaskUpdate(
            task=locked, reported_on=reported_on, progress=progress, note=note, author=author
        )
        update.full_clean()
        locked.progress = progress
        if progress == 100:
            locked.status = TaskStatus.DONE
        elif locked.status == TaskStatus.DONE or (
            progress > 0 and locked.status == TaskStatus.NOT_STARTED
        ):
            locked.status = TaskStatus.IN_PROGRESS
        locked.version += 1
        _stamp(locked, user=author, reason="")
        _stamp(update, user=author, reason="")
        locked.full_clean()
        locked.save()
        update.save()
    task.refresh_from_db()
    return update


def reviewmeeting_save(
    *, form, user: AbstractBaseUser | None = None, reason: str = ""
) -> ReviewMeeting:
    """Save a review meeting from a valid :class:`programs.forms.ReviewMeetingForm` in one
    transaction, refusing (:class:`core.concurrency.EditConflict`) when someone saved it after
    the form was opened; ``reason`` goes on the history records."""
    meeting: ReviewMeeting = form.save(commit=False)  # no write yet; gives form.save_m2m
    created = [meeting] if meeting.pk is None else []
    try:
        with transaction.atomic():
            claim_version(meeting, expected=form.cleaned_data.get("version"))
            _stamp(meeting, user=user, reason=reason)
            meeting.full_clean()
            meeting.save()
            form.save_m2m()
    except IntegrityError as error:
        _forget_new_rows(created)
        raise as_validation_error(error, meeting) from error
    except Exception:
        _forget_new_rows(created)
        raise
    return meeting
