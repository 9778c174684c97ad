"""What of the programs app the site's search finds (registered with :mod:`core.search`):
programs by identifier, citation ("CTr 90") or title, and by the directive they are based on
when the query names one ("NQ 25"); review meetings by title and place (their list's filter)."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

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

from .models import Program, ReviewMeeting


def _based_on_cited_directive(query: SearchQuery) -> Q | None:
    """Programs based on the directive the query names (none for plain text)."""
    if not query.is_reference:
        return None
    cited = Directive.objects.filter(reference_q(query)).values("pk")
    return Q(
        Exists(Program.based_on.through.objects.filter(program=OuterRef("pk"), directive__in=cited))
    )


def search_programs(queryset, query: SearchQuery):
    """Programs matching ``query`` (:func:`core.search.search_documents`), and those based on
    the directive it names."""
    return search_documents(queryset, query, related=_based_on_cited_directive)


def _program_hit(program: Program) -> SearchHit:
    return SearchHit(
        title=program.title,
        url=program.get_absolute_url(),
        identifier=program.identifier,
        meta=[part for part in (program.get_kind_display(), program.period_label) if part],
        exact_identifier=program.search_rank == RANK_EXACT,
    )


def _meeting_hit(meeting: ReviewMeeting) -> SearchHit:
    return SearchHit(title=meeting.title, url=meeting.get_absolute_url())


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
        search=search_records,
        hit=_meeting_hit,
        list_url="programs:reviewmeeting_list",
        order=50,
        in_global_search=False,
    )
)
