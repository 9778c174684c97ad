"""``manage.py render_report IDENTIFIER --kind KIND --output FILE.pdf``: render a report now.

Runs the same renderer as the Celery task, synchronously, without a job row: for scripts, for
checking a report's layout, and for when the queue is down.
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.identifiers import parse_citation
from directives.models import Directive
from programs.models import Program
from reports.models import ReportKind
from reports.rendering import ReportRenderError, render_report

UNKNOWN_IDENTIFIER = "No {what} has the identifier {identifier!r}."
AMBIGUOUS_IDENTIFIER = (
    "{count} {what}s have the identifier {identifier!r} (dated {dates}): give the date with --date."
)


class Command(BaseCommand):
    help = "Render a review report as PDF, synchronously, with the same code the worker runs."

    def add_arguments(self, parser):
        parser.add_argument(
            "identifier",
            help='Identifier ("90-CTr/BDVTW-BCSĐBNG", "25-NQ/TW") or short citation ("NQ 25").',
        )
        parser.add_argument("--kind", required=True, choices=ReportKind.values)
        parser.add_argument("--output", required=True, help="Where to write the PDF.")
        parser.add_argument(
            "--date",
            help="Signing or issue date (YYYY-MM-DD or DD/MM/YYYY) for an ambiguous identifier.",
        )
        parser.add_argument(
            "--as-of", help="Count overdue tasks on this day (YYYY-MM-DD); default today."
        )

    def handle(self, *args, identifier, kind, output, date, as_of, **options):
        if kind == ReportKind.DIRECTIVE_IMPLEMENTATION:
            model, what, date_field = Directive, "directive", "issued_on"
        else:
            model, what, date_field = Program, "program", "signed_on"
        rows = model.objects.by_identifier(identifier)
        if not rows.exists() and (citation := parse_citation(identifier)):
            # A short citation ("NQ 25", "Chương trình phối hợp 90"): match number and type.
            rows = model.objects.filter(number=citation.number)
            if citation.type_code:
                rows = rows.filter(type_code__iexact=citation.type_code)
        if date:
            rows = rows.filter(**{date_field: _parse_date(date)})
        found = list(rows.order_by(date_field, "pk")[:10])
        if not found:
            raise CommandError(UNKNOWN_IDENTIFIER.format(what=what, identifier=identifier))
        if len(found) > 1:
            dates = ", ".join(str(getattr(row, date_field) or "?") for row in found)
            raise CommandError(
                AMBIGUOUS_IDENTIFIER.format(
                    count=len(found), what=what, identifier=identifier, dates=dates
                )
            )
        subject = found[0]
        parameters = {"as_of": (_parse_date(as_of) if as_of else timezone.localdate()).isoformat()}
        try:
            rendered = render_report(
                kind=kind, subject_id=subject.pk, parameters=parameters, generated_at=timezone.now()
            )
        except ReportRenderError as error:
            raise CommandError(str(error)) from error
        path = Path(output)
        path.write_bytes(rendered.pdf)
        self.stdout.write(
            f"{path}: {rendered.pages} pages, {len(rendered.pdf)} bytes, "
            f"data fingerprint {rendered.fingerprint}"
        )


def _parse_date(value: str) -> datetime.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Not a date: {value!r} (use YYYY-MM-DD or DD/MM/YYYY).")
