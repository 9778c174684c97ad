"""Filter pieces every list shares."""

import django_filters
from django.utils.translation import gettext_lazy as _

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
