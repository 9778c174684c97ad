"""Reads of the agency pages that are more than a queryset: chains of parents, unit counts and
the top-level agencies by kind, each from one query that does not grow with the number of
agencies."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count

from core.periods import within

from .models import Agency, AgencyKind, UserProfile

#: How far up the hierarchy a chain of parents is read: far beyond any real chain of
#: units, and what stops them on a parent loop in bad data.
MAX_DEPTH = 32


def _chains_sql(table: str, count: int) -> str:
    """Each of ``count`` agencies' ancestors with how far up they sit, joined to their names:
    a recursive query that reads the parent index one level at a time (PostgreSQL and SQLite
    both run it), so its cost follows the depth of the chains, not the size of the table."""
    placeholders = ", ".join(["%s"] * count)
    return (
        "WITH RECURSIVE chain(start_id, agency_id, depth) AS ("
        f" SELECT id, parent_id, 1 FROM {table}"
        f" WHERE id IN ({placeholders}) AND parent_id IS NOT NULL"
        " UNION ALL"
        f" SELECT chain.start_id, up.parent_id, chain.depth + 1 FROM chain"
        f" JOIN {table} up ON up.id = chain.agency_id"
        " WHERE up.parent_id IS NOT NULL AND chain.depth < %s)"
        f" SELECT a.id, a.name, a.short_name, a.kind, a.parent_id,"
        " chain.start_id AS start_id, chain.depth AS depth"
        f" FROM chain JOIN {table} a ON a.id = chain.agency_id"
        " ORDER BY chain.start_id, chain.depth DESC"
    )


def agency_chains(ids: Iterable[int]) -> dict[int, list[Agency]]:
    """The chain of parents of each agency of ``ids``, top first ([] for a top-level one),
    from one query whatever the number of agencies: the context of a match in a flat list and
    the breadcrumb of a unit. A parent loop in bad data stops where the chain comes back."""
    ids = list(dict.fromkeys(ids))
    chains: dict[int, list[Agency]] = {pk: [] for pk in ids}
    if not ids:
        return chains
    rows = Agency.objects.raw(_chains_sql(Agency._meta.db_table, len(ids)), [*ids, MAX_DEPTH])
    for row in rows:  # per start, top first
        chains[row.start_id].append(row)
    for start, chain in chains.items():
        # On a loop the chain repeats itself: keep the nearest occurrence of each agency
        # (read from the bottom) and nothing above the start itself.
        kept, seen = [], {start}
        for agency in reversed(chain):
            if agency.pk in seen:
                break
            seen.add(agency.pk)
            kept.append(agency)
        chains[start] = list(reversed(kept))
    return chains


def agency_ancestors(agency: Agency) -> list[Agency]:
    """The chain of parents of ``agency``, top first, from one query (unlike
    :meth:`Agency.ancestors`, which reads one level at a time)."""
    if agency.parent_id is None:
        return []
    return agency_chains([agency.pk])[agency.pk]


def unit_counts(ids: Iterable[int]) -> dict[int, int]:
    """How many units sit directly under each agency of ``ids`` (absent: none), from one
    query on the parent index: the counts of a page of the hierarchy browser."""
    rows = (
        Agency.objects.filter(parent_id__in=list(ids))
        .order_by()
        .values("parent_id")
        # COUNT(*), not COUNT(id): the parent index alone answers it (an index-only scan).
        .annotate(units=Count("*"))
        .values_list("parent_id", "units")
    )
    return dict(rows)


@dataclass
class KindGroup:
    """The top-level agencies of one kind (party bodies, state bodies, …) on a page of the
    hierarchy browser, with how many there are in all (on every page)."""

    kind: str
    label: str
    total: int
    agencies: list[Agency] = field(default_factory=list)


def group_roots_by_kind(roots: Iterable[Agency]) -> list[KindGroup]:
    """A page of top-level agencies (in the order of :meth:`AgencyQuerySet.by_kind`) grouped
    by kind, in the order of :class:`AgencyKind`, each group with the number of top-level
    agencies of its kind (one query, on the parent index)."""
    totals = dict(
        Agency.objects.roots()
        .order_by()
        .values("kind")
        .annotate(count=Count("pk"))
        .values_list("kind", "count")
    )
    groups = {
        kind.value: KindGroup(kind.value, str(kind.label), totals.get(kind.value, 0))
        for kind in AgencyKind
    }
    for agency in roots:
        groups.get(agency.kind, groups[AgencyKind.OTHER]).agencies.append(agency)
    return [group for group in groups.values() if group.agencies]


def is_in_force(agency: Agency, on: datetime.date | None = None) -> bool:
    on = on or datetime.date.today()
    return within(on, agency.valid_from, agency.valid_to)


def agency_with_descendants(agency: Agency | int | None) -> set[int]:
    """The ids of ``agency`` and of every unit under it, at any depth, from one recursive
    query on the parent index (:meth:`AgencyQuerySet.under`: it reads the subtree, not the
    table): the scope an account of that agency works in (scoped permissions, "my work", the
    digest, the calendar feed). Empty for no agency; a parent loop in bad data cannot hang it.
    """
    if agency is None:
        return set()
    root = agency if isinstance(agency, int) else agency.pk
    return {root, *Agency.objects.under(root).values_list("pk", flat=True)}


def account_scope(user) -> tuple[Agency | None, set[int]]:
    """The agency of ``user``'s account and the ids of it and its units (the scope it writes
    in, :mod:`core.scopes`); (None, empty) for an account without agency. Two queries."""
    profile = UserProfile.objects.filter(user=user).select_related("agency").first()
    agency = profile.agency if profile is not None else None
    return agency, agency_with_descendants(agency)
