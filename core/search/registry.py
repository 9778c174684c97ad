"""The registry of searchable records: each app's ``search`` module registers a
:class:`SearchSource` (found by ``autodiscover_modules("search")`` in ``CoreConfig.ready``), and
the global search and every list's :class:`SearchFilter` run the registered sources; ``core``
never imports an app."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import django_filters
from django.db.models import Model, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.http import urlencode

from .matching import RANK_WORDS
from .query import SearchQuery, interpret


@dataclass(frozen=True)
class SearchHit:
    """How one matching row is shown in the global search.

    ``identifier`` (shown in the identifier style) is the link text when given, with ``title``
    on the line below; otherwise ``title`` is the link text. ``aside`` follows the link in
    brackets (an abbreviation), ``meta`` on the same line in small print (kind, date, body),
    ``notes`` as small lines below (a former name, a parent, current positions).
    """

    title: str
    url: str
    identifier: str = ""
    aside: str = ""
    meta: Sequence[str] = ()
    notes: Sequence[str] = ()
    #: Whether the row was found by its exact identifier (shown with a badge).
    exact_identifier: bool = False


@dataclass(frozen=True)
class SearchSource:
    """What one app declares searchable: a model, how a query matches it, how a hit is shown.

    ``search(queryset, query)`` filters ``queryset`` to the rows matching the
    :class:`SearchQuery`, annotated with ``search_rank`` and ordered best first; the global
    search runs it on ``queryset()`` (with what ``hit`` reads loaded), a list's
    :class:`SearchFilter` on the list's own queryset. ``order`` places the group among groups
    of the same best rank; ``list_url`` (a URL name) is the list whose ``q`` filter runs the
    same source ("see all"); ``in_global_search`` False keeps a source to its list only.
    """

    kind: str
    label: str | Promise
    model: type[Model]
    permission: str
    search: Callable[[QuerySet, SearchQuery], QuerySet]
    hit: Callable[[Model, SearchQuery], SearchHit]
    queryset: Callable[[], QuerySet] | None = None
    list_url: str = ""
    order: int = 100
    in_global_search: bool = True

    def base_queryset(self) -> QuerySet:
        queryset = self.queryset() if self.queryset else self.model._default_manager.all()
        # Archived rows (core.models.ArchivableModel) are found from their list's filter only.
        if any(field.name == "archived_at" for field in self.model._meta.concrete_fields):
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset


_SOURCES: dict[str, SearchSource] = {}


def register(source: SearchSource) -> SearchSource:
    """Add ``source`` to the site's search (an app's ``search`` module calls this at import).
    Registering a kind again replaces it, so a re-imported module does not add twins."""
    _SOURCES[source.kind] = source
    return source


def sources() -> list[SearchSource]:
    """The registered sources, in their ``order`` (then by kind)."""
    return sorted(_SOURCES.values(), key=lambda source: (source.order, source.kind))


def source_for(model: type[Model]) -> SearchSource:
    """The source registered for ``model`` (``LookupError`` when none is)."""
    for source in _SOURCES.values():
        if source.model is model or issubclass(model, source.model):
            return source
    raise LookupError(f"No search source is registered for {model._meta.label}.")


def search_queryset(queryset: QuerySet, raw: str | None) -> QuerySet:
    """``queryset`` narrowed to the rows matching ``raw`` by its model's registered source,
    best first; unchanged when ``raw`` is empty or too short to search (as the global search,
    which asks for two letters)."""
    query = interpret(raw)
    return source_for(queryset.model).search(queryset, query) if query else queryset


class SearchFilter(django_filters.CharFilter):
    """The ``q`` filter of a list: the same reading and matching as the global search, by the
    source registered for the list's model."""

    def filter(self, qs, value):
        return search_queryset(qs, value)


@dataclass
class ResultGroup:
    """The matches of one kind of record, best first, at most ``limit`` of them, with how each
    is shown (``hits``, in the same order as ``results``)."""

    kind: str
    label: str
    results: list
    hits: list[SearchHit] = field(default_factory=list)
    has_more: bool = False
    more_url: str = ""
    best_rank: int = RANK_WORDS + 2


def _more_url(url_name: str, query: SearchQuery) -> str:
    if not url_name:
        return ""
    try:
        return f"{reverse(url_name)}?{urlencode({'q': query.raw})}"
    except NoReverseMatch:
        return ""


def global_search(query: SearchQuery, *, user, limit: int = 10) -> list[ResultGroup]:
    """Search every registered kind of record ``user`` may view; groups with an exact hit
    come first.

    One query per kind (``limit + 1`` rows, to know whether there are more), plus what the
    source's queryset prefetches.
    """
    if not query:
        return []
    # Only the first rows of each kind are shown: the sources may stop reading there (the same
    # query object underneath, so the reads it caches are shared).
    query = replace(query, limit=limit + 1)
    groups = []
    for source in sources():
        if not source.in_global_search or not user.has_perm(source.permission):
            continue
        rows = list(source.search(source.base_queryset(), query)[: limit + 1])
        if not rows:
            continue
        results = rows[:limit]
        groups.append(
            ResultGroup(
                kind=source.kind,
                label=str(source.label),
                results=results,
                hits=[source.hit(row, query) for row in results],
                has_more=len(rows) > limit,
                more_url=_more_url(source.list_url, query),
                best_rank=min(row.search_rank for row in rows),
            )
        )
    # A stable sort keeps the order of the sources among groups of the same best rank.
    return sorted(groups, key=lambda group: group.best_rank)
