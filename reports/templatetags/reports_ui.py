"""Template helpers for the report pages and the export button."""

from django import template

from core.access import ADD, may
from directives.models import Directive
from programs.models import Program
from reports.models import ReportKind, ReviewReport

register = template.Library()


@register.simple_tag(takes_context=True)
def report_export_options(context, subject) -> dict:
    """What the export button offers for ``subject``: its type for the URL, the kinds of
    report that fit it ({"subject_type": "", "kinds": []} for anything else) and whether the
    user may compose a review report about it (``can_compose``: role and agency scope)."""
    if isinstance(subject, Program):
        subject_type, kinds = "program", ReportKind.for_program()
    elif isinstance(subject, Directive):
        subject_type, kinds = "directive", ReportKind.for_directive()
    else:
        return {"subject_type": "", "kinds": [], "can_compose": False}
    request = context.get("request")
    draft = ReviewReport(**{subject_type: subject})
    can_compose = request is not None and may(request.user, ADD, ReviewReport, draft)
    return {"subject_type": subject_type, "kinds": kinds, "can_compose": can_compose}


@register.filter
def filesize_kb(size: int | None) -> str:
    """ "54 KB", "1.2 MB"."""
    if not size:
        return "—"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB"


@register.filter
def seconds(delta) -> str:
    """A duration as "12.3 s" or "2 min 5 s"."""
    if delta is None:
        return "—"
    total = delta.total_seconds()
    if total < 60:
        return f"{total:.1f} s"
    return f"{int(total // 60)} min {int(total % 60)} s"
