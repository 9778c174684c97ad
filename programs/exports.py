"""Exports of the program and review-meeting lists (the lists' querysets and filters)."""

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from core.exports import ExportColumn, ExportView

from . import selectors
from .filters import ProgramFilterSet, ReviewMeetingFilterSet
from .models import Signatory

PROGRAM_COLUMNS = [
    ExportColumn(_("Identifier"), lambda p: p.identifier),
    ExportColumn(_("Title"), lambda p: p.title),
    ExportColumn(_("Kind"), lambda p: p.get_kind_display()),
    ExportColumn(_("Status"), lambda p: p.get_current_status_display()),
    ExportColumn(_("Date signed"), lambda p: p.signed_on),
    ExportColumn(_("Period from (year)"), lambda p: p.period_start),
    ExportColumn(_("Period to (year)"), lambda p: p.period_end),
    ExportColumn(_("Interim review date"), lambda p: p.interim_review_on),
    ExportColumn(_("Final review date"), lambda p: p.final_review_on),
    ExportColumn(_("Signing parties"), lambda p: [s.agency.name for s in p.parties]),
    ExportColumn(_("Based on directives"), lambda p: [d.identifier for d in p.based_on.all()]),
    ExportColumn(
        _("Succeeds program"), lambda p: p.predecessor.identifier if p.predecessor else ""
    ),
    ExportColumn(_("Tasks"), lambda p: p.task_count),
]

MEETING_COLUMNS = [
    ExportColumn(_("Date"), lambda m: m.held_on),
    ExportColumn(_("Title"), lambda m: m.title),
    ExportColumn(_("Kind"), lambda m: m.get_kind_display()),
    ExportColumn(_("Format"), lambda m: m.get_format_display()),
    ExportColumn(_("Place"), lambda m: m.place),
    ExportColumn(_("Connection points"), lambda m: m.connection_points),
    ExportColumn(
        _("Reviews years"),
        lambda m: "–".join(str(y) for y in (m.reviewed_from, m.reviewed_to) if y),
    ),
    ExportColumn(
        _("Programs reviewed"), lambda m: [p.identifier or p.title for p in m.listed_programs]
    ),
    ExportColumn(_("Directives reviewed"), lambda m: [d.identifier for d in m.listed_directives]),
    ExportColumn(_("Chaired by"), lambda m: [o.full_name for o in m.chairs.all()]),
    ExportColumn(_("Participating agencies"), lambda m: [a.name for a in m.participants.all()]),
    ExportColumn(_("Report approved"), lambda m: m.approved_report),
]


class ProgramExportView(ExportView):
    queryset = (
        selectors.program_list_queryset()
        .prefetch_related(
            Prefetch(
                "signatories",
                queryset=Signatory.objects.select_related("agency").order_by("order", "pk"),
                to_attr="parties",
            )
        )
        # A download of the whole list may count every program's tasks; the list page counts
        # only its page's (programs.progress.program_rollups).
        .select_related("predecessor")
        .prefetch_related(Prefetch("based_on"))
        .annotate(
            task_count=Count("tasks", filter=Q(tasks__archived_at__isnull=True), distinct=True)
        )
    )
    filterset_class = ProgramFilterSet
    columns = PROGRAM_COLUMNS
    filename = "chuong-trinh"
    sheet_title = _("Programs")


class ReviewMeetingExportView(ExportView):
    queryset = selectors.meeting_list_queryset().prefetch_related("chairs", "participants")
    filterset_class = ReviewMeetingFilterSet
    columns = MEETING_COLUMNS
    filename = "hoi-nghi"
    sheet_title = _("Review meetings")
