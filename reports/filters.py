"""Filters of the report job list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.forms import bootstrap

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self.form)
