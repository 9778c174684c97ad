"""The scope rules of review reports and report jobs (:mod:`core.scopes`), registered by
:class:`reports.apps.ReportsConfig`.

- **ReviewReport** about a program: the program's agencies (signing parties, task leads).
- **ReviewReport** about a directive: the agencies of the programs based on that directive
  (a directive has no parties of its own; its review is written by the bodies that implement
  it). A directive no program is based on is not scoped (every staff member writes its
  reports, as they edit directives).
- **ReviewReportIssuer**, **ReviewReportPart**: their report's.
- **ReportJob**: its subject's (only admins change or delete jobs; exporting a PDF is a read
  and is not scoped).
"""

from django.db.models import Q

from core.scopes import ScopeRule, register
from programs.models import Program
from programs.scopes import EDIT_ALL_AGENCIES, program_agencies, programs_in_scope

from .models import ReportJob, ReviewReport, ReviewReportIssuer, ReviewReportPart


def subject_agencies(*, program_id=None, directive_id=None) -> set[int] | None:
    if program_id is not None:
        return program_agencies([program_id])
    if directive_id is not None:
        programs = list(Program.objects.filter(based_on=directive_id).values_list("pk", flat=True))
        # A directive no program implements is everyone's, like directives themselves.
        return program_agencies(programs) if programs else None
    return set()


def _report(report: ReviewReport):
    return subject_agencies(program_id=report.program_id, directive_id=report.directive_id)


def reports_in_scope(queryset, scope):
    programs = programs_in_scope(Program.objects.all(), scope)
    return queryset.filter(Q(program__in=programs) | Q(directive__programs__in=programs)).distinct()


def _job(job: ReportJob):
    if job.review_report_id is not None:
        return _report(job.review_report)
    return subject_agencies(program_id=job.program_id, directive_id=job.directive_id)


def register_rules() -> None:
    register(ReviewReport, ScopeRule(_report, reports_in_scope, EDIT_ALL_AGENCIES))
    for model in (ReviewReportIssuer, ReviewReportPart):
        register(
            model,
            ScopeRule(
                lambda row: _report(row.report),
                lambda qs, scope: qs.filter(
                    report__in=reports_in_scope(ReviewReport.objects.all(), scope)
                ),
                EDIT_ALL_AGENCIES,
            ),
        )
    register(
        ReportJob,
        ScopeRule(
            _job,
            lambda qs, scope: qs.filter(
                Q(program__in=programs_in_scope(Program.objects.all(), scope))
                | Q(directive__programs__in=programs_in_scope(Program.objects.all(), scope))
            ).distinct(),
            EDIT_ALL_AGENCIES,
        ),
    )
