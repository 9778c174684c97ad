"""Export of the report job list (its filters)."""

from django.utils.translation import gettext_lazy as _

from core.exports import ExportColumn, ExportView

from .filters import ReportJobFilterSet
from .models import ReportJob

REPORTJOB_COLUMNS = [
    ExportColumn(_("Report"), lambda j: j.get_kind_display()),
    ExportColumn(_("Subject"), lambda j: str(j.subject) if j.subject else ""),
    ExportColumn(_("Status"), lambda j: j.get_status_display()),
    ExportColumn(
        _("Requested by"), lambda j: j.requested_by.get_username() if j.requested_by else ""
    ),
    ExportColumn(_("Requested at"), lambda j: j.created_at),
    ExportColumn(_("Finished at"), lambda j: j.finished_at),
    ExportColumn(_("Pages"), lambda j: j.pages),
    ExportColumn(_("Size (bytes)"), lambda j: j.size),
    ExportColumn(_("Error"), lambda j: j.error),
]


class ReportJobExportView(ExportView):
    permission_action = "reports.export_report"
    queryset = ReportJob.objects.with_related().order_by("-created_at", "-pk")
    filterset_class = ReportJobFilterSet
    columns = REPORTJOB_COLUMNS
    filename = "bao-cao"
    sheet_title = _("Reports")
