"""Abstract bases the apps' models share: normalised text and a folded search key."""

from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .abbreviations import initials_key
from .identifiers import IDENTIFIER_UNPARSEABLE, ParsedIdentifier, try_parse_identifier
from .text import fold_many, normalize_text


class NormalizedModel(models.Model):
    """A model whose text is stored normalised (NFC, ``Đ`` for ``Ð``, whitespace collapsed).

    ``clean_fields()`` normalises before validating, so uniqueness and length checks see the
    stored form; ``save()`` normalises again for rows written without ``full_clean()``.
    Subclasses that list ``search_fields`` keep ``search_key``, the folded text of those fields
    (attribute paths on the row itself), for diacritic-insensitive search; those that list
    ``initials_fields`` keep ``initials_key``, the abbreviations derived from those names
    (:func:`core.abbreviations.initials_key`), so a name is found by its initials.
    """

    #: Fields folded into ``search_key``; subclasses set it and declare the column.
    search_fields: tuple[str, ...] = ()
    #: Names whose initials go into ``initials_key``; subclasses set it and declare the column.
    initials_fields: tuple[str, ...] = ()
    #: Text fields whose line breaks are kept.
    multiline_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.normalize()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and self.search_fields:
            derived = {"search_key", "initials_key"} if self.initials_fields else {"search_key"}
            kwargs["update_fields"] = {*update_fields, *derived}
        super().save(*args, **kwargs)

    def normalize(self) -> None:
        """Normalise this row's own text fields and recompute its search key."""
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and field.name not in (
                "search_key",
                "initials_key",
            ):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    multiline = field.name in self.multiline_fields or isinstance(
                        field, models.TextField
                    )
                    setattr(self, field.attname, normalize_text(value, multiline=multiline))
        if self.search_fields:
            self.search_key = fold_many(*(self._search_value(path) for path in self.search_fields))
        if self.initials_fields:
            self.initials_key = initials_key(
                *(self._search_value(path) for path in self.initials_fields)
            )

    def _search_value(self, path: str) -> str:
        value = self
        for part in path.split("."):
            value = getattr(value, part, "") if value is not None else ""
        return str(value or "")

    def clean_fields(self, exclude=None) -> None:
        self.normalize()
        super().clean_fields(exclude=exclude)


def search_key_field() -> models.TextField:
    """The folded search key column (indexed for trigram search on PostgreSQL)."""
    return models.TextField(_("search key"), blank=True, default="", editable=False)


def initials_key_field() -> models.TextField:
    """The derived initials column (" mttq ubtwmttqvn "; trigram-indexed on PostgreSQL)."""
    return models.TextField(_("initials key"), blank=True, default="", editable=False)


class IdentifiedQuerySet(models.QuerySet):
    def by_identifier(self, raw: str):
        """Rows whose identifier is ``raw`` in any of its written variants ("25/NQ-TW",
        "Số: 25-nq/tw"...); none when ``raw`` is no identifier."""
        parsed = try_parse_identifier(raw)
        return self.filter(identifier_key=parsed.key) if parsed else self.none()


class IdentifiedModel(NormalizedModel):
    """A document with an identifier (số, ký hiệu) kept in canonical form, with its folded key,
    number, type code and issuer code taken apart by :func:`core.identifiers.parse_identifier`.

    Any common spelling is accepted and stored canonically ("122- CTr/ÐUB" → "122-CTr/ĐUB");
    text that is no identifier is refused by ``clean_fields()`` and by ``save()``. Subclasses
    may redeclare ``identifier`` with ``blank=True`` to make it optional.
    """

    identifier = models.CharField(
        _("identifier"),
        max_length=64,
        help_text=_("Số, ký hiệu, e.g. 25-NQ/TW or 169/NQ-CP; any common spelling is accepted."),
    )
    identifier_key = models.CharField(
        _("identifier key"), max_length=64, blank=True, editable=False, db_index=True
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    type_code = models.CharField(_("type code"), max_length=8, blank=True, editable=False)
    issuer_code = models.CharField(_("issuer code"), max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.normalize()
        if error := self._identifier_error():
            raise ValidationError({"identifier": [error]})
        super().save(*args, **kwargs)

    @cached_property
    def parsed_identifier(self) -> ParsedIdentifier | None:
        return try_parse_identifier(self.identifier)

    def normalize(self) -> None:
        """Normalise text and take the identifier apart (canonical form, key, number, type).

        An identifier that cannot be parsed is left as typed, with an empty key, for
        ``clean_fields()`` to refuse.
        """
        super().normalize()
        self.__dict__.pop("parsed_identifier", None)
        parsed = self.parsed_identifier
        if parsed is None:
            self.identifier_key, self.number, self.type_code, self.issuer_code = "", None, "", ""
            return
        self.identifier = parsed.canonical
        self.identifier_key = parsed.key
        self.number = int(parsed.number)
        self.type_code = parsed.type_code
        self.issuer_code = parsed.issuer
        super().normalize()  # the search key again, now with the canonical identifier

    def _identifier_error(self) -> ValidationError | None:
        if self.identifier and not self.identifier_key:
            return ValidationError(IDENTIFIER_UNPARSEABLE, params={"value": self.identifier})
        return None

    def clean_fields(self, exclude=None) -> None:
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if (error := self._identifier_error()) and "identifier" not in errors:
            errors["identifier"] = [error]
        if errors:
            raise ValidationError(errors)


class VersionedModel(models.Model):
    """A row edited by several people: ``version`` goes up by one on every save, so a form that
    was opened on an older version is refused instead of silently overwriting
    (:mod:`core.concurrency`).

    The model does it, whatever path saves the row (the app's services, Django admin, the
    shell, the demo loader): a new row starts at 1; saving an existing row writes
    ``version + 1`` with ``UPDATE … WHERE pk = … AND version = <opened>``, where *opened* is
    the version the instance was loaded at (or the one a form was opened at, set by
    :func:`core.concurrency.claim_version`). When no row matches, someone saved meanwhile and
    :class:`core.concurrency.EditConflict` is raised with what they changed; nothing is
    written. ``QuerySet.update()`` and ``bulk_update()`` bypass ``save()`` and do not bump the
    version: use them only for columns a form never edits.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self._state.adding:
            self.version = 1
            self._saving_from = None
        else:
            self._saving_from = self.opened_version
            self.version = self._saving_from + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        connection = transaction.get_connection(using)
        usable = not connection.needs_rollback
        try:
            super().save(*args, **kwargs)
        except BaseException as error:
            if self._saving_from is not None:
                self.version = self._saving_from
            if usable and getattr(error, "stale_save", False):
                # Refused before anything was written and without a database error: the
                # surrounding transaction stays usable (Django marks it for rollback on any
                # exception raised inside save()), so a caller can catch the conflict and
                # go on, e.g. to show the changes.
                connection.needs_rollback = False
            raise
        finally:
            del self._saving_from
        self._opened_version = self.version

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        if "version" in instance.__dict__:
            instance._opened_version = instance.version
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None) -> None:
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None or "version" in fields:
            self._opened_version = self.version

    @property
    def opened_version(self) -> int:
        """The version a save of this instance expects to find in the database."""
        return self.__dict__.get("_opened_version", self.version)

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update, *args):
        expected = getattr(self, "_saving_from", None)
        if expected is None:
            return super()._do_update(
                base_qs, using, pk_val, values, update_fields, forced_update, *args
            )
        updated = super()._do_update(
            base_qs.filter(version=expected),
            using,
            pk_val,
            values,
            update_fields,
            forced_update,
            *args,
        )
        if not updated:
            current = base_qs.filter(pk=pk_val).values_list("version", flat=True).first()
            if current is not None:
                # Imported here: core.concurrency reads the history models.
                from .concurrency import stale_save

                conflict = stale_save(self, expected=expected, current=current)
                conflict.stale_save = True
                raise conflict
        return updated


def ordered_pair_constraint(start: str, end: str, *, name: str, message) -> models.CheckConstraint:
    """A check that ``end`` is not before ``start`` when both are given (periods, spans of
    years), named ``name`` (use ``%(app_label)s_%(class)s_…``) and failing with ``message``."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True})
        | Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__gte": F(start)}),
        name=name,
        violation_error_message=message,
    )


#: The code of a ``ValidationError`` that is a warning: the user may save anyway by confirming
#: (:class:`core.forms.ConfirmMixin` shows it with a confirmation box). A row knows it was
#: confirmed from its ``confirmed`` attribute (a model field where the confirmation is shown
#: later, as on a signing party; a plain attribute otherwise).
NEEDS_CONFIRMATION = "needs_confirmation"


def warn_unless_confirmed(instance, warnings: dict[str, list]) -> None:
    """Raise ``warnings`` (field name → messages or ``ValidationError``s) as errors the user
    may confirm, unless ``instance.confirmed`` is set. Call it at the end of ``clean()``, after
    the hard rules."""
    warnings = {name: messages for name, messages in warnings.items() if messages}
    if warnings and not getattr(instance, "confirmed", False):
        raise ValidationError(
            {name: [_as_warning(item) for item in items] for name, items in warnings.items()}
        )


def _as_warning(item) -> ValidationError:
    if isinstance(item, ValidationError):
        item.code = NEEDS_CONFIRMATION
        return item
    return ValidationError(item, code=NEEDS_CONFIRMATION)


class ArchivableQuerySet(models.QuerySet):
    def live(self):
        """Rows not archived (what lists, search and the home page show by default)."""
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class ArchivableModel(models.Model):
    """A row that is archived rather than deleted (soft delete): hidden from lists, search and
    the home page, kept with its history, restorable by a manager (:mod:`core.archive`)."""

    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None
