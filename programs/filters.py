"""Filters of the program and review-meeting lists."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from core.filters import YearFilter
from core.forms import DayFirstDateInput
from core.search import SearchFilter
from directives.models import Directive

from .models import MeetingKind, Program, ProgramKind, ProgramStatus, ReviewMeeting, Signatory


# The choice lists offer only what can match, so they stay short however many directives and
# programs the database holds (a select of every directive made the list page slow).
def _signing_agencies():
    return Agency.objects.filter(Exists(Signatory.objects.filter(agency=OuterRef("pk")))).ordered()


def _directives_with(through, column: str):
    return Directive.objects.filter(
        Exists(through.objects.filter(**{column: OuterRef("pk")}))
    ).order_by("-issued_on", "pk")


def _reviewed_or_signed_programs():
    return Program.objects.filter(
        Exists(ReviewMeeting.programs.through.objects.filter(program=OuterRef("pk")))
        | Exists(ReviewMeeting.signed_programs.through.objects.filter(program=OuterRef("pk")))
    ).order_by("-signed_on", "pk")


class ProgramFilterSet(django_filters.FilterSet):
    #: The global search's matching for programs (``programs/search.py``): identifiers in any
    #: spelling, citations, all the words in any order, programs based on a cited directive.
    q = SearchFilter(
        label=_("Search"),
        widget=forms.TextInput(attrs={"placeholder": _("Identifier, title, “CTr 90”…")}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProgramStatus.choices, empty_label=_("Any status")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ProgramKind.choices, empty_label=_("Any kind")
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Signing agency"),
        field_name="signatories__agency",
        queryset=lambda request: _signing_agencies(),
        empty_label=_("Any agency"),
        distinct=True,
    )
    directive = django_filters.ModelChoiceFilter(
        label=_("Based on directive"),
        field_name="based_on",
        queryset=lambda request: _directives_with(Program.based_on.through, "directive"),
        empty_label=_("Any directive"),
        distinct=True,
    )
    in_force_on = django_filters.DateFilter(
        label=_("In force on"), method="filter_in_force_on", widget=DayFirstDateInput()
    )
    year = YearFilter(label=_("Period includes year"), method="filter_year")

    class Meta:
        model = Program
        fields = ["q", "status", "kind", "agency", "directive", "in_force_on", "year"]

    def filter_in_force_on(self, queryset, name, value):
        return queryset.in_force(on=value) if value else queryset

    def filter_year(self, queryset, name, value):
        return queryset.overlapping(int(value)) if value is not None else queryset


class ReviewMeetingFilterSet(django_filters.FilterSet):
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
        queryset=lambda request: _reviewed_or_signed_programs(),
        empty_label=_("Any program"),
    )
    directive = django_filters.ModelChoiceFilter(
        label=_("Directive"),
        field_name="directives",
        queryset=lambda request: _directives_with(ReviewMeeting.directives.through, "directive"),
        empty_label=_("Any directive"),
        distinct=True,
    )
    order = django_filters.OrderingFilter(
        label=_("Order"),
        fields=(("held_on", "held_on"),),
        field_labels={"held_on": _("Oldest first"), "-held_on": _("Newest first")},
        empty_label=_("Calendar order"),
    )

    class Meta:
        model = ReviewMeeting
        fields = ["q", "kind", "year", "program", "directive"]

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
