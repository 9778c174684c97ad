"""The scope rules of programs, signatories, tasks, progress updates and review meetings
(:mod:`core.scopes`), registered by :class:`programs.apps.ProgramsConfig`.

- **Program**: its signing parties and the lead agencies of its tasks. A staff member of one of
  them (or of a unit under one) may change it, its signatories and its tasks.
- **Signatory**: its program's.
- **Task**: its program's agencies and its own lead agency (the lead of a task may change the
  task even when its agency did not sign the program).
- **TaskUpdate**: its task's.
- **ReviewMeeting**: the agencies of the programs it reviewed or at which they were signed; a
  meeting about no program (only directives) is not scoped, like directives.

Rows are read from the database (or the unsaved row's parents): one or two queries per check.
"""

from django.db.models import Q

from agencies.models import Agency
from core.scopes import ScopeRule, register

from .models import Program, ReviewMeeting, Signatory, Task, TaskUpdate

#: Holders of this permission are not scoped (the admin role, central coordinators).
EDIT_ALL_AGENCIES = "programs.edit_all_agencies"


def program_agencies(program_ids) -> set[int]:
    """The signing parties and task leads of the programs ``program_ids``."""
    program_ids = [pk for pk in program_ids if pk is not None]
    if not program_ids:
        return set()
    # Two subqueries rather than a UNION: one query, no join fan-out.
    parties = Signatory.objects.filter(program_id__in=program_ids).values("agency_id")
    leads = Task.objects.filter(program_id__in=program_ids).values("lead_agency_id")
    return set(
        Agency.objects.filter(Q(pk__in=parties) | Q(pk__in=leads))
        .order_by()
        .values_list("pk", flat=True)
    )


def _program(program: Program):
    return program_agencies([program.pk])


def _task(task: Task):
    agencies = program_agencies([task.program_id])
    if task.lead_agency_id is not None:
        agencies.add(task.lead_agency_id)
    return agencies


def _meeting(meeting: ReviewMeeting):
    if meeting.pk is None:
        return None  # a new meeting: its programs are checked by the form's choice list
    program_ids = set(meeting.programs.values_list("pk", flat=True)) | set(
        meeting.signed_programs.values_list("pk", flat=True)
    )
    if not program_ids:
        return None
    return program_agencies(program_ids)


def programs_in_scope(queryset, scope):
    in_scope = Program.objects.filter(
        Q(signatories__agency__in=scope) | Q(tasks__lead_agency__in=scope)
    ).values("pk")
    return queryset.filter(pk__in=in_scope)


def tasks_in_scope(queryset, scope):
    return queryset.filter(
        Q(program__in=programs_in_scope(Program.objects.all(), scope)) | Q(lead_agency__in=scope)
    )


def meetings_in_scope(queryset, scope):
    programs = programs_in_scope(Program.objects.all(), scope)
    unscoped = Q(programs__isnull=True, signed_programs__isnull=True)
    return queryset.filter(
        pk__in=ReviewMeeting.objects.filter(
            Q(programs__in=programs) | Q(signed_programs__in=programs) | unscoped
        ).values("pk")
    )


def register_rules() -> None:
    register(Program, ScopeRule(_program, programs_in_scope, EDIT_ALL_AGENCIES))
    register(
        Signatory,
        ScopeRule(
            lambda row: program_agencies([row.program_id]),
            lambda qs, scope: qs.filter(program__in=programs_in_scope(Program.objects, scope)),
            EDIT_ALL_AGENCIES,
        ),
    )
    register(Task, ScopeRule(_task, tasks_in_scope, EDIT_ALL_AGENCIES))
    register(
        TaskUpdate,
        ScopeRule(
            lambda row: _task(row.task),
            lambda qs, scope: qs.filter(task__in=tasks_in_scope(Task.objects.all(), scope)),
            EDIT_ALL_AGENCIES,
        ),
    )
    register(ReviewMeeting, ScopeRule(_meeting, meetings_in_scope, EDIT_ALL_AGENCIES))
