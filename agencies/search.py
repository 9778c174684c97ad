"""What of the agencies app the site's search finds (registered with :mod:`core.search`):
agencies by their current and former names, short names and initials, with the body a renamed
or merged one became and the bodies merged into it; officials by their names.

:func:`named_agencies` is what higher apps use to bring what an agency the query names
signed or leads.
"""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from core.search import (
    RANK_RELATED,
    SearchHit,
    SearchQuery,
    SearchSource,
    alias_shown,
    name_q,
    register,
    search_names,
    whole_name_q,
)

from .models import Agency, Official, Position


def agency_q(query: SearchQuery) -> Q:
    """Agencies the query names as a whole: by the phrase, the full form of the abbreviation it
    is, or that abbreviation as their initials, in a current or former name; or, for a query
    made only of abbreviations, whatever it matches (none for a date or a reference)."""
    if not query.is_words:
        return Q(pk__in=[])
    condition = whole_name_q(Agency, query, aliases="former_names")
    if query.compact:
        # A query made only of abbreviations ("MTTQ HCM") names what it matches.
        condition |= name_q(Agency, query)
    return condition


def named_agencies(query: SearchQuery) -> dict[int, tuple[str, int | None]]:
    """{pk: (name, successor pk)} of the agencies the query names (:func:`agency_q`), read once
    per query. Higher apps use the keys to bring what such an agency signed or leads."""
    if not query.is_words:
        return {}

    def read():
        rows = Agency.objects.filter(agency_q(query)).values_list("pk", "name", "successor_id")
        return {pk: (name, successor) for pk, name, successor in rows}

    return query.cached("agencies.named", read)


def _successor_or_predecessor(query: SearchQuery) -> Q | None:
    """The body an agency the query names became, and the bodies that became one it names
    (either name of a renamed or merged body finds both)."""
    named = named_agencies(query)
    if not named:
        return None
    successors = [successor for _name, successor in named.values() if successor is not None]
    return Q(successor_id__in=list(named)) | Q(pk__in=successors)


def search_agencies(queryset, query: SearchQuery):
    """Agencies matching ``query`` by a current or former name (``matched_former_name``: the
    former name that matched when the current one did not), and the successor or predecessors
    of the agency it names, ranked."""
    return search_names(
        queryset,
        query,
        name_field="name",
        aliases="former_names",
        alias_annotation="matched_former_name",
        related=_successor_or_predecessor,
    )


def search_officials(queryset, query: SearchQuery):
    """Officials whose names match ``query``, ranked."""
    return search_names(queryset, query, name_field="full_name")


def _agency_hit(agency: Agency, query: SearchQuery) -> SearchHit:
    notes = []
    if former := alias_shown(agency, query, getattr(agency, "matched_former_name", None)):
        notes.append(_("Formerly: %(name)s") % {"name": former})
    if agency.search_rank == RANK_RELATED and (
        predecessors := [
            name for name, successor in named_agencies(query).values() if successor == agency.pk
        ]
    ):
        notes.append(_("Successor of %(name)s") % {"name": ", ".join(predecessors)})
    if agency.successor_id:
        notes.append(_("Succeeded by %(name)s") % {"name": agency.successor.name})
    if agency.parent_id:
        notes.append(agency.parent.name)
    return SearchHit(
        title=agency.name, url=agency.get_absolute_url(), aside=agency.short_name, notes=notes
    )


def _official_hit(official: Official, query: SearchQuery) -> SearchHit:
    positions = "; ".join(
        f"{position.title}, {position.agency.name}"
        for position in getattr(official, "current_positions", [])
    )
    return SearchHit(
        title=official.full_name,
        url=official.get_absolute_url(),
        notes=[positions] if positions else [],
    )


register(
    SearchSource(
        kind="agency",
        label=_("Agencies"),
        model=Agency,
        permission="agencies.view_agency",
        search=search_agencies,
        hit=_agency_hit,
        queryset=lambda: Agency.objects.select_related("parent", "successor"),
        list_url="agencies:agency_list",
        order=30,
    )
)
register(
    SearchSource(
        kind="official",
        label=_("Officials"),
        model=Official,
        permission="agencies.view_official",
        search=search_officials,
        hit=_official_hit,
        queryset=lambda: Official.objects.prefetch_related(
            Prefetch(
                "positions",
                queryset=Position.objects.current().select_related("agency"),
                to_attr="current_positions",
            )
        ),
        list_url="agencies:official_list",
        order=40,
    )
)
