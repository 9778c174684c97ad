"""The directives forms and filters pick on demand (:mod:`core.autocomplete`), matched as the
directive list's search matches them ("NQ 25", "25-nq/tw", words without diacritics)."""

from core import autocomplete
from core.search import search_queryset

from .models import Directive


def directive_label(directive: Directive) -> str:
    """ "25-NQ/TW (03/06/2013)": identifiers repeat across terms, the date tells them apart."""
    if directive.issued_on is None:
        return str(directive)
    return f"{directive} ({directive.issued_on:%d/%m/%Y})"


@autocomplete.register("directive", permission="directives.view_directive", label=directive_label)
def directives(request, term):
    return search_queryset(Directive.objects.order_by("-issued_on", "pk"), term)
