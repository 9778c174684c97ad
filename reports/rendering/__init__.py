"""The PDF renderer: report data from the database, HTML from templates, PDF/A from WeasyPrint.

``render_report(kind=..., subject_id=..., parameters=..., generated_at=...)`` is the one entry
point the Celery task and the ``render_report`` command share. With a ``review_report`` id in
``parameters`` it renders that record; otherwise it renders the draft that
:func:`reports.proposals.propose` makes for the subject (``as_of``, ``report_date``, ``place``
and ``form`` in ``parameters`` override the proposals), with its empty sections marked.
"""

import datetime

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directives.models import Directive
from programs.models import Program
from reports.models import ReportKind, ReviewReport

from .data import canonical_json, fingerprint, nfc
from .errors import ReportDataError, ReportRenderError
from .fetcher import StaticOnlyURLFetcher
from .pdf import ProgressCallback, RenderedReport, build_html, render_pdf
from .review import review_report_data

UNKNOWN_KIND = _("Unknown report kind: %(kind)s.")
PROGRAM_MISSING = _("The program this report is about no longer exists (id %(pk)s).")
DIRECTIVE_MISSING = _("The directive this report is about no longer exists (id %(pk)s).")
RECORD_MISSING = _("The review report record no longer exists (id %(pk)s).")

__all__ = [
    "RenderedReport",
    "ReportDataError",
    "ReportRenderError",
    "StaticOnlyURLFetcher",
    "build_html",
    "canonical_json",
    "fingerprint",
    "nfc",
    "record_data",
    "render_report",
    "report_data",
]


def _day(parameters: dict, name: str) -> datetime.date | None:
    value = parameters.get(name)
    return datetime.date.fromisoformat(value) if value else None


def record_data(report: ReviewReport) -> dict:
    """The data of a saved (or proposed, unsaved) review report with its rows."""
    if report.pk:
        issuers = list(
            report.issuers.select_related("agency__parent").prefetch_related("agency__former_names")
        )
        parts = list(report.parts.all())
    else:
        issuers = getattr(report, "proposed_issuers", [])
        parts = []
    return review_report_data(report, issuers, parts)


def report_data(*, kind: str, subject_id: int, parameters: dict) -> dict:
    """The data a report of ``kind`` about row ``subject_id`` shows."""
    from reports.proposals import propose

    if kind not in ReportKind.values:
        raise ReportRenderError(gettext(UNKNOWN_KIND) % {"kind": kind})
    if record_id := parameters.get("review_report"):
        report = (
            ReviewReport.objects.select_related("program", "directive__issuing_body", "approved_at")
            .filter(pk=record_id)
            .first()
        )
        if report is None:
            raise ReportDataError(gettext(RECORD_MISSING) % {"pk": record_id})
        override = parameters.get("override") or {}
        if not report.is_final:
            # The command's --date/--place/--form on a saved draft: this rendering only.
            if override.get("report_date"):
                report.report_date = datetime.date.fromisoformat(override["report_date"])
            if override.get("place") is not None:
                report.place = override["place"]
            if override.get("form"):
                report.form = override["form"]
        return record_data(report)
    if kind == ReportKind.DIRECTIVE_IMPLEMENTATION:
        subject = Directive.objects.select_related("issuing_body").filter(pk=subject_id).first()
        missing = DIRECTIVE_MISSING
    else:
        subject = Program.objects.filter(pk=subject_id).first()
        missing = PROGRAM_MISSING
    if subject is None:
        raise ReportDataError(gettext(missing) % {"pk": subject_id})
    proposal = propose(
        kind,
        subject,
        as_of=_day(parameters, "as_of"),
        report_date=_day(parameters, "report_date"),
        place=parameters.get("place"),
        form=parameters.get("form") or None,
    )
    return review_report_data(proposal.report, proposal.issuers, [])


def render_report(
    *,
    kind: str,
    subject_id: int,
    parameters: dict,
    generated_at: datetime.datetime,
    on_progress: ProgressCallback | None = None,
    data: dict | None = None,
) -> RenderedReport:
    """Read the data (unless the caller has: ``data``) and render the PDF. Raises
    :class:`ReportRenderError` with a readable message when the subject is gone or the kind
    unknown."""
    if on_progress:
        on_progress(2)
    if data is None:
        data = report_data(kind=kind, subject_id=subject_id, parameters=parameters)
    if on_progress:
        on_progress(5)
    return render_pdf(data, generated_at=generated_at, on_progress=on_progress)
