"""What of the programs app the site's search finds (registered with :mod:`core.search`):

- programs by identifier, citation ("CTr 90"), title or its initials, by the day they were
  signed, by the directive they are based on when the query names one ("NQ 25"), and by the
  agencies that signed them (an agency's name brings what it signed);
- review meetings by title, place and conclusions, and by the day they were held;
- tasks by title and description, by their due day, and by the agency that leads them.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from agencies.search import named_agencies
from core.search import (
    RANK_EXACT,
    SearchHit,
    SearchQuery,
    SearchSource,
    reference_q,
    register,
    search_documents,
    search_records,
)
from directives.models import Directive

from .models import Program, ReviewMeeting, Signatory, Task


def _program_related(query: SearchQuery) -> Q | None:
    """Programs based on the directive the query names, or signed by an agency it names."""
    if query.is_reference:
        cited = Directive.objects.filter(reference_q(query)).values("pk")
        through = Program.based_on.through.objects.filter(
            program=OuterRef("pk"), directive__in=cited
        )
        return Q(Exists(through))
    if signers := list(named_agencies(query)):
        return Q(pk__in=Signatory.objects.filter(agency__in=signers).values("program_id"))
    return None


def search_programs(queryset, query: SearchQuery):
    """Programs matching ``query`` (:func:`core.search.search_documents` on the signing day),
    and those based on the directive it names or signed by the agency it names."""
    return search_documents(queryset, query, date_field="signed_on", related=_program_related)


def search_meetings(queryset, query: SearchQuery):
    """Review meetings whose title, place or conclusions match ``query``, or held that day."""
    return search_records(queryset, query, date_field="held_on")


def _led_by_matching_agency(query: SearchQuery) -> Q | None:
    if leads := list(named_agencies(query)):
        return Q(lead_agency__in=leads)
    return None


def search_tasks(queryset, query: SearchQuery):
    """Tasks whose title or description match ``query``, due that day, or led by the agency it
    names."""
    return search_records(queryset, query, date_field="due_on", related=_led_by_matching_agency)


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _program_hit(program: Program, query: SearchQuery) -> SearchHit:
    meta = [program.get_kind_display(), program.period_label]
    if program.signed_on:
        meta.append(_("signed %(date)s") % {"date": _day(program.signed_on)})
    return SearchHit(
        title=program.title,
        url=program.get_absolute_url(),
        identifier=program.identifier,
        meta=[part for part in meta if part],
        exact_identifier=bool(query.identifier_key) and program.search_rank == RANK_EXACT,
    )


def _meeting_hit(meeting: ReviewMeeting, query: SearchQuery) -> SearchHit:
    meta = [meeting.get_kind_display(), _day(meeting.held_on), meeting.place]
    return SearchHit(
        title=meeting.title,
        url=meeting.get_absolute_url(),
        meta=[part for part in meta if part],
    )


def _task_hit(task: Task, query: SearchQuery) -> SearchHit:
    meta = [task.program.identifier or task.program.title]
    if task.due_on:
        meta.append(_("due %(date)s") % {"date": _day(task.due_on)})
    if task.lead_agency_id:
        meta.append(task.lead_agency.short_name or task.lead_agency.name)
    return SearchHit(
        title=task.title,
        url=task.get_absolute_url(),
        meta=meta,
        notes=[task.get_status_display()],
    )


register(
    SearchSource(
        kind="program",
        label=_("Programs"),
        model=Program,
        permission="programs.view_program",
        search=search_programs,
        hit=_program_hit,
        list_url="programs:program_list",
        order=20,
    )
)
register(
    SearchSource(
        kind="meeting",
        label=_("Review meetings"),
        model=ReviewMeeting,
        permission="programs.view_reviewmeeting",
        search=search_meetings,
        hit=_meeting_hit,
        list_url="programs:reviewmeeting_list",
        order=50,
    )
)
register(
    SearchSource(
        kind="task",
        label=_("Tasks"),
        model=Task,
        permission="programs.view_task",
        search=search_tasks,
        hit=_task_hit,
        queryset=lambda: Task.objects.select_related("program", "lead_agency"),
        order=60,
    )
)
