"""Global search across programs, directives, agencies and officials (``/search/?q=``).

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
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
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


def search_documents(queryset: QuerySet, query: SearchQuery) -> QuerySet:
    """Directives or programs (:class:`core.models.IdentifiedModel`) matching ``query``,
    annotated with ``search_rank`` and ordered best first (then by the model's own order)."""
    if not query:
        return queryset.none()
    whens = []
    if query.identifier_key:
        whens.append(When(identifier_key=query.identifier_key, then=Value(RANK_EXACT)))
    if query.number is not None:
        whens.append(When(reference_q(query), then=Value(RANK_NUMBER)))
    whens.append(_phrase_rank(query))
    rank = Case(*whens, default=Value(RANK_WORDS), output_field=IntegerField())
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
    return (
        queryset.filter(reference_q(query) | text_q(query))
        .annotate(search_rank=rank)
        .order_by("search_rank", *ordering)
    )


def _exact_name_q(query: SearchQuery) -> Q:
    """The whole search key, or one of its `` | ``-separated parts, equals the query."""
    phrase = query.folded
    return (
        Q(search_key=phrase)
        | Q(search_key__startswith=f"{phrase} | ")
        | Q(search_key__endswith=f" | {phrase}")
        | Q(search_key__contains=f" | {phrase} | ")
    )


def search_agencies(queryset: QuerySet, query: SearchQuery) -> QuerySet:
    """Agencies whose current or former names match ``query``, with ``search_rank`` and
    ``matched_former_name`` (the former name that matched, when the current one did not)."""
    from agencies.models import AgencyName

    if not query.folded:
        return queryset.none()
    former = AgencyName.objects.filter(text_q(query), agency=OuterRef("pk"))
    rank = Case(
        When(_exact_name_q(query), then=Value(RANK_EXACT)),
        When(search_key__startswith=query.folded, then=Value(RANK_PREFIX)),
        When(Exists(former.filter(_exact_name_q(query))), then=Value(RANK_PREFIX)),
        _phrase_rank(query),
        default=Value(RANK_WORDS),
        output_field=IntegerField(),
    )
    return (
        queryset.filter(text_q(query) | Exists(former))
        .annotate(
            search_rank=rank,
            # The former name is worth showing when the current one lacks the phrase.
            matched_former_name=Case(
                When(_phrase_q(query), then=Value("")),
                default=Subquery(former.order_by("-valid_to", "pk").values("name")[:1]),
            ),
        )
        .order_by("search_rank", vietnamese("name"), "pk")
    )


def search_officials(queryset: QuerySet, query: SearchQuery) -> QuerySet:
    """Officials whose names match ``query``, with ``search_rank``, best first."""
    if not query.folded:
        return queryset.none()
    rank = Case(
        When(search_key=query.folded, then=Value(RANK_EXACT)),
        When(search_key__startswith=query.folded, then=Value(RANK_PREFIX)),
        _phrase_rank(query),
        default=Value(RANK_WORDS),
        output_field=IntegerField(),
    )
    return (
        queryset.filter(text_q(query))
        .annotate(search_rank=rank)
        .order_by("search_rank", vietnamese("full_name"), "pk")
    )


@dataclass
class ResultGroup:
    """The matches of one kind of record, best first, at most ``limit`` of them."""

    kind: str
    label: str
    results: list
    has_more: bool = False
    more_url: str = ""
    best_rank: int = RANK_WORDS + 1
    extra: dict = field(default_factory=dict)


def _more_url(url_name: str, query: SearchQuery) -> str:
    try:
        return f"{reverse(url_name)}?{urlencode({'q': query.raw})}"
    except NoReverseMatch:
        return ""


def global_search(query: SearchQuery, *, user, limit: int = 10) -> list[ResultGroup]:
    """Search every kind of record ``user`` may view; groups with an exact hit come first.

    One query per kind (``limit + 1`` rows, to know whether there are more).
    """
    from agencies.models import Agency, Official, Position
    from directives.models import Directive
    from programs.models import Program

    if not query:
        return []
    candidates = [
        (
            "directive",
            _("Directives"),
            "directives.view_directive",
            lambda: search_documents(Directive.objects.select_related("issuing_body"), query),
            "directives:directive_list",
        ),
        (
            "program",
            _("Programs"),
            "programs.view_program",
            lambda: search_documents(Program.objects.all(), query),
            "programs:program_list",
        ),
        (
            "agency",
            _("Agencies"),
            "agencies.view_agency",
            lambda: search_agencies(Agency.objects.select_related("parent"), query),
            "agencies:agency_list",
        ),
        (
            "official",
            _("Officials"),
            "agencies.view_official",
            lambda: search_officials(
                Official.objects.prefetch_related(
                    Prefetch(
                        "positions",
                        queryset=Position.objects.current().select_related("agency"),
                        to_attr="current_positions",
                    )
                ),
                query,
            ),
            "agencies:official_list",
        ),
    ]
    groups = []
    for kind, label, permission, make_queryset, list_url in candidates:
        if not user.has_perm(permission):
            continue
        rows = list(make_queryset()[: limit + 1])
        if not rows:
            continue
        groups.append(
            ResultGroup(
                kind=kind,
                label=str(label),
                results=rows[:limit],
                has_more=len(rows) > limit,
                more_url=_more_url(list_url, query),
                best_rank=min(row.search_rank for row in rows),
            )
        )
    # A stable sort keeps the fixed order of kinds among groups of the same best rank.
    return sorted(groups, key=lambda group: group.best_rank)


class SearchView(PermissionMixin, TemplateView):
    """``/search/?q=``: grouped results across programs, directives, agencies and officials.

    Open to every role that may view at least one kind of record; each group shows only when
    the user may view that kind.
    """

    template_name = "core/search.html"
    permission_required = (
        "programs.view_program",
        "directives.view_directive",
        "agencies.view_agency",
        "agencies.view_official",
    )

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
