"""Template helpers for the report pages and the export button."""

from django import template

from directives.models import Directive
from programs.models import Program
from reports.models import ReportKind

register = template.Library()


@register.simple_tag
def report_export_options(subject) -> dict:
    """What the export button offers for ``subject``: its type for the URL and the kinds of
    report that fit it ({"subject_type": "", "kinds": []} for anything else)."""
    if isinstance(subject, Program):
        return {"subject_type": "program", "kinds": ReportKind.for_program()}
    if isinstance(subject, Directive):
        return {"subject_type": "directive", "kinds": ReportKind.for_directive()}
    return {"subject_type": "", "kinds": []}


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
