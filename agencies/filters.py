"""Filters of the agency tree and the official list."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteSelect
from core.forms import DayFirstDateInput
from core.search import SearchFilter

from .models import Agency, AgencyKind, Official, Position


class AgencyFilterSet(django_filters.FilterSet):
    """Filters of ``agencies:agency_list``: free text over current and former names and short
    names (diacritics and case ignored), kind, "in force on" a date, and ``parent``: the
    agency the browser is in (its units at any depth; a hidden field, so that a search from
    a ministry's page searches within that ministry)."""

    q = SearchFilter(label=_("Name"), help_text=_("Current or former name, abbreviation"))
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=AgencyKind.choices, empty_label=_("All")
    )
    in_force_on = django_filters.DateFilter(
        label=_("In force on"), method="filter_in_force_on", widget=DayFirstDateInput()
    )

    parent = django_filters.ModelChoiceFilter(
        label=_("Within"),
        queryset=Agency.objects.all(),
        method="filter_parent",
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Agency
        fields = ["q", "kind", "in_force_on", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs["placeholder"] = _("ban dan van, BDVTW…")

    def filter_in_force_on(self, queryset, name, value):
        return queryset.in_force(on=value)

    def filter_parent(self, queryset, name, value):
        return queryset.under(value)

    @property
    def within_agency(self) -> Agency | None:
        """The agency the browser is in (``?parent=``), None at the top or when unknown."""
        if self.is_bound and self.form.is_valid():
            return self.form.cleaned_data.get("parent")
        return None

    @property
    def is_active(self) -> bool:
        """Whether a filter other than ``parent`` has a value: the browser then lists the
        matches (within ``parent`` when given) instead of one level of the hierarchy."""
        if not (self.is_bound and self.form.is_valid()):
            return False
        return any(value for name, value in self.form.cleaned_data.items() if name != "parent")


class OfficialFilterSet(django_filters.FilterSet):
    """Filters of ``agencies:official_list``: name (diacritics ignored) and an agency where the
    official held a position."""

    q = SearchFilter(label=_("Name"))
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"),
        queryset=lambda request: Agency.objects.all(),
        widget=AutocompleteSelect("agency"),
        method="filter_agency",
        # The method filters; the field name tells the API schema the value is an agency id.
        field_name="positions__agency",
        empty_label=_("All"),
    )
    current = django_filters.ChoiceFilter(
        label=_("Holding a position today"),
        method="filter_current",
        choices=[("yes", _("Yes")), ("no", _("No"))],
        empty_label=_("Any"),
    )

    class Meta:
        model = Official
        fields = ["q", "agency", "current"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs["placeholder"] = _("bui thanh son…")

    def filter_agency(self, queryset, name, value):
        return queryset.filter(
            Exists(Position.objects.filter(official=OuterRef("pk"), agency=value))
        )

    def filter_current(self, queryset, name, value):
        held = Exists(Position.objects.current().filter(official=OuterRef("pk")))
        return queryset.filter(held) if value == "yes" else queryset.exclude(held)
