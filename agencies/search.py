"""What of the agencies app the site's search finds (registered with :mod:`core.search`):
agencies by their current and former names and short names, officials by their names."""

from functools import partial

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from core.search import SearchHit, SearchSource, register, search_names

from .models import Agency, Official, Position

#: Agencies whose current or former names match, with ``search_rank`` and
#: ``matched_former_name`` (the former name that matched when the current one did not).
search_agencies = partial(
    search_names, name_field="name", aliases="former_names", alias_annotation="matched_former_name"
)
#: Officials whose names match, with ``search_rank``.
search_officials = partial(search_names, name_field="full_name")


def _agency_hit(agency: Agency) -> SearchHit:
    notes = []
    if former := getattr(agency, "matched_former_name", ""):
        notes.append(_("Formerly: %(name)s") % {"name": former})
    if agency.parent_id:
        notes.append(agency.parent.name)
    return SearchHit(
        title=agency.name, url=agency.get_absolute_url(), aside=agency.short_name, notes=notes
    )


def _official_hit(official: Official) -> SearchHit:
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
        queryset=lambda: Agency.objects.select_related("parent"),
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
