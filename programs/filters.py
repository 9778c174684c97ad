"""Filters of the program and review-meeting lists."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Official
from core.autocomplete import AutocompleteSelect
from core.filters import ArchivedFilterMixin, YearFilter
from core.forms import DayFirstDateInput
from core.search import SearchFilter, interpret, text_q
from directives.models import Directive

from .models import (
    MeetingKind,
    Program,
    ProgramKind,
    ProgramStatus,
    ReviewMeeting,
    Task,
    TaskStatus,
)


# The choices load on demand (core.autocomplete): the page draws only the chosen one, however
# many agencies, directives and programs the database holds; the queryset validates the id.
def _agencies():
    return Agency.objects.all()


def _directives():
    return Directive.objects.all()


def _programs():
    return Program.objects.all()


class ProgramFilterSet(ArchivedFilterMixin, django_filters.FilterSet):
    #: The global search's matching for programs (``programs/search.py``): identifiers in any
    #: spelling, citations, all the words in any order, programs based on a cited directive.
    q = SearchFilter(
        label=_("Search"),
        widget=forms.TextInput(attrs={"placeholder": _("Identifier, title, “CTr 90”…")}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ProgramStatus.choices,
        empty_label=_("Any status"),
        method="filter_status",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ProgramKind.choices, empty_label=_("Any kind")
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Signing agency"),
        field_name="signatories__agency",
        queryset=lambda request: _agencies(),
        empty_label=_("Any agency"),
        widget=AutocompleteSelect("agency"),
        distinct=True,
    )
    directive = django_filters.ModelChoiceFilter(
        label=_("Based on directive"),
        field_name="based_on",
        queryset=lambda request: _directives(),
        empty_label=_("Any directive"),
        widget=AutocompleteSelect("directive"),
        distinct=True,
    )
    signer = django_filters.ModelChoiceFilter(
        label=_("Signed by"),
        field_name="signatories__official",
        queryset=lambda request: Official.objects.all(),
        empty_label=_("Anyone"),
        distinct=True,
        widget=AutocompleteSelect("official"),
    )
    in_force_on = django_filters.DateFilter(
        label=_("In force on"), method="filter_in_force_on", widget=DayFirstDateInput()
    )
    year = YearFilter(label=_("Period includes year"), method="filter_year")
    ending_soon = django_filters.BooleanFilter(
        label=_("Period ends within 12 months"),
        method="filter_ending_soon",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Program
        fields = [
            "q",
            "status",
            "kind",
            "agency",
            "directive",
            "signer",
            "in_force_on",
            "year",
            "ending_soon",
            "archived",
        ]

    def filter_status(self, queryset, name, value):
        """The status pages show: set by hand, else the one the dates give today."""
        return queryset.with_status(value) if value else queryset

    def filter_in_force_on(self, queryset, name, value):
        return queryset.in_force(on=value) if value else queryset

    def filter_ending_soon(self, queryset, name, value):
        """The home page's "ending within 12 months" figure, as a list."""
        return queryset.ending_within(365).exclude(period_end__isnull=True) if value else queryset

    def filter_year(self, queryset, name, value):
        return queryset.overlapping(int(value)) if value is not None else queryset


class ReviewMeetingFilterSet(ArchivedFilterMixin, django_filters.FilterSet):
    q = SearchFilter(
        label=_("Search"),
        widget=forms.TextInput(attrs={"placeholder": _("Title or place")}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=MeetingKind.choices, empty_label=_("Any kind")
    )
    year = YearFilter(label=_("Year"), field_name="held_on", lookup_expr="year")
    program = django_filters.ModelChoiceFilter(
        label=_("Program"),
        # The method filters; the field name tells the API schema the value is a program id.
        field_name="programs",
        method="filter_program",
        queryset=lambda request: _programs(),
        empty_label=_("Any program"),
        widget=AutocompleteSelect("program"),
    )
    directive = django_filters.ModelChoiceFilter(
        label=_("Directive"),
        field_name="directives",
        queryset=lambda request: _directives(),
        empty_label=_("Any directive"),
        widget=AutocompleteSelect("directive"),
        distinct=True,
    )
    chair = django_filters.ModelChoiceFilter(
        label=_("Chaired by"),
        field_name="chairs",
        queryset=lambda request: Official.objects.all(),
        empty_label=_("Anyone"),
        distinct=True,
        widget=AutocompleteSelect("official"),
    )
    order = django_filters.OrderingFilter(
        label=_("Order"),
        fields=(("held_on", "held_on"),),
        field_labels={"held_on": _("Oldest first"), "-held_on": _("Newest first")},
        empty_label=_("Calendar order"),
    )

    class Meta:
        model = ReviewMeeting
        fields = ["q", "kind", "year", "program", "directive", "chair", "archived"]

    def filter_program(self, queryset, name, value):
        """Meetings that reviewed the program or where it was signed."""
        if not value:
            return queryset
        reviewed = ReviewMeeting.programs.through.objects.filter(program=value).values(
            "reviewmeeting_id"
        )
        signed = ReviewMeeting.signed_programs.through.objects.filter(program=value).values(
            "reviewmeeting_id"
        )
        return queryset.filter(Q(pk__in=reviewed) | Q(pk__in=signed))


class TaskFilterSet(ArchivedFilterMixin, django_filters.FilterSet):
    """Filters of the task list (``programs:task_list``), where tasks are changed in bulk."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        widget=forms.TextInput(attrs={"placeholder": _("Words of the task")}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=TaskStatus.choices, empty_label=_("Any status")
    )
    lead_agency = django_filters.ModelChoiceFilter(
        label=_("Lead agency"),
        queryset=lambda request: _agencies(),
        empty_label=_("Any agency"),
        widget=AutocompleteSelect("agency"),
    )
    program = django_filters.ModelChoiceFilter(
        label=_("Program"),
        queryset=lambda request: _programs(),
        empty_label=_("Any program"),
        widget=AutocompleteSelect("program"),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Task
        fields = ["q", "status", "lead_agency", "program", "overdue", "archived"]

    def filter_text(self, queryset, name, value):
        query = interpret(value)
        return queryset.filter(text_q(query)) if query.folded else queryset

    def filter_overdue(self, queryset, name, value):
        """The home page's "overdue tasks" figure, as a list."""
        return queryset.overdue() if value else queryset
