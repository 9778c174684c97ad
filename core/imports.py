"""Importing rows from a spreadsheet (.xlsx or CSV) with a dry run (docs/imports.md).

The apps' importers (``agencies/imports.py``, ``programs/imports.py``) subclass
:class:`Importer`: they declare their columns and say, for one row, which record it is (by its
business key, never a database id) and what to write, through the apps' services. This module
reads the file (tablib, openpyxl underneath), finds the columns by their Vietnamese or English
heading, runs every row in a savepoint of one transaction, and reports each line: created,
updated, unchanged or refused and why. A dry run rolls the whole transaction back; the real run
commits it only when no line was refused, so a file is imported entirely or not at all. Every
history record written names the import.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO

import tablib
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .access import ADD, CHANGE, may, reason
from .text import fold, normalize_text

CREATE, UPDATE, UNCHANGED, REFUSE = "create", "update", "unchanged", "refuse"
ACTION_LABELS = {
    CREATE: _("create"),
    UPDATE: _("update"),
    UNCHANGED: _("unchanged"),
    REFUSE: _("refused"),
}

IMPORT_REASON = _("Imported from “%(file)s” (%(kind)s)")
MISSING_KEY = _("“%(column)s” is empty: it is needed to know which record this line is.")
MISSING_VALUE = _("“%(column)s” is empty.")
BAD_DATE = _("“%(value)s” in “%(column)s” is not a date: write it day first, e.g. 26/11/2021.")
BAD_NUMBER = _("“%(value)s” in “%(column)s” is not a whole number.")
BAD_CHOICE = _("“%(value)s” in “%(column)s” is not one of: %(choices)s.")
UNKNOWN_AGENCY = _("No agency is called “%(value)s” (name or abbreviation).")
AMBIGUOUS_AGENCY = _(
    "Several agencies are called “%(value)s”: write the full name, or give the parent agency."
)
DUPLICATE_LINE = _("Duplicate: line %(line)s already has this record.")
UNREADABLE = _(
    "The file could not be read as .xlsx or CSV (UTF-8). Save it from Excel as “Excel "
    "Workbook” or “CSV UTF-8”. Detail: %(error)s"
)
NO_COLUMNS = _("The first line of the file has none of the expected column headings: %(columns)s.")
MISSING_COLUMNS = _("The file has no column “%(columns)s”.")
TOO_MANY_ROWS = _("The file has %(rows)s lines; at most %(limit)s are imported at once.")
TOO_LARGE = _("The file is larger than %(limit)s bytes.")
WRONG_FORMAT = _("Upload an .xlsx or .csv file.")
NOT_ALLOWED = _("You may not change this record.")


class ImportFileError(Exception):
    """The file as a whole cannot be imported (unreadable, no known columns, too large)."""


class RowError(Exception):
    """One line is refused; ``messages`` say why."""

    def __init__(self, *messages):
        super().__init__(*messages)
        self.messages = [str(message) for message in messages]


@dataclass(frozen=True)
class Column:
    """A column of an import file: ``key`` (the English heading, also accepted), ``label``
    (the heading in the template, translated), whether it is required, an example value."""

    key: str
    label: object
    required: bool = False
    example: str = ""
    help: object = ""

    def headings(self) -> set[str]:
        """Folded headings this column is recognised by (key, English and Vietnamese label)."""
        names = {fold(self.key), fold(self.key.replace("_", " "))}
        for language in ("vi", "en"):
            with translation.override(language):
                names.add(fold(str(self.label)))
        return names


@dataclass
class Line:
    """What one line of the file does (or would do)."""

    number: int
    action: str = UNCHANGED
    record: str = ""
    messages: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])

    @property
    def refused(self) -> bool:
        return self.action == REFUSE


@dataclass
class ImportResult:
    kind: str
    source: str
    committed: bool
    lines: list[Line] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in ACTION_LABELS}

    @property
    def has_refusals(self) -> bool:
        return any(line.refused for line in self.lines)


def read_rows(content: bytes, *, filename: str) -> list[dict[str, object]]:
    """The rows of an .xlsx (first sheet) or CSV file as dicts keyed by the file's headings.

    CSV is read as UTF-8 (with or without the BOM Excel writes), separated by commas or
    semicolons. Blank lines are dropped. Raises :class:`ImportFileError`.
    """
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(gettext(TOO_LARGE) % {"limit": settings.IMPORT_MAX_BYTES})
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            dataset = tablib.Dataset().load(BytesIO(content), format="xlsx")
        elif name.endswith(".csv"):
            text = content.decode("utf-8-sig")
            first = text.split("\n", 1)[0]
            delimiter = ";" if first.count(";") > first.count(",") else ","
            dataset = tablib.Dataset().load(text, format="csv", delimiter=delimiter)
        else:
            raise ImportFileError(gettext(WRONG_FORMAT))
    except ImportFileError:
        raise
    except Exception as error:  # tablib/openpyxl raise many kinds on a broken file
        raise ImportFileError(gettext(UNREADABLE) % {"error": str(error)[:200]}) from error
    headers = [str(header or "").strip() for header in (dataset.headers or [])]
    rows = []
    for values in dataset:
        row = dict(zip(headers, values, strict=False))
        if any(_blank(value) is False for value in row.values()):
            rows.append(row)
    if len(rows) > settings.IMPORT_MAX_ROWS:
        raise ImportFileError(
            gettext(TOO_MANY_ROWS) % {"rows": len(rows), "limit": settings.IMPORT_MAX_ROWS}
        )
    return rows


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


class Importer:
    """One kind of import. Subclasses set ``kind``, ``label``, ``columns`` and implement
    :meth:`import_row`; they write through services with ``reason=self.reason`` and
    ``user=self.user``, and raise :class:`RowError` (or let ``ValidationError`` through) to
    refuse a line."""

    kind: str = ""
    label = ""
    columns: list[Column] = []
    permissions: tuple[str, ...] = ()
    #: Templates list importer classes: they must not be called there.
    do_not_call_in_templates = True

    def __init__(self, *, user: AbstractBaseUser | None, source: str):
        self.user = user
        self.source = source
        self.seen: dict[object, int] = {}

    @property
    def reason(self) -> str:
        return gettext(IMPORT_REASON) % {"file": self.source, "kind": self.label}

    # Reading values -----------------------------------------------------------------------
    def _column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def text(self, row: dict, key: str, *, required: bool = False, key_part: bool = False) -> str:
        value = row.get(key)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = normalize_text(str(value)) if not _blank(value) else ""
        if required and not text:
            message = MISSING_KEY if key_part else MISSING_VALUE
            raise RowError(gettext(message) % {"column": self._column(key).label})
        return text

    def date(self, row: dict, key: str, *, required: bool = False) -> datetime.date | None:
        value = row.get(key)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = self.text(row, key, required=required)
        if not text:
            return None
        match = _DATE.match(text)
        try:
            if match:
                day, month, year = (int(part) for part in match.groups())
                return datetime.date(year, month, day)
            if iso := _ISO.match(text):
                year, month, day = (int(part) for part in iso.groups())
                return datetime.date(year, month, day)
        except ValueError:
            pass
        raise RowError(gettext(BAD_DATE) % {"value": text, "column": self._column(key).label})

    def integer(self, row: dict, key: str) -> int | None:
        text = self.text(row, key)
        if not text:
            return None
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            number = None
        if number is None or not number.is_integer() or not 0 <= number < 2**31:
            raise RowError(gettext(BAD_NUMBER) % {"value": text, "column": self._column(key).label})
        return int(number)

    def choice(self, row: dict, key: str, choices, default=None):
        """A ``TextChoices`` value given as its value, its label (Vietnamese or English,
        diacritics and case ignored) or one unambiguous part of the label ("Đơn vị" for
        "Vụ, cục, đơn vị")."""
        text = self.text(row, key)
        if not text:
            return default
        wanted = fold(text)
        matches = []
        for value, label in choices:
            names = {fold(str(value))}
            for language in ("vi", "en"):
                with translation.override(language):
                    full = fold(str(label))
                names.add(full)
                names.add(full.split(" (")[0])
                names.update(part.strip(" ()") for part in re.split(r",|/|\(| or | hoac ", full))
            if wanted in names - {""}:
                matches.append(value)
        if len(matches) == 1:
            return matches[0]
        listed = ", ".join(str(label) for _value, label in choices)
        raise RowError(
            gettext(BAD_CHOICE)
            % {"value": text, "column": self._column(key).label, "choices": listed}
        )

    @staticmethod
    def given(row: dict, key: str) -> bool:
        """Whether the line has a value in column ``key`` (a blank cell leaves a matched
        record's value as it is)."""
        return not _blank(row.get(key))

    def for_update(self, row: dict, values: dict, instance) -> dict:
        """The ``values`` an update writes: those given on the line, and a text that differs
        from the stored one beyond diacritics and case (a file typed without accents does
        not rewrite "Ban Dân vận" as "Ban dan van")."""
        result = {}
        for name, value in values.items():
            if not self.given(row, name):
                continue
            current = getattr(instance, name, None)
            if isinstance(value, str) and isinstance(current, str) and fold(value) == fold(current):
                continue
            result[name] = value
        return result

    @staticmethod
    def split(text: str) -> list[str]:
        """Several names in one cell, separated by semicolons or line breaks."""
        return [part.strip() for part in re.split(r"[;\n]", text or "") if part.strip()]

    def allowed(self, instance) -> None:
        """Refuse the line when the importing user may not create or change ``instance``
        (:func:`core.access.may`, asked with the row: scoped permissions apply per line).
        An import without a user (a management command, the shell) is not checked."""
        if self.user is None:
            return
        existing = instance.pk is not None
        action = CHANGE if existing else ADD
        why = reason(self.user, action, type(instance), instance)
        if why is not None:
            # The role's refusal keeps the short message; the scope's says which agencies.
            raise RowError(why if may(self.user, action, type(instance)) else gettext(NOT_ALLOWED))

    def once(self, key: object, number: int) -> None:
        """Refuse a second line for the same record in one file."""
        if key in self.seen:
            raise RowError(gettext(DUPLICATE_LINE) % {"line": self.seen[key]})
        self.seen[key] = number

    # Running ------------------------------------------------------------------------------
    def map_headings(self, rows: list[dict]) -> list[dict]:
        """Rows keyed by column key instead of the file's headings."""
        if not rows:
            return []
        known = {}
        for heading in rows[0]:
            folded = fold(heading)
            for column in self.columns:
                if folded in column.headings():
                    known[heading] = column.key
        if not known:
            raise ImportFileError(
                gettext(NO_COLUMNS)
                % {"columns": ", ".join(str(column.label) for column in self.columns)}
            )
        missing = [
            str(column.label)
            for column in self.columns
            if column.required and column.key not in known.values()
        ]
        if missing:
            raise ImportFileError(gettext(MISSING_COLUMNS) % {"columns": "”, “".join(missing)})
        return [{known[h]: v for h, v in row.items() if h in known} for row in rows]

    def run(self, rows: Iterable[dict], *, commit: bool) -> ImportResult:
        """Import ``rows`` (as read by :func:`read_rows`) in one transaction, each line in a
        savepoint; roll back unless ``commit`` and no line was refused."""
        rows = self.map_headings(list(rows))
        result = ImportResult(kind=self.kind, source=self.source, committed=False)
        with transaction.atomic():
            self.prepare()
            for index, row in enumerate(rows, start=2):  # line 1 holds the headings
                line = Line(number=index, record=self.describe(row))
                savepoint = transaction.savepoint_create()
                try:
                    self.import_row(row, line)
                except RowError as error:
                    line.action, line.messages = REFUSE, error.messages
                except ValidationError as error:
                    line.action = REFUSE
                    line.messages = _validation_messages(error)
                except DatabaseError as error:
                    line.action, line.messages = REFUSE, [str(error).splitlines()[0][:200]]
                if line.refused:
                    transaction.savepoint_rollback(savepoint)
                else:
                    transaction.savepoint_commit(savepoint)
                result.lines.append(line)
            if commit and not result.has_refusals:
                result.committed = True
            else:
                transaction.set_rollback(True)
        return result

    def describe(self, row: dict) -> str:
        """What a line is about, before it is read (its first two given values); the
        importer names the record more precisely once it has read the line."""
        values = [normalize_text(str(v)) for v in row.values() if not _blank(v)]
        return " – ".join(values[:2])[:200]

    def prepare(self) -> None:
        """Load what matching needs (called inside the transaction, before the first row)."""

    def import_row(self, row: dict, line: Line) -> None:
        raise NotImplementedError

    # Templates ----------------------------------------------------------------------------
    def template_dataset(self) -> tablib.Dataset:
        """The headings (in the current language) and one example line."""
        dataset = tablib.Dataset(headers=[str(column.label) for column in self.columns])
        dataset.title = str(self.label)[:31]
        dataset.append([column.example for column in self.columns])
        return dataset


def _validation_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        messages = []
        for name, errors in error.message_dict.items():
            prefix = "" if name == "__all__" else f"{name}: "
            messages.extend(f"{prefix}{message}" for message in errors)
        return messages
    return [str(message) for message in error.messages]


def describe_changes(instance, values: dict) -> list[str]:
    """Set ``values`` on ``instance``; return "field: old → new" for those that differ."""
    changes = []
    for name, value in values.items():
        old = getattr(instance, name)
        if old != value:
            label = instance._meta.get_field(name).verbose_name
            changes.append(f"{label}: {_show(old)} → {_show(value)}")
            setattr(instance, name, value)
    return changes


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)
