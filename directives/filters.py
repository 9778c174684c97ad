"""The directive list's filters: type, issuing body, year of issue, status and free text."""

import django_filters
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from core.autocomplete import AutocompleteSelect
from core.filters import ArchivedFilterMixin
from core.identifiers import PARTY_TYPE_NAMES, STATE_TYPE_NAMES
from core.search import SearchFilter

from .models import Directive, DirectiveStatus


def type_choices() -> list[tuple[str, str]]:
    """The document types, as "NQ – Nghị quyết" (QĐ and TT carry both of their names)."""
    names: dict[str, list[str]] = {}
    for table in (PARTY_TYPE_NAMES, STATE_TYPE_NAMES):
        for code, name in table.items():
            if name not in names.setdefault(code, []):
                names[code].append(name)
    return [(code, f"{code} – {' / '.join(names[code])}") for code in names]


def issuing_bodies(request):
    """The agencies an id may name (picked on demand: core.autocomplete)."""
    return Agency.objects.all()


def year_choices() -> list[tuple[int, int]]:
    years = (
        Directive.objects.exclude(issued_on__isnull=True)
        .annotate(year=ExtractYear("issued_on"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return [(year, year) for year in years]


class DirectiveFilterSet(ArchivedFilterMixin, django_filters.FilterSet):
    """Filters of ``directives:directive_list``. ``q`` reads identifiers in any written variant
    ("25/NQ-TW", "Số: 25-nq/tw"), short citations ("NQ 25", "nghị quyết 36"), partial
    identifiers ("90-CTr") and free text without diacritics; identifier hits come first."""

    q = SearchFilter(
        label=_("Search"),
        help_text=_("Identifier, citation (NQ 25) or words of the title"),
    )
    type_code = django_filters.ChoiceFilter(
        label=_("Type"), choices=type_choices, empty_label=_("All")
    )
    issuing_body = django_filters.ModelChoiceFilter(
        label=_("Issuing body"),
        queryset=issuing_bodies,
        empty_label=_("All"),
        widget=AutocompleteSelect("agency"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year of issue"),
        field_name="issued_on",
        lookup_expr="year",
        choices=year_choices,
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=DirectiveStatus.choices, empty_label=_("All")
    )

    class Meta:
        model = Directive
        fields = ["q", "type_code", "issuing_body", "year", "status", "archived"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs["placeholder"] = _("25-NQ/TW, NQ 25, dân vận…")
