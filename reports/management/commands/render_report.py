"""``manage.py render_report SUBJECT --kind KIND [--as-of D] [--date D] [--place P]
[--form party|state] --output FILE.pdf``: render a review report now.

SUBJECT is a document identifier in any spelling ("90-ctr/bdvtw-bcsdbng", "25/NQ-TW"), a short
citation ("NQ 25"), or ``program:ID`` / ``directive:ID`` (programs without an identifier are
reachable that way). With a saved review report of that kind for the subject, it renders the
record (the one as of ``--as-of`` when given, else the latest); otherwise the draft the app would
propose, with its empty sections marked. ``--date``, ``--place`` and ``--form`` override the
proposals, or a saved draft's values for this rendering only; a final report renders as signed.
Runs the same renderer as the Celery task, synchronously, without a job row.
"""

import datetime
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.identifiers import parse_citation
from directives.models import Directive
from programs.models import Program
from reports.models import DocumentForm, ReportKind, ReviewReport, ReviewStatus
from reports.rendering import ReportRenderError, render_report

UNKNOWN_SUBJECT = "No {what} matches {subject!r}."
AMBIGUOUS_SUBJECT = (
    "{count} {what}s match {subject!r} ({found}): name one as {what}:ID, e.g. {what}:{pk}."
)
WRONG_SUBJECT_TYPE = "--kind {kind} is a report about a {needed}, not a {given}."
FINAL_IS_AS_SIGNED = (
    "The saved report {pk} is final: it renders as signed, without --date, --place or --form."
)
NOT_A_DATE = "Not a date: {value!r} (use YYYY-MM-DD or DD/MM/YYYY)."
NO_OUTPUT_DIR = "The folder of --output does not exist: {path}."
_BY_ID = re.compile(r"^\s*(program|directive)\s*:\s*(\d+)\s*$", re.I)


class Command(BaseCommand):
    help = "Render a review report as PDF, synchronously, with the same code the worker runs."

    def add_arguments(self, parser):
        parser.add_argument(
            "subject",
            help='Identifier ("90-CTr/BDVTW-BCSĐBNG", "25/NQ-TW"), citation ("NQ 25"), or '
            "program:ID / directive:ID.",
        )
        parser.add_argument("--kind", required=True, choices=ReportKind.values)
        parser.add_argument("--output", required=True, help="Where to write the PDF.")
        parser.add_argument("--as-of", help="Count the data up to this day (YYYY-MM-DD).")
        parser.add_argument("--date", help="The report date (YYYY-MM-DD).")
        parser.add_argument("--place", help="The place the report is dated at.")
        parser.add_argument("--form", choices=DocumentForm.values, help="party or state form.")

    def handle(self, *args, subject, kind, output, as_of, date, place, form, **options):
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(NO_OUTPUT_DIR.format(path=path.parent))
        as_of_day = _parse_date(as_of) if as_of else None
        report_day = _parse_date(date) if date else None
        found = _find_subject(subject, kind)
        parameters: dict = {}
        record = _saved_report(found, kind, as_of_day)
        if record is not None:
            if record.status == ReviewStatus.FINAL and (report_day or place or form):
                raise CommandError(FINAL_IS_AS_SIGNED.format(pk=record.pk))
            parameters["review_report"] = record.pk
            if report_day or place is not None or form:
                parameters["override"] = {
                    "report_date": report_day.isoformat() if report_day else None,
                    "place": place,
                    "form": form,
                }
        else:
            parameters = {
                "as_of": as_of_day.isoformat() if as_of_day else None,
                "report_date": report_day.isoformat() if report_day else None,
                "place": place,
                "form": form,
            }
        try:
            rendered = render_report(
                kind=kind, subject_id=found.pk, parameters=parameters, generated_at=timezone.now()
            )
        except ReportRenderError as error:
            raise CommandError(str(error)) from error
        path.write_bytes(rendered.pdf)
        source = f"saved report {record.pk} ({record.status})" if record else "proposed draft"
        self.stdout.write(
            f"{path}: {rendered.pages} pages, {len(rendered.pdf)} bytes, {source}, "
            f"data fingerprint {rendered.fingerprint}"
        )


def _find_subject(subject: str, kind: str) -> Program | Directive:
    wants_directive = kind == ReportKind.DIRECTIVE_IMPLEMENTATION
    model, what = (Directive, "directive") if wants_directive else (Program, "program")
    if match := _BY_ID.match(subject):
        given = match[1].lower()
        if given != what:
            raise CommandError(WRONG_SUBJECT_TYPE.format(kind=kind, needed=what, given=given))
        row = model.objects.filter(pk=int(match[2])).first()
        if row is None:
            raise CommandError(UNKNOWN_SUBJECT.format(what=what, subject=subject))
        return row
    rows = model.objects.by_identifier(subject)
    if not rows.exists() and (citation := parse_citation(subject)):
        # A short citation ("NQ 25", "Chương trình phối hợp 90"): match number and type.
        rows = model.objects.filter(number=citation.number)
        if citation.type_code:
            rows = rows.filter(type_code__iexact=citation.type_code)
    date_field = "issued_on" if wants_directive else "signed_on"
    found = list(rows.order_by(date_field, "pk")[:10])
    if not found:
        raise CommandError(UNKNOWN_SUBJECT.format(what=what, subject=subject))
    if len(found) > 1:
        listed = ", ".join(
            f"{what}:{row.pk} dated {getattr(row, date_field) or '?'}" for row in found
        )
        raise CommandError(
            AMBIGUOUS_SUBJECT.format(
                count=len(found), what=what, subject=subject, found=listed, pk=found[0].pk
            )
        )
    return found[0]


def _saved_report(subject, kind: str, as_of: datetime.date | None) -> ReviewReport | None:
    reports = ReviewReport.objects.about(subject).filter(kind=kind)
    if as_of is not None:
        return reports.filter(as_of=as_of).order_by("-pk").first()
    return reports.order_by("-as_of", "-pk").first()


def _parse_date(value: str) -> datetime.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CommandError(NOT_A_DATE.format(value=value))
