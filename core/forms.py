"""Form pieces every app's forms share: the day-first date box and the declared layout.

A form says once, on its class, how its fields are laid out (as NetBox's forms do)::

    class ProgramForm(LayoutMixin, forms.ModelForm):
        fieldsets = (
            FieldSet(Field("identifier", "col-md-5"), "kind", name=_("Program")),
            FieldSet("reason", part="end"),
        )

and ``{% render_form form %}`` (``core/templatetags/ph.py``, ``core/includes/_form.html``) draws
it in the site's Bootstrap markup, for a whole form or one formset row. Hidden fields (``id``,
``version``, the inline foreign key) are drawn with the first part, and a visible field the
layout forgets is drawn at the end of the first part rather than left off the page: a field
added to a form is always submitted back. ``tests/core/test_forms.py`` fails when a form's
fields and its fieldsets disagree, so the layout stays a deliberate choice.
"""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NEEDS_CONFIRMATION

#: The part of the page a fieldset goes to when it names none.
MAIN = "main"


class DayFirstDateInput(forms.DateInput):
    """A date typed day first (26/11/2021) in a text box, not the browser's date picker; the
    format modules (config/formats) render and parse it in both languages."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", **(attrs or {})}
        )


#: django-simple-history's history_change_reason column.
REASON_MAX_LENGTH = 100


class ReasonMixin(forms.Form):
    """The optional "reason for the change" of an edit form, recorded on the history records the
    save writes (services take it as ``reason``)."""

    reason = forms.CharField(
        label=_("Reason for change"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        help_text=_("Optional; shown in the change history."),
    )


#: The name of the confirmation box of :class:`ConfirmMixin` (and of the model attribute or
#: field it sets).
CONFIRM_FIELD = "confirmed"


class ConfirmMixin(forms.Form):
    """The one way a form lets the user save despite a warning.

    A model's ``clean()`` raises warnings with :func:`core.models.warn_unless_confirmed`
    (``ValidationError`` code :data:`core.models.NEEDS_CONFIRMATION`). The form shows them
    like any error, with a confirmation box (``form.warnings``; ``_form.html`` draws it at the
    top of the form or row); submitted again with the box ticked, the instance's
    ``confirmed`` is set and the warnings no longer stop the save. Until a warning appears the
    box is a hidden field carrying the row's current ``confirmed``. Mix it before the model
    form.
    """

    confirmed = forms.BooleanField(
        label=_("I have read the warning and want to save anyway"),
        required=False,
        widget=forms.HiddenInput,
    )

    #: Whether the box stays hidden until a warning shows (the app's pages); Django admin's
    #: inline rows show it as a column instead (``False``).
    confirm_hidden = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings: list[str] = []
        self.fields[CONFIRM_FIELD].initial = bool(getattr(self.instance, CONFIRM_FIELD, False))
        if not self.confirm_hidden:
            self.fields[CONFIRM_FIELD].widget = forms.CheckboxInput()

    def _post_clean(self):
        # A saved row the user left untouched (a party row of a program whose title was
        # edited) is not warned about again: it is not saved either.
        untouched = self.instance.pk is not None and not self.has_changed()
        confirmed = untouched or bool(self.cleaned_data.get(CONFIRM_FIELD))
        # Both: a model form that edits the model's own "confirmed" field copies it from
        # cleaned_data onto the instance.
        self.cleaned_data[CONFIRM_FIELD] = self.instance.confirmed = confirmed
        super()._post_clean()
        self.warnings = [
            message
            for errors in self._errors.as_data().values()
            for error in errors
            if error.code == NEEDS_CONFIRMATION
            for message in error.messages
        ]
        if self.warnings:
            self.fields[CONFIRM_FIELD].widget = forms.CheckboxInput()

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.warnings)


@dataclass(frozen=True)
class Field:
    """One field in a fieldset: its name, the Bootstrap column classes it takes in the row, and
    a label that replaces the field's own on this form (``None``: the field's)."""

    name: str
    width: str = "col-12"
    label: str | None = None


class FieldSet:
    """A group of fields shown together, under ``name`` when given, with ``description`` as a
    line of help. ``part`` says which part of the page draws it (``{% render_form form
    part="end" %}``), for forms whose fields sit on both sides of something else (a program's
    reason for the change sits below its parties and tasks)."""

    def __init__(self, *fields: "str | Field", name=None, description=None, part: str = MAIN):
        self.fields = tuple(item if isinstance(item, Field) else Field(item) for item in fields)
        self.name = name
        self.description = description
        self.part = part

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(item.name for item in self.fields)


@dataclass(frozen=True)
class PlacedField:
    """A bound field with where and how the layout draws it."""

    field: forms.BoundField
    width: str
    label: str | None


@dataclass(frozen=True)
class PlacedFieldSet:
    fieldset: FieldSet
    fields: list[PlacedField]


#: Fields a formset adds to each row that a layout need not name: the row's primary key and
#: inline foreign key are hidden, "delete" and "order" are drawn by the row's layout when named
#: and otherwise at its end.
FORMSET_FIELDS = frozenset({"id", "DELETE", "ORDER"})


class LayoutMixin:
    """Gives a form a declared layout (:attr:`fieldsets`) and the methods the form template uses.

    ``fieldsets`` names every visible field of the form; names the form does not have at run
    time (a field removed in ``__init__``, ``DELETE`` on a row that cannot be deleted) are
    skipped.
    """

    fieldsets: tuple[FieldSet, ...] = ()

    @classmethod
    def layout_names(cls) -> set[str]:
        return {name for fieldset in cls.fieldsets for name in fieldset.names}

    def layout(self, part: str = MAIN) -> list[PlacedFieldSet]:
        """The fieldsets of ``part`` with their bound fields; the first part also gets the
        visible fields no fieldset names, in a last fieldset of their own."""
        placed = self.layout_names() | {CONFIRM_FIELD}
        # A row not saved yet has nothing to remove: its "delete" box is left off.
        instance = getattr(self, "instance", None)
        unsaved = instance is not None and instance.pk is None
        result = []
        for fieldset in self.fieldsets:
            if fieldset.part != part:
                continue
            fields = [
                PlacedField(self[item.name], item.width, item.label)
                for item in fieldset.fields
                if item.name in self.fields and not (unsaved and item.name == "DELETE")
            ]
            if fields:
                result.append(PlacedFieldSet(fieldset, fields))
        if part == self._first_part():
            forgotten = [
                PlacedField(self[name], "col-12", None)
                for name, field in self.fields.items()
                if name not in placed and not field.widget.is_hidden
            ]
            if forgotten:
                result.append(PlacedFieldSet(FieldSet(), forgotten))
        return result

    def layout_hidden_fields(self, part: str = MAIN) -> list[forms.BoundField]:
        """The hidden fields no fieldset names, drawn with the first part."""
        if part != self._first_part():
            return []
        placed = self.layout_names()
        return [
            self[name]
            for name, field in self.fields.items()
            if field.widget.is_hidden and name not in placed
        ]

    def _first_part(self) -> str:
        return self.fieldsets[0].part if self.fieldsets else MAIN


class ImportForm(LayoutMixin, forms.Form):
    """The import page's form: which kind of records, and the sheet (core.imports_views)."""

    kind = forms.ChoiceField(label=_("What to import"))
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    fieldsets = (FieldSet("kind", "file"),)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, importer.label) for kind, importer in kinds.items()]
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"

    def clean_file(self):
        from django.conf import settings

        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".xlsx") or name.endswith(".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s bytes.") % {"limit": settings.IMPORT_MAX_BYTES}
            )
        return upload
