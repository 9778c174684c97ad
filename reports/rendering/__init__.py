"""The PDF renderer: report data from the database, HTML from templates, PDF/A from WeasyPrint.

``render_report(kind=..., subject_id=..., parameters=..., generated_at=...)`` is the one entry
point the Celery task and the ``render_report`` command share.
"""

import datetime

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reports.models import ReportKind

from .data import canonical_json, directive_report_data, fingerprint, program_report_data
from .errors import ReportDataError, ReportRenderError
from .fetcher import StaticOnlyURLFetcher
from .pdf import ProgressCallback, RenderedReport, build_html, render_pdf

UNKNOWN_KIND = _("Unknown report kind: %(kind)s.")

__all__ = [
    "RenderedReport",
    "ReportDataError",
    "ReportRenderError",
    "StaticOnlyURLFetcher",
    "build_html",
    "canonical_json",
    "fingerprint",
    "render_report",
    "report_data",
]


def report_data(*, kind: str, subject_id: int, parameters: dict) -> dict:
    """The data a report of ``kind`` about row ``subject_id`` shows (see :mod:`.data`)."""
    as_of = (
        datetime.date.fromisoformat(parameters["as_of"])
        if parameters.get("as_of")
        else datetime.date.today()
    )
    if kind in (ReportKind.PROGRAM_FINAL_REVIEW, ReportKind.PROGRAM_INTERIM_REVIEW):
        return program_report_data(
            program_id=subject_id,
            final=kind == ReportKind.PROGRAM_FINAL_REVIEW,
            as_of=as_of,
            parameters=parameters,
        )
    if kind == ReportKind.DIRECTIVE_IMPLEMENTATION:
        return directive_report_data(directive_id=subject_id, as_of=as_of, parameters=parameters)
    raise ReportRenderError(gettext(UNKNOWN_KIND) % {"kind": kind})


def render_report(
    *,
    kind: str,
    subject_id: int,
    parameters: dict,
    generated_at: datetime.datetime,
    on_progress: ProgressCallback | None = None,
) -> RenderedReport:
    """Read the data and render the PDF. Raises :class:`ReportRenderError` with a readable
    message when the subject is gone or the kind unknown."""
    if on_progress:
        on_progress(2)
    data = report_data(kind=kind, subject_id=subject_id, parameters=parameters)
    if on_progress:
        on_progress(5)
    return render_pdf(data, generated_at=generated_at, on_progress=on_progress)
