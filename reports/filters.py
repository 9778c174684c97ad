"""Filters of the report job list and the review report list."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import JobStatus, ReportJob, ReportKind, ReviewReport, ReviewStatus


class ReportJobFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=JobStatus.choices, empty_label=_("Any status")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Report"), choices=ReportKind.choices, empty_label=_("Any report")
    )

    class Meta:
        model = ReportJob
        fields = ["status", "kind"]


class ReviewReportFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ReviewStatus.choices, empty_label=_("Any status")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Report"), choices=ReportKind.choices, empty_label=_("Any report")
    )

    # Reached from a program's or directive's "Review report" menu (?program=ID).
    program = django_filters.NumberFilter(field_name="program", widget=forms.HiddenInput)
    directive = django_filters.NumberFilter(field_name="directive", widget=forms.HiddenInput)

    class Meta:
        model = ReviewReport
        fields = ["status", "kind", "program", "directive"]
