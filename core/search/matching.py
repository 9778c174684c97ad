"""Matching a :class:`~core.search.query.SearchQuery` against a model's folded keys, and ranking.

Text is matched with ``__contains`` on already-folded input: on PostgreSQL that is a
``LIKE '%…%'`` the GIN trigram indexes on ``search_key`` (and ``initials_key``) serve
(``icontains`` would wrap both sides in ``UPPER()`` and miss them); SQLite runs the same query
and gives the same results.

Every match carries a ``search_rank`` (lower is better), in the order the issue asks for:
exact identifier (or, for a date, the day itself), then exact name (or the cited number and
type), then a name that starts with the query, then abbreviation, then folded words (the
whole phrase, then all the words in any order), then rows found through a related record (the
programs an agency signed, the successor of a renamed body).
"""

from collections.abc import Callable

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from ..collation import vietnamese
from .query import SearchQuery

RANK_EXACT = 0
RANK_NAME = RANK_NUMBER = 1
#: A name that starts with the query ("ban dan van" for "Ban Dân vận Trung ương"), or a former
#: name equal to it: the exact name, shortened.
RANK_PREFIX = 2
RANK_ABBREVIATION = 3
RANK_PHRASE = 4
RANK_WORDS = 5
RANK_RELATED = 6

#: ``related(query)``: a condition on the searched model for rows found through another
#: record (``None`` when there is none for this query).
Related = Callable[[SearchQuery], Q | None]


def has_initials(model) -> bool:
    """Whether ``model`` keeps ``initials_key``, the initials derived from its names."""
    return any(field.name == "initials_key" for field in model._meta.concrete_fields)


def _none() -> Q:
    return Q(pk__in=[])


def _any(conditions) -> Q:
    result = _none()
    for condition in conditions:
        result |= condition
    return result


def phrase_q(query: SearchQuery) -> Q:
    """Rows whose key holds the whole query (or, for a reference, one of its phrases)."""
    return _any(Q(search_key__contains=phrase) for phrase in query.phrases)


def _all_words(text: str) -> Q:
    condition = Q()
    for word in text.split():
        condition &= Q(search_key__contains=word)
    return condition


def literal_q(query: SearchQuery) -> Q:
    """Rows whose key holds every word of the query as typed (no abbreviation read)."""
    return _all_words(" ".join(unit.text for unit in query.units))


def text_q(query: SearchQuery, *, initials: bool = False) -> Q:
    """Rows whose folded text matches ``query``.

    Words: every unit occurs (in any order), as typed or as another form the abbreviation table
    gives; with ``initials`` an abbreviation also matches the initials derived from the row's
    names; a query of several words also finds texts that write it as its initials. A document
    reference or a date matches only as a whole phrase, so "NQ 25" does not drag in every text
    that has "nq" and "25" somewhere.
    """
    if not query.folded:
        return _none()
    if not query.is_words:
        return phrase_q(query)
    condition = Q()
    for unit in query.units:
        # A phrase the table knows ("mat tran to quoc") still matches word by word too.
        alternatives = _all_words(unit.text) | _any(
            Q(search_key__contains=text) for text in unit.alternatives
        )
        if initials and unit.abbreviation:
            alternatives |= Q(initials_key__contains=unit.text)
        condition &= alternatives
    return condition | _any(Q(search_key__contains=text) for text in query.initials)


def reference_q(query: SearchQuery) -> Q:
    """Documents the query names: the exact identifier, or the cited number and type."""
    condition = _none()
    if query.identifier_key:
        condition |= Q(identifier_key=query.identifier_key)
    if query.number is not None:
        condition |= (
            Q(number=query.number, type_code=query.type_code)
            if query.type_code
            else Q(number=query.number)
        )
    return condition


def exact_name_q(query: SearchQuery) -> Q:
    """The whole search key, or one of its `` | ``-separated parts, equals the query (or the
    full form of the abbreviation it is)."""
    condition = _none()
    for phrase in (query.folded, *query.expansions):
        condition |= (
            Q(search_key=phrase)
            | Q(search_key__startswith=f"{phrase} | ")
            | Q(search_key__endswith=f" | {phrase}")
            | Q(search_key__contains=f" | {phrase} | ")
        )
    return condition


def ranked(
    queryset: QuerySet,
    query: SearchQuery,
    *,
    first: list[tuple[Q, int]] = (),
    also: Q | None = None,
    related: Q | None = None,
    order_by: list | None = None,
    annotations: dict | None = None,
) -> QuerySet:
    """``queryset`` filtered to the rows matching ``query`` and ranked.

    ``first`` are (condition, rank) pairs that match and rank before the text (an exact
    identifier, a cited number, a day); ``also`` matches more rows directly (an agency by a
    former name), ranked by their own text; ``related`` finds rows through another record
    (ranked last). Ordered by rank, then ``order_by`` (the queryset's own order by default).
    """
    if not query:
        return queryset.none()
    initials = has_initials(queryset.model)
    own_text = text_q(query, initials=initials)
    direct = own_text | _any(condition for condition, _rank in first)
    if also is not None:
        direct |= also
    conditions = [*first, (exact_name_q(query), RANK_NAME)]
    if initials and query.compact:
        conditions.append((Q(initials_key__contains=f" {query.compact} "), RANK_ABBREVIATION))
    matched = direct
    if related is not None:
        matched |= related
        conditions.append((~direct, RANK_RELATED))
    if query.is_words:
        # Found by its own text, but not by the words as typed: through an abbreviation.
        conditions.append((own_text & ~literal_q(query), RANK_ABBREVIATION))
    conditions += [
        (Q(search_key__startswith=query.folded), RANK_PREFIX),
        (phrase_q(query), RANK_PHRASE),
    ]
    # The first true condition gives the rank: in rank order, a row gets its best one.
    conditions.sort(key=lambda pair: pair[1])
    whens = [When(condition, then=Value(rank)) for condition, rank in conditions]
    rank = Case(*whens, default=Value(RANK_WORDS), output_field=IntegerField())
    if order_by is None:
        order_by = list(queryset.query.order_by or queryset.model._meta.ordering)
    return (
        queryset.filter(matched)
        .annotate(search_rank=rank, **(annotations or {}))
        .order_by("search_rank", *order_by)
    )


def _related(related: Related | None, query: SearchQuery) -> Q | None:
    return related(query) if related is not None else None


def search_documents(
    queryset: QuerySet,
    query: SearchQuery,
    *,
    date_field: str = "",
    related: Related | None = None,
) -> QuerySet:
    """Directives or programs (:class:`core.models.IdentifiedModel`) matching ``query``, with
    ``search_rank``, best first (then in the queryset's own order).

    A date finds the rows whose ``date_field`` is that day; ``related(query)`` may add rows
    found through a relation (programs based on the directive a query names, or signed by the
    agency it names).
    """
    first = []
    if query.date and date_field:
        first.append((Q(**{date_field: query.date}), RANK_EXACT))
    if query.identifier_key:
        first.append((Q(identifier_key=query.identifier_key), RANK_EXACT))
    if query.number is not None:
        first.append((reference_q(query), RANK_NUMBER))
    return ranked(queryset, query, first=first, related=_related(related, query))


def search_records(
    queryset: QuerySet,
    query: SearchQuery,
    *,
    date_field: str = "",
    related: Related | None = None,
) -> QuerySet:
    """Other records with a folded ``search_key`` (meetings, tasks) matching ``query``, with
    ``search_rank``, best first, then in the queryset's own order; a date finds the rows whose
    ``date_field`` is that day."""
    first = []
    if query.date and date_field:
        first.append((Q(**{date_field: query.date}), RANK_EXACT))
    return ranked(queryset, query, first=first, related=_related(related, query))


def name_q(model, query: SearchQuery, *, aliases: str = "") -> Q:
    """Rows of ``model`` whose own names, or one of whose ``aliases`` (a reverse relation to
    rows with their own ``search_key``, such as former names), match ``query``."""
    condition = text_q(query, initials=has_initials(model))
    if aliases:
        condition |= Exists(_alias_rows(model, aliases, query))
    return condition


def _alias_rows(model, aliases: str, query: SearchQuery, condition=None) -> QuerySet:
    relation = model._meta.get_field(aliases)
    alias_model = relation.related_model
    if condition is None:
        condition = text_q(query, initials=has_initials(alias_model))
    return alias_model._default_manager.filter(condition, **{relation.field.name: OuterRef("pk")})


def _whole_q(model, query: SearchQuery) -> Q:
    condition = phrase_q(query) | _any(Q(search_key__contains=text) for text in query.expansions)
    if query.compact and has_initials(model):
        condition |= Q(initials_key__contains=f" {query.compact} ")
    return condition


def whole_name_q(model, query: SearchQuery, *, aliases: str = "") -> Q:
    """Rows of ``model`` whose names (or ``aliases``) hold the query as a whole: the phrase,
    the full form of the abbreviation it is, or that abbreviation as their initials. Stricter
    than :func:`name_q` (every word anywhere), for following links from a match (a renamed
    body to its successor) without following the loose ones."""
    condition = _whole_q(model, query)
    if aliases:
        alias_model = model._meta.get_field(aliases).related_model
        condition |= Exists(_alias_rows(model, aliases, query, _whole_q(alias_model, query)))
    return condition


def search_names(
    queryset: QuerySet,
    query: SearchQuery,
    *,
    name_field: str,
    aliases: str = "",
    alias_annotation: str = "matched_alias",
    related: Callable[[SearchQuery], Q] | None = None,
) -> QuerySet:
    """Named records (agencies, officials) whose folded names match ``query``, with
    ``search_rank``, best first, then in Vietnamese order of ``name_field``.

    The exact name (or short name) ranks first, then an abbreviation, then a name that starts
    with the query or an alias that equals it. With ``aliases`` (the name of a reverse relation
    to rows that have their own ``search_key`` and ``name``, such as an agency's former names) a
    row is also found by an alias, and ``alias_annotation`` holds the alias that matched when
    its own name does not hold the phrase ("" otherwise). ``related(query)`` finds rows related
    to a match (the successor of a renamed body), ranked last.
    """
    if not query.folded or not query.is_words:
        return queryset.none()
    model = queryset.model
    first, annotations = [], {}
    if aliases:
        alias_rows = _alias_rows(model, aliases, query)
        first.append((Exists(alias_rows.filter(exact_name_q(query))), RANK_PREFIX))
        # The alias is worth showing when the current name lacks the phrase.
        annotations[alias_annotation] = Case(
            When(phrase_q(query), then=Value("")),
            default=Subquery(alias_rows.order_by("-valid_to", "pk").values("name")[:1]),
        )
    return ranked(
        queryset,
        query,
        first=first,
        also=Exists(alias_rows) if aliases else None,
        related=related(query) if related is not None else None,
        order_by=[vietnamese(name_field), "pk"],
        annotations=annotations,
    )
