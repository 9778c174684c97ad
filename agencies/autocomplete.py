"""The agencies and officials forms and filters pick on demand (:mod:`core.autocomplete`),
matched as the lists' search matches them (diacritics ignored, former names, initials)."""

from core import autocomplete
from core.search import search_queryset

from .models import Agency, Official


@autocomplete.register("agency", permission="agencies.view_agency")
def agencies(request, term):
    # A source narrowed to the user's agencies would filter here, from request.user.
    return search_queryset(Agency.objects.ordered(), term)


@autocomplete.register("official", permission="agencies.view_official")
def officials(request, term):
    return search_queryset(Official.objects.order_by("full_name", "pk"), term)
