"""Exports of the agency and official lists (their filters; agencies in Vietnamese order)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from core.exports import ExportColumn, ExportView

from .filters import AgencyFilterSet, OfficialFilterSet
from .models import Agency, Official, Position

AGENCY_COLUMNS = [
    ExportColumn(_("Full name"), lambda a: a.name),
    ExportColumn(_("Abbreviation"), lambda a: a.short_name),
    ExportColumn(_("Kind"), lambda a: a.get_kind_display()),
    ExportColumn(_("Parent agency"), lambda a: a.parent.name if a.parent else ""),
    ExportColumn(_("In force from"), lambda a: a.valid_from),
    ExportColumn(_("In force until"), lambda a: a.valid_to),
    ExportColumn(_("Successor"), lambda a: a.successor.name if a.successor else ""),
]

OFFICIAL_COLUMNS = [
    ExportColumn(_("Full name"), lambda o: o.full_name),
    ExportColumn(
        _("Current positions"),
        lambda o: [f"{p.title}, {p.agency.name}" for p in o.current_positions],
    ),
]


class AgencyExportView(ExportView):
    queryset = Agency.objects.select_related("parent", "successor").ordered()
    filterset_class = AgencyFilterSet
    columns = AGENCY_COLUMNS
    filename = "co-quan"
    sheet_title = _("Agencies")


class OfficialExportView(ExportView):
    queryset = Official.objects.prefetch_related(
        Prefetch(
            "positions",
            queryset=Position.objects.current().select_related("agency"),
            to_attr="current_positions",
        )
    )
    filterset_class = OfficialFilterSet
    columns = OFFICIAL_COLUMNS
    filename = "can-bo"
    sheet_title = _("Officials")
