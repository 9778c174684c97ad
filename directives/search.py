"""What of the directives app the site's search finds (registered with :mod:`core.search`):
directives by identifier in any spelling, short citation ("NQ 25") or the words of their type
and title."""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.search import RANK_EXACT, SearchHit, SearchSource, register, search_documents

from .models import Directive


def _directive_hit(directive: Directive) -> SearchHit:
    meta = [directive.type_name]
    if directive.issued_on:
        meta.append(date_format(directive.issued_on, "SHORT_DATE_FORMAT"))
    if directive.issuing_body_id:
        meta.append(directive.issuing_body.name)
    return SearchHit(
        title=directive.title,
        url=directive.get_absolute_url(),
        identifier=directive.identifier,
        meta=[part for part in meta if part],
        exact_identifier=directive.search_rank == RANK_EXACT,
    )


register(
    SearchSource(
        kind="directive",
        label=_("Directives"),
        model=Directive,
        permission="directives.view_directive",
        search=search_documents,
        hit=_directive_hit,
        queryset=lambda: Directive.objects.select_related("issuing_body"),
        list_url="directives:directive_list",
        order=10,
    )
)
