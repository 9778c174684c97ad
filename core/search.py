"""One search for the whole site: the global search (``/search/?q=``) and every list's text
filter read a query the same way and match it the same way.

Each app declares what of its models is searchable in its own ``search`` module (found by
:func:`django.utils.module_loading.autodiscover_modules` in ``CoreConfig.ready``), by calling
:func:`register` with a :class:`SearchSource`: the kind, the model, the matching function (one of
:func:`search_documents`, :func:`search_names`, :func:`search_records` here, or the app's own
built on them), how a hit is shown (:class:`SearchHit`) and the list view its ``q`` filter backs.
``core`` never imports an app: it only holds what was registered. A FilterSet's ``q`` is a
:class:`SearchFilter`, which runs the registered source of the list's model.

A query is read once (:func:`interpret`) into:

- its folded text (:func:`core.text.fold`), so diacritics, case and Unicode form never matter
  ("ban dan van" finds "Ban Dân vận Trung ương", NFD input finds NFC rows);
- a full identifier in any written variant ("25/NQ-TW", "122- CTr/ĐUB"), matched on the parsed
  ``identifier_key``;
- a short citation ("NQ 25", "nghị quyết 36") or a partial identifier ("90-CTr"), matched on
  ``number`` and ``type_code``.

Text is matched with ``search_key__contains`` on already-folded input: on PostgreSQL that is a
``LIKE '%…%'`` the GIN trigram indexes of ``core/migrations/0002`` serve (``icontains`` would wrap
both sides in ``UPPER()`` and miss them); SQLite runs the same query and gives the same results.

Every match carries a ``search_rank`` (lower is better): exact identifier or exact name first,
then number and type, then the whole phrase, then all of its words.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import django_filters
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.views.generic import TemplateView

from .collation import vietnamese
from .identifiers import (
    PARTY_TYPE_NAMES,
    STATE_TYPE_NAMES,
    TYPE_CODES,
    parse_citation,
    try_parse_identifier,
)
from .text import fold
from .views import PermissionMixin

#: Rank of a match (lower first). For names, a name that starts with the phrase (or a former
#: name that equals it) ranks with documents that match by number and type.
RANK_EXACT, RANK_NUMBER, RANK_PHRASE, RANK_WORDS = 0, 1, 2, 3
RANK_PREFIX = RANK_NUMBER

#: Queries shorter than this (folded) are not run: they would match nearly everything.
MIN_QUERY_LENGTH = 2

# "90-CTr", "90 CTr", "25/NQ": a number and a type code without the issuer.
_PARTIAL_IDENTIFIER = re.compile(r"^(\d+)\s*[-/ ]\s*([^\W\d_]+)$")
_FROM_FIRST_DIGIT = re.compile(r"\d.*$")


@dataclass(frozen=True)
class SearchQuery:
    """A search text read as folded words and, where it is one, a document reference."""

    raw: str
    folded: str
    words: tuple[str, ...] = ()
    identifier_key: str = ""
    number: int | None = None
    #: The type code cited with the number; "" when only a number was given.
    type_code: str = ""
    #: The folded canonical spelling of a full identifier ("25/NQ-TW" → "25-nq/tw"), so that
    #: texts citing it in the canonical style match too.
    canonical: str = ""

    @property
    def phrases(self) -> tuple[str, ...]:
        """The folded phrases a text citing the same document may contain: the query itself,
        the identifier's canonical form, and "nghi quyet 25" for "NQ 25"."""
        spoken = ()
        if self.number is not None and self.type_code:
            names = {PARTY_TYPE_NAMES.get(self.type_code), STATE_TYPE_NAMES.get(self.type_code)}
            spoken = tuple(sorted(f"{fold(name)} {self.number}" for name in names if name))
        return tuple(dict.fromkeys(p for p in (self.folded, self.canonical, *spoken) if p))

    @property
    def is_reference(self) -> bool:
        """Whether the query names a document (identifier, citation or partial identifier)."""
        return bool(self.identifier_key) or self.number is not None

    def __bool__(self) -> bool:
        return len(self.folded) >= MIN_QUERY_LENGTH or self.is_reference


def interpret(raw: str | None) -> SearchQuery:
    """Read a search text: folded words, plus a full identifier, citation or partial
    identifier when the text is one.

    >>> interpret("NQ 25").type_code, interpret("NQ 25").number
    ('NQ', 25)
    >>> interpret("Nghị quyết số 25-NQ/TW").identifier_key
    '25-nq/tw'
    """
    raw = raw or ""
    folded = fold(raw)
    identifier_key, number, type_code, canonical = "", None, "", ""
    parsed = try_parse_identifier(raw)
    if parsed is None and (tail := _FROM_FIRST_DIGIT.search(raw.strip())) and tail.start() > 0:
        # "Nghị quyết số 25-NQ/TW", "Chương trình phối hợp số 90-CTr/BDVTW-BCSĐBNG"
        parsed = try_parse_identifier(tail.group())
    if parsed is not None:
        identifier_key, number, type_code = parsed.key, int(parsed.number), parsed.type_code
        canonical = fold(parsed.canonical)
    elif (match := _PARTIAL_IDENTIFIER.match(folded)) and match[2] in TYPE_CODES:
        number, type_code = int(match[1]), TYPE_CODES[match[2]]
    elif citation := parse_citation(raw):
        number, type_code = citation.number, citation.type_code
    return SearchQuery(
        raw=raw,
        folded=folded,
        words=tuple(dict.fromkeys(folded.split())),
        identifier_key=identifier_key,
        number=number,
        type_code=type_code,
        canonical=canonical,
    )


def text_q(query: SearchQuery, field_name: str = "search_key") -> Q:
    """Rows whose folded ``field_name`` holds the query's text.

    A plain text matches when every word occurs (in any order); a document reference only as a
    whole phrase, so "NQ 25" does not drag in every text that has "nq" and "25" somewhere.
    """
    if not query.folded:
        return Q(pk__in=[])
    if query.is_reference or len(query.words) <= 1:
        condition = Q(pk__in=[])
        for phrase in query.phrases:
            condition |= Q(**{f"{field_name}__contains": phrase})
        return condition
    condition = Q()
    for word in query.words:
        condition &= Q(**{f"{field_name}__contains": word})
    return condition


def reference_q(query: SearchQuery) -> Q:
    """Documents the query names: the exact identifier, or the cited number and type."""
    condition = Q(pk__in=[])
    if query.identifier_key:
        condition |= Q(identifier_key=query.identifier_key)
    if query.number is not None:
        condition |= (
            Q(number=query.number, type_code=query.type_code)
            if query.type_code
            else Q(number=query.number)
        )
    return condition


def _phrase_q(query: SearchQuery) -> Q:
    condition = Q(pk__in=[])
    for phrase in query.phrases:
        condition |= Q(search_key__contains=phrase)
    return condition


def _phrase_rank(query: SearchQuery) -> When:
    return When(_phrase_q(query), then=Value(RANK_PHRASE))


def search_documents(
    queryset: QuerySet,
    query: SearchQuery,
    *,
    related: Callable[[SearchQuery], Q | None] | None = None,
) -> QuerySet:
    """Directives or programs (:class:`core.models.IdentifiedModel`) matching ``query``,
    annotated with ``search_rank`` and ordered best first (then by the model's own order).

    ``related(query)`` may add rows found through a relation (programs based on the directive
    a query names); they rank with the texts that cite the phrase.
    """
    if not query:
        return queryset.none()
    condition = reference_q(query) | text_q(query)
    whens = []
    if query.identifier_key:
        whens.append(When(identifier_key=query.identifier_key, then=Value(RANK_EXACT)))
    if query.number is not None:
        whens.append(When(reference_q(query), then=Value(RANK_NUMBER)))
    whens.append(_phrase_rank(query))
    if related is not None and (extra := related(query)) is not None:
        condition |= extra
        whens.append(When(extra, then=Value(RANK_PHRASE)))
    rank = Case(*whens, default=Value(RANK_WORDS), output_field=IntegerField())
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
    return queryset.filter(condition).annotate(search_rank=rank).order_by("search_rank", *ordering)


def _exact_name_q(query: SearchQuery) -> Q:
    """The whole search key, or one of its `` | ``-separated parts, equals the query."""
    phrase = query.folded
    return (
        Q(search_key=phrase)
        | Q(search_key__startswith=f"{phrase} | ")
        | Q(search_key__endswith=f" | {phrase}")
        | Q(search_key__contains=f" | {phrase} | ")
    )


def search_names(
    queryset: QuerySet,
    query: SearchQuery,
    *,
    name_field: str,
    aliases: str = "",
    alias_annotation: str = "matched_alias",
) -> QuerySet:
    """Named records (agencies, officials) whose folded names match ``query``, annotated with
    ``search_rank`` and ordered best first, then in Vietnamese order of ``name_field``.

    The exact name (or short name) ranks first; a name that starts with the query, or an alias
    that equals it, next. With ``aliases`` (the name of a reverse relation to rows that have
    their own ``search_key`` and ``name``, such as an agency's former names) a row is also
    found by an alias, and ``alias_annotation`` holds the alias that matched when its own name
    does not hold the phrase ("" otherwise).
    """
    if not query.folded:
        return queryset.none()
    matched = text_q(query)
    whens = [
        When(_exact_name_q(query), then=Value(RANK_EXACT)),
        When(search_key__startswith=query.folded, then=Value(RANK_PREFIX)),
    ]
    annotations = {}
    if aliases:
        relation = queryset.model._meta.get_field(aliases)
        alias_rows = relation.related_model._default_manager.filter(
            text_q(query), **{relation.field.name: OuterRef("pk")}
        )
        matched |= Exists(alias_rows)
        whens.append(When(Exists(alias_rows.filter(_exact_name_q(query))), then=Value(RANK_PREFIX)))
        # The alias is worth showing when the current name lacks the phrase.
        annotations[alias_annotation] = Case(
            When(_phrase_q(query), then=Value("")),
            default=Subquery(alias_rows.order_by("-valid_to", "pk").values("name")[:1]),
        )
    rank = Case(*whens, _phrase_rank(query), default=Value(RANK_WORDS), output_field=IntegerField())
    return (
        queryset.filter(matched)
        .annotate(search_rank=rank, **annotations)
        .order_by("search_rank", vietnamese(name_field), "pk")
    )


def search_records(queryset: QuerySet, query: SearchQuery) -> QuerySet:
    """Other records with a folded ``search_key`` (meetings, tasks) matching ``query``, with
    ``search_rank`` (the whole key, then a key that starts with the phrase, then the phrase,
    then all the words), best first, then in the queryset's own order."""
    if not query:
        return queryset.none()
    rank = Case(
        When(search_key=query.folded, then=Value(RANK_EXACT)),
        When(search_key__startswith=query.folded, then=Value(RANK_PREFIX)),
        _phrase_rank(query),
        default=Value(RANK_WORDS),
        output_field=IntegerField(),
    )
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
    return (
        queryset.filter(text_q(query)).annotate(search_rank=rank).order_by("search_rank", *ordering)
    )


# --- the registry -----------------------------------------------------------------------------


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
    hit: Callable[[Model], SearchHit]
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
    best_rank: int = RANK_WORDS + 1


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
                hits=[source.hit(row) for row in results],
                has_more=len(rows) > limit,
                more_url=_more_url(source.list_url, query),
                best_rank=min(row.search_rank for row in rows),
            )
        )
    # A stable sort keeps the order of the sources among groups of the same best rank.
    return sorted(groups, key=lambda group: group.best_rank)


class SearchView(PermissionMixin, TemplateView):
    """``/search/?q=``: grouped results across every registered kind of record.

    Open to every role that may view at least one kind; each group shows only when the user
    may view that kind.
    """

    template_name = "core/search.html"

    def get_permission_required(self) -> tuple[str, ...]:
        return tuple(source.permission for source in sources() if source.in_global_search)

    def has_permission(self) -> bool:
        return any(self.request.user.has_perm(perm) for perm in self.get_permission_required())

    def get_context_data(self, **kwargs):
        query = interpret(self.request.GET.get("q", ""))
        groups = global_search(query, user=self.request.user)
        return super().get_context_data(
            **kwargs,
            query=query,
            q=query.raw,
            groups=groups,
            total=sum(len(group.results) for group in groups),
            too_short=bool(query.raw.strip()) and not query,
        )
