"""Filters of the report job list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import JobStatus, ReportJob, ReportKind


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
