"""What of the agencies app the site's search finds (registered with :mod:`core.search`):
agencies by their current and former names, short names and initials, with the body a renamed
or merged one became and the bodies merged into it; officials by their names.

:func:`agency_q` is what higher apps use to bring what a matching agency signed or leads.
"""

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from core.search import (
    SearchHit,
    SearchQuery,
    SearchSource,
    name_q,
    register,
    search_names,
    whole_name_q,
)

from .models import Agency, Official, Position


def agency_q(query: SearchQuery) -> Q:
    """Agencies whose own current or former names match ``query`` (none for a date or a
    document reference)."""
    if not query.is_words:
        return Q(pk__in=[])
    return name_q(Agency, query, aliases="former_names")


def _named(query: SearchQuery) -> Q:
    """Agencies that bear (or bore) the name the query gives as a whole."""
    return whole_name_q(Agency, query, aliases="former_names")


def _successor_or_predecessor(query: SearchQuery) -> Q:
    """The body an agency the query names became, and the bodies that became one it names
    (either name of a renamed or merged body finds both)."""
    named = Agency.objects.filter(_named(query))
    return Exists(named.filter(successor=OuterRef("pk"))) | Exists(
        named.filter(pk=OuterRef("successor_id"))
    )


def search_agencies(queryset, query: SearchQuery):
    """Agencies matching ``query`` by a current or former name (``matched_former_name``: the
    former name that matched when the current one did not), and the successor or predecessors
    of those (``matched_predecessor``: the name of the predecessor that matched), ranked."""
    found = search_names(
        queryset,
        query,
        name_field="name",
        aliases="former_names",
        alias_annotation="matched_former_name",
        related=_successor_or_predecessor,
    )
    if not query.is_words:
        return found
    predecessors = Agency.objects.filter(_named(query), successor=OuterRef("pk"))
    return found.annotate(
        matched_predecessor=Case(
            When(agency_q(query), then=Value("")),
            default=Subquery(predecessors.order_by("name", "pk").values("name")[:1]),
        )
    )


def search_officials(queryset, query: SearchQuery):
    """Officials whose names match ``query``, ranked."""
    return search_names(queryset, query, name_field="full_name")


def _agency_hit(agency: Agency, query: SearchQuery) -> SearchHit:
    notes = []
    if former := getattr(agency, "matched_former_name", ""):
        notes.append(_("Formerly: %(name)s") % {"name": former})
    if predecessor := getattr(agency, "matched_predecessor", ""):
        notes.append(_("Successor of %(name)s") % {"name": predecessor})
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
