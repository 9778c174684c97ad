"""Exporting a list, with its current filters, to CSV or Excel (docs/exports.md).

Each app's ``exports.py`` declares one :class:`ExportView` per list: the list's queryset and
FilterSet (the same ones, so the rows are exactly those the list shows) and the columns a person
reads (names rather than ids, dates day first). CSV is streamed row by row (UTF-8 with a BOM,
so Excel reads the Vietnamese right); the .xlsx file is written by openpyxl in write-only mode,
row by row into a temporary file, then streamed. Rows are read from the database in chunks.
"""

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from django.views import View
from django_filters.views import FilterMixin
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .access import VIEW, may
from .views import PermissionMixin

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
#: Rows fetched from the database at a time.
CHUNK_SIZE = 500
DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"


@dataclass(frozen=True)
class ExportColumn:
    """A column: its heading and how to read the value from a row."""

    label: object
    value: Callable[[object], object]


def _plain(value) -> object:
    """A cell's value: dates stay dates (formatted by the writer), lists joined, None empty."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value if item not in (None, ""))
    if isinstance(value, datetime.date | int | float):
        return value
    return str(value)


def _text(value) -> str:
    value = _plain(value)
    if isinstance(value, datetime.datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    return str(value)


class _Echo:
    """A file-like object whose ``write`` hands back the line (csv writes into it)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: list[ExportColumn], rows: Iterable) -> Iterable[str]:
    """The CSV text, line by line, starting with the BOM and the headings."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([str(column.label) for column in columns])
    for row in rows:
        yield writer.writerow([_text(column.value(row)) for column in columns])


def _xlsx_sheet(workbook: Workbook, headers: list[str], rows: Iterable[list], *, title: str):
    sheet = workbook.create_sheet(title=(title or "Sheet")[:31])
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for values in rows:
        cells = []
        for value in values:
            value = _plain(value)
            if isinstance(value, datetime.datetime):
                cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(value, datetime.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
            else:
                cell = WriteOnlyCell(sheet, value=value)
            cells.append(cell)
        sheet.append(cells)
    return sheet


def xlsx_file(headers: list[str], rows: Iterable[list], *, title: str):
    """An .xlsx workbook of one sheet in a temporary file (open, at the start)."""
    workbook = Workbook(write_only=True)
    _xlsx_sheet(workbook, headers, rows, title=title)
    # Handed open to the caller (FileResponse closes it): no context manager here.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle


def xlsx_bytes(headers: list[str], rows: Iterable[list], *, title: str) -> bytes:
    with xlsx_file(headers, rows, title=title) as handle:
        return handle.read()


class ExportView(PermissionMixin, FilterMixin, View):
    """GET ``…/export.csv`` or ``…/export.xlsx`` with the list's query string: the rows the
    list shows (all pages), in ``columns``. Subclasses set ``queryset``, ``filterset_class``,
    ``columns`` and ``filename`` (and ``permission_action`` when the list needs more than
    ``view`` on the model)."""

    columns: list[ExportColumn] = []
    #: What the reader needs on the model (``core.access.may``): the list page's permission.
    permission_action = VIEW
    filename = "export"
    sheet_title = ""
    strict = False

    def has_permission(self) -> bool:
        return may(self.request.user, self.permission_action, self.queryset.model)

    def get_queryset(self):
        return self.queryset.all()

    def rows(self):
        filterset = self.get_filterset(self.get_filterset_class())
        if filterset.is_valid() or not self.get_strict():
            queryset = filterset.qs
        else:
            queryset = filterset.queryset.none()
        return queryset.iterator(chunk_size=CHUNK_SIZE)

    def get(self, request, *args, fmt: str, **kwargs):
        if fmt not in FORMATS:
            raise Http404
        stamp = timezone.localdate().strftime("%Y%m%d")
        name = f"{self.filename}-{stamp}.{fmt}"
        if fmt == "csv":
            response = StreamingHttpResponse(
                csv_lines(self.columns, self.rows()), content_type=CSV_TYPE
            )
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        handle = xlsx_file(
            [str(column.label) for column in self.columns],
            ([column.value(row) for column in self.columns] for row in self.rows()),
            title=str(self.sheet_title or self.filename),
        )
        return FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX_TYPE)
