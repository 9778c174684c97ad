"""What every app's admin shares: search that ignores diacritics, case and Unicode form."""

from django.contrib import admin

from .identifiers import try_parse_identifier
from .text import fold


class FoldedSearchMixin:
    """Admin search on the model's folded ``search_key``: "ban dan van" finds "Ban Dân vận",
    and for models with identifiers any spelling of an identifier finds its row.

    Also serves the autocomplete widgets that point at the model.
    """

    search_fields = ("search_key",)

    def get_search_results(self, request, queryset, search_term):
        term = fold(search_term)
        if not term:
            return queryset, False
        matches = queryset.filter(search_key__contains=term)
        parsed = try_parse_identifier(search_term)
        if parsed is not None and hasattr(queryset.model, "identifier_key"):
            matches = matches | queryset.filter(identifier_key=parsed.key)
        return matches, False


class ReadOnlyHistoryMixin:
    """Admin pages of historical records only show; the history is kept forever."""

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.empty_value_display = "—"
