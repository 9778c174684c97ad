"""One search for the whole site: the global search (``/search/?q=``) and every list's text
filter read a query the same way (:mod:`.query`) and match it the same way (:mod:`.matching`).

Each app declares what of its models is searchable in its own ``search`` module (found by
:func:`django.utils.module_loading.autodiscover_modules` in ``CoreConfig.ready``), by calling
:func:`register` with a :class:`SearchSource` (:mod:`.registry`): the kind, the model, the
matching function (:func:`search_documents`, :func:`search_names`, :func:`search_records`, or
the app's own built on them), how a hit is shown (:class:`SearchHit`) and the list view its
``q`` filter backs. ``core`` never imports an app: it only holds what was registered. A
FilterSet's ``q`` is a :class:`SearchFilter`, which runs the registered source of the list's
model.
"""

from .matching import (
    RANK_ABBREVIATION,
    RANK_EXACT,
    RANK_NAME,
    RANK_NUMBER,
    RANK_PHRASE,
    RANK_PREFIX,
    RANK_RELATED,
    RANK_WORDS,
    alias_shown,
    exact_name_q,
    has_initials,
    name_q,
    phrase_q,
    ranked,
    reference_q,
    search_documents,
    search_names,
    search_records,
    text_q,
    whole_name_q,
)
from .query import MIN_QUERY_LENGTH, SearchQuery, Unit, find_identifier, interpret, parse_date
from .registry import (
    ResultGroup,
    SearchFilter,
    SearchHit,
    SearchSource,
    global_search,
    register,
    search_queryset,
    source_for,
    sources,
)
from .views import SearchView

__all__ = [
    "MIN_QUERY_LENGTH",
    "RANK_ABBREVIATION",
    "RANK_EXACT",
    "RANK_NAME",
    "RANK_NUMBER",
    "RANK_PHRASE",
    "RANK_PREFIX",
    "RANK_RELATED",
    "RANK_WORDS",
    "ResultGroup",
    "SearchFilter",
    "SearchHit",
    "SearchQuery",
    "SearchSource",
    "SearchView",
    "Unit",
    "alias_shown",
    "exact_name_q",
    "find_identifier",
    "global_search",
    "has_initials",
    "interpret",
    "name_q",
    "parse_date",
    "phrase_q",
    "ranked",
    "reference_q",
    "register",
    "search_documents",
    "search_names",
    "search_queryset",
    "search_records",
    "source_for",
    "sources",
    "text_q",
    "whole_name_q",
]
