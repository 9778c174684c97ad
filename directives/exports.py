"""Export of the directive list (its queryset and filters)."""

from django.utils.translation import gettext_lazy as _

from core.exports import ExportColumn, ExportView

from .filters import DirectiveFilterSet
from .models import Directive

DIRECTIVE_COLUMNS = [
    ExportColumn(_("Identifier"), lambda d: d.identifier),
    ExportColumn(_("Type"), lambda d: d.type_name),
    ExportColumn(_("Issuing body"), lambda d: d.issuing_body.name if d.issuing_body else ""),
    ExportColumn(_("Date of issue"), lambda d: d.issued_on),
    ExportColumn(_("Title"), lambda d: d.title),
    ExportColumn(_("Status"), lambda d: d.get_status_display()),
]


class DirectiveExportView(ExportView):
    queryset = Directive.objects.select_related("issuing_body")
    filterset_class = DirectiveFilterSet
    columns = DIRECTIVE_COLUMNS
    filename = "van-ban-chi-dao"
    sheet_title = _("Directives")
