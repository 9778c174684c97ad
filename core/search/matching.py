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
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    Func,
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
    """The OR of ``conditions``; no row for none (without an empty ``IN ()``, which Django
    compiles by raising and catching an exception: measurable in a search of six kinds)."""
    conditions = list(conditions)
    if not conditions:
        return _none()
    result = conditions.pop(0)
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
    condition, seen = Q(), set()
    for unit in query.units:
        # A phrase the table knows ("mat tran to quoc") still matches word by word (which
        # covers the phrase itself), or in another spelling ("mttq").
        others = [text for text in unit.alternatives if text != unit.text]
        seen.update(others)
        alternatives = _all_words(unit.text)
        for text in others:
            alternatives |= Q(search_key__contains=text)
        if initials and unit.abbreviation:
            alternatives |= Q(initials_key__contains=unit.text)
        condition &= alternatives
    written_as_initials = [text for text in query.initials if text not in seen]
    for text in written_as_initials:
        condition |= Q(search_key__contains=text)
    return condition


def reference_q(query: SearchQuery) -> Q:
    """Documents the query names: the exact identifier, or the cited number and type."""
    conditions = []
    if query.identifier_key:
        conditions.append(Q(identifier_key=query.identifier_key))
    if query.number is not None:
        conditions.append(
            Q(number=query.number, type_code=query.type_code)
            if query.type_code
            else Q(number=query.number)
        )
    return _any(conditions)


def exact_name_q(query: SearchQuery) -> Q:
    """The whole search key, or its first or last `` | ``-separated part (a name, a short name,
    a title), equals the query (or the full form of the abbreviation it is)."""
    return _any(
        Q(search_key=phrase)
        | Q(search_key__startswith=f"{phrase} | ")
        | Q(search_key__endswith=f" | {phrase}")
        for phrase in (query.folded, *query.expansions)
    )


def exact_title_q(query: SearchQuery) -> Q:
    """A document's title (the last part of its key, after the identifier and type) equals
    the query: one pattern per phrase, cheap enough to rank thousands of matches."""
    return _any(
        Q(search_key__endswith=f" | {phrase}") for phrase in (query.folded, *query.expansions)
    )


def ranked(
    queryset: QuerySet,
    query: SearchQuery,
    *,
    first: list[tuple[Q, int]] = (),
    also: Q | None = None,
    related: Q | None = None,
    order_by: list | None = None,
    annotations: dict | None = None,
    documents: bool = False,
) -> QuerySet:
    """``queryset`` filtered to the rows matching ``query`` and ranked.

    ``first`` are (condition, rank) pairs that match and rank before the text (an exact
    identifier, a cited number, a day); ``also`` matches more rows directly (an agency by a
    former name), ranked by their own text; ``related`` finds rows through another record
    (ranked last). Ordered by rank, then ``order_by`` (the queryset's own order by default).
    ``documents``: the key starts with an identifier, so only the title (its last part) can
    equal the query and no name starts with it.
    """
    if not query:
        return queryset.none()
    initials = has_initials(queryset.model)
    own_text = text_q(query, initials=initials)
    matched = own_text
    for condition, _rank in first:
        matched |= condition
    if also is not None:
        matched |= also
    # Positive checks in rank order: the first true one is the row's best rank.
    checks = [*first, (phrase_q(query), RANK_PHRASE)]
    if documents:
        checks.append((exact_title_q(query), RANK_NAME))
    else:
        checks.append((exact_name_q(query), RANK_NAME))
        checks.append((Q(search_key__startswith=query.folded), RANK_PREFIX))
    if initials and query.compact:
        checks.append((Q(initials_key__contains=f" {query.compact} "), RANK_ABBREVIATION))
    # Whether the query can match other than as typed (an abbreviation read either way).
    other_forms = query.is_words and (
        bool(query.initials)
        or any(unit.abbreviation or len(unit.alternatives) > 1 for unit in query.units)
    )
    if other_forms:
        checks.append((literal_q(query), RANK_WORDS))
    checks.sort(key=lambda pair: pair[1])
    if other_forms:
        # Found by its own text, but not by the words as typed: through an abbreviation.
        checks.append((own_text, RANK_ABBREVIATION))
    elif query.is_words and related is not None:
        checks.append((own_text, RANK_WORDS))  # not only through the related record
    if also is not None:
        checks.append((also, RANK_WORDS))
    if order_by is None:
        order_by = list(queryset.query.order_by or queryset.model._meta.ordering)
    if related is not None:
        matched |= _first_related(queryset, query, related, order_by)
    whens = [When(condition, then=Value(rank)) for condition, rank in checks]
    default = RANK_RELATED if related is not None else RANK_WORDS
    rank = Case(*whens, default=Value(default), output_field=IntegerField())
    return (
        queryset.filter(matched)
        .annotate(search_rank=rank, **(annotations or {}))
        .order_by("search_rank", *order_by)
    )


def _first_related(queryset: QuerySet, query: SearchQuery, related: Q, order_by: list) -> Q:
    """``related``, or, when the query reads only its first ``query.limit`` rows (the global
    search), only the first ``query.limit`` rows ``related`` finds, in ``order_by``.

    A name can find thousands of rows through a related record (the tasks that 64 bodies
    called "Ban Dân vận …" lead): ranking them all by a computed rank to show ten grows with
    the data. Every row found only that way ranks :data:`RANK_RELATED` (last), so ordered by
    ``order_by`` alone (an index order) the first ``limit`` of them are all the global search
    can show: the subquery reads ``limit`` rows at any scale. Not when the query has the full
    forms of an abbreviation (``expansions``): an exact name in such a form could rank a row
    found only through the related record higher.
    """
    if query.limit is None or query.expansions:
        return related
    first = queryset.filter(related).order_by(*order_by).values("pk")[: query.limit]
    return Q(_PkAmong(F("pk"), Subquery(first)))


class _PkAmong(Func):
    """``pk IN (subquery)``; on PostgreSQL ``pk = ANY(ARRAY(subquery))``, which it reads once
    and looks up in the primary key index: OR-ed with the text match, a plain ``IN`` becomes a
    hashed subplan tested on every row of the table (a sequential scan)."""

    arg_joiner = " IN "
    template = "%(expressions)s"
    output_field = BooleanField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            arg_joiner=" = ANY(ARRAY",
            template="%(expressions)s)",
            **extra_context,
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
    return ranked(queryset, query, first=first, related=_related(related, query), documents=True)


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
    condition = phrase_q(query)
    for text in query.expansions:
        condition |= Q(search_key__contains=text)
    if query.compact and has_initials(model):
        condition |= Q(initials_key__contains=f" {query.compact} ")
    return condition


def _holds_whole(query: SearchQuery, search_key: str, initials_key: str = "") -> bool:
    """What :func:`whole_name_q` asks of a row, on its keys in Python."""
    if any(text in search_key for text in (*query.phrases, *query.expansions)):
        return True
    return bool(query.compact) and f" {query.compact} " in initials_key


def alias_matches(model, aliases: str, query: SearchQuery, *, whole: bool = False) -> dict:
    """{row pk: the name of its alias that matches ``query``} (its latest such alias), read in
    one query per search and kept on the query: the aliases are few, and a list of ids is
    cheaper for the database and for Django than a correlated subquery repeated in the filter
    and the ranking. With ``whole`` only aliases that hold the query as a whole
    (:func:`whole_name_q`)."""
    relation = model._meta.get_field(aliases)
    alias_model = relation.related_model
    initials = has_initials(alias_model)

    def read():
        fields = [relation.field.attname, "name", "search_key"]
        rows = (
            alias_model._default_manager.filter(text_q(query, initials=initials))
            .order_by(relation.field.attname, "-valid_to", "-pk")
            .values_list(*fields, *(["initials_key"] if initials else []))
        )
        return list(rows)

    rows = query.cached(f"aliases:{model._meta.label}:{aliases}", read)
    if whole:
        rows = [row for row in rows if _holds_whole(query, *row[2:])]
    return {row[0]: row[1] for row in rows}  # the latest alias of each row is written last


def whole_name_q(model, query: SearchQuery, *, aliases: str = "") -> Q:
    """Rows of ``model`` whose names (or ``aliases``) hold the query as a whole: the phrase,
    the full form of the abbreviation it is, or that abbreviation as their initials. Stricter
    than :func:`name_q` (every word anywhere), for following links from a match (a renamed
    body to its successor) without following the loose ones."""
    condition = _whole_q(model, query)
    if aliases and (ids := list(alias_matches(model, aliases, query, whole=True))):
        condition |= Q(pk__in=ids)
    return condition


def alias_shown(row, query: SearchQuery, alias: str | None) -> str:
    """``alias`` when the row's own names do not hold the query's phrase (then the alias is
    what it was found by), else ""."""
    own = getattr(row, "search_key", "")
    return alias or "" if alias and not any(p in own for p in query.phrases) else ""


def search_names(
    queryset: QuerySet,
    query: SearchQuery,
    *,
    name_field: str,
    aliases: str = "",
    alias_annotation: str = "matched_alias",
    related: Callable[[SearchQuery], Q | None] | None = None,
) -> QuerySet:
    """Named records (agencies, officials) whose folded names match ``query``, with
    ``search_rank``, best first, then in Vietnamese order of ``name_field``.

    The exact name (or short name) ranks first, then a name that starts with the query, then an
    abbreviation, then words. With ``aliases`` (the name of a reverse relation to rows that
    have their own ``search_key`` and ``name``, such as an agency's former names) a row is also
    found by an alias, and ``alias_annotation`` holds the alias that matched (None when none
    did; :func:`alias_shown` tells whether it is worth showing). ``related(query)`` finds rows
    related to a match (the successor of a renamed body), ranked last.
    """
    if not query.folded or not query.is_words:
        return queryset.none()
    model = queryset.model
    annotations, also = {}, None
    if aliases and (matches := alias_matches(model, aliases, query)):
        also = Q(pk__in=list(matches))
        # The alias that matched (shown when the current name lacks the phrase).
        annotations[alias_annotation] = Case(
            *(When(pk=pk, then=Value(name)) for pk, name in matches.items()),
            default=Value(None),
            output_field=CharField(),
        )
    elif aliases:
        annotations[alias_annotation] = Value(None, output_field=CharField())
    return ranked(
        queryset,
        query,
        also=also,
        related=related(query) if related is not None else None,
        order_by=[vietnamese(name_field), "pk"],
        annotations=annotations,
    )
