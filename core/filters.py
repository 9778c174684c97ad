"""Filters every list shares: a year box that refuses years no record can have, so a typed
``?year=0`` or ``?year=10000`` is a message on the field instead of a database error; the
"archived" filter that hides archived rows unless asked."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

YEAR_MIN, YEAR_MAX = 1900, 2100
YEAR_RANGE = _("Enter a year from %(low)s to %(high)s.")


class YearField(forms.IntegerField):
    """A whole year between :data:`YEAR_MIN` and :data:`YEAR_MAX`, with one message for any
    value out of range (below, above, or not a whole number at all)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.NumberInput(attrs={"placeholder": _("yyyy"), "min": YEAR_MIN, "max": YEAR_MAX}),
        )
        super().__init__(**kwargs)

    @staticmethod
    def _out_of_range() -> forms.ValidationError:
        return forms.ValidationError(
            YEAR_RANGE, code="year_range", params={"low": YEAR_MIN, "high": YEAR_MAX}
        )

    def to_python(self, value):
        try:
            value = super().to_python(value)
        except forms.ValidationError as error:
            raise self._out_of_range() from error
        if value is not None and not YEAR_MIN <= value <= YEAR_MAX:
            raise self._out_of_range()
        return value


class YearFilter(django_filters.NumberFilter):
    field_class = YearField


ARCHIVED_ONLY = "only"
ARCHIVED_TOO = "all"


class ArchivedFilterMixin(django_filters.FilterSet):
    """Hides archived rows (:class:`core.models.ArchivableModel`) unless the "archived" filter
    asks for them: only the archived rows, or every row."""

    archived = django_filters.ChoiceFilter(
        label=_("Archived"),
        choices=[(ARCHIVED_ONLY, _("Archived only")), (ARCHIVED_TOO, _("Archived and current"))],
        empty_label=_("Not archived"),
        method="filter_archived",
    )

    def __init__(self, data=None, queryset=None, **kwargs):
        # An unbound filter set (a list opened without filters) filters nothing: hide the
        # archived rows here.
        if data is None and queryset is not None:
            queryset = queryset.filter(archived_at__isnull=True)
        super().__init__(data, queryset, **kwargs)

    def filter_archived(self, queryset, name, value):
        if value == ARCHIVED_ONLY:
            return queryset.filter(archived_at__isnull=False)
        return queryset

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("archived"):
            queryset = queryset.filter(archived_at__isnull=True)
        return super().filter_queryset(queryset)
