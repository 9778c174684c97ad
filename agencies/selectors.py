"""Reads of the agency pages that are more than a queryset: the hierarchy as a tree and an
agency's chain of parents, each from one query."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from core.periods import within

from .models import Agency, AgencyKind, UserProfile


@dataclass
class AgencyNode:
    """An agency in the tree, with its children (in Vietnamese order) and whether it matched
    the filters (a parent shown only to place a match is not ``matched``)."""

    agency: Agency
    children: list["AgencyNode"] = field(default_factory=list)
    matched: bool = True
    successor: Agency | None = None
    depth: int = 0

    @property
    def descendant_count(self) -> int:
        return sum(1 + child.descendant_count for child in self.children)


def _all_agencies() -> list[Agency]:
    """Every agency, in Vietnamese order, with just what the tree shows (one query)."""
    return list(
        Agency.objects.ordered().only(
            "pk",
            "name",
            "short_name",
            "kind",
            "parent_id",
            "successor_id",
            "valid_from",
            "valid_to",
        )
    )


def agency_tree(matching_ids: Iterable[int] | None = None) -> list[AgencyNode]:
    """The hierarchy as root nodes, children nested, siblings in Vietnamese order.

    With ``matching_ids`` only those agencies and their parents (for context) are kept. One
    query, whatever the size and depth of the tree; a parent loop in bad data cannot hang it
    (an agency whose parent chain loops is shown as a root).
    """
    agencies = _all_agencies()
    by_id = {agency.pk: agency for agency in agencies}
    visible: set[int] | None = None
    matched: set[int] = set(by_id) if matching_ids is None else set(matching_ids)
    if matching_ids is not None:
        visible = set()
        for agency_id in matched:
            node_id, seen = agency_id, set()
            while node_id is not None and node_id in by_id and node_id not in seen:
                seen.add(node_id)
                visible.add(node_id)
                node_id = by_id[node_id].parent_id
    nodes = {
        agency.pk: AgencyNode(
            agency=agency,
            matched=agency.pk in matched,
            successor=by_id.get(agency.successor_id),
        )
        for agency in agencies
        if visible is None or agency.pk in visible
    }
    roots = []
    for agency in agencies:  # in order, so children keep the Vietnamese order
        node = nodes.get(agency.pk)
        if node is None:
            continue
        parent = nodes.get(agency.parent_id)
        if parent is None or _loops(agency, by_id):
            roots.append(node)
        else:
            parent.children.append(node)
    _set_depth(roots, 0)
    return roots


@dataclass
class KindGroup:
    """The top-level agencies of one kind (party bodies, state bodies, …)."""

    kind: str
    label: str
    nodes: list[AgencyNode]


def group_roots_by_kind(roots: list[AgencyNode]) -> list[KindGroup]:
    """The tree's roots grouped by kind, in the order of :class:`AgencyKind` (units stay under
    their parents whatever their kind)."""
    groups = {kind: KindGroup(kind.value, str(kind.label), []) for kind in AgencyKind}
    for node in roots:
        groups.get(node.agency.kind, groups[AgencyKind.OTHER]).nodes.append(node)
    return [group for group in groups.values() if group.nodes]


def _loops(agency: Agency, by_id: dict[int, Agency]) -> bool:
    node_id, seen = agency.parent_id, {agency.pk}
    while node_id is not None and node_id in by_id:
        if node_id in seen:
            return True
        seen.add(node_id)
        node_id = by_id[node_id].parent_id
    return False


def _set_depth(nodes: list[AgencyNode], depth: int) -> None:
    for node in nodes:
        node.depth = depth
        _set_depth(node.children, depth + 1)


def agency_ancestors(agency: Agency) -> list[Agency]:
    """The chain of parents of ``agency``, top first, from one query (unlike
    :meth:`Agency.ancestors`, which reads one level at a time)."""
    if agency.parent_id is None:
        return []
    by_id = {row.pk: row for row in Agency.objects.only("pk", "name", "short_name", "parent_id")}
    chain, node_id, seen = [], agency.parent_id, {agency.pk}
    while node_id is not None and node_id in by_id and node_id not in seen:
        seen.add(node_id)
        chain.append(by_id[node_id])
        node_id = by_id[node_id].parent_id
    return list(reversed(chain))


def is_in_force(agency: Agency, on: datetime.date | None = None) -> bool:
    on = on or datetime.date.today()
    return within(on, agency.valid_from, agency.valid_to)


def agency_with_descendants(agency: Agency | int | None) -> set[int]:
    """The ids of ``agency`` and of every unit under it, at any depth, from one query: the
    scope an account of that agency works in (scoped permissions, "my work", the digest, the
    calendar feed). Empty for no agency; a parent loop in bad data cannot hang it."""
    if agency is None:
        return set()
    root = agency if isinstance(agency, int) else agency.pk
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Agency.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    scope, stack = set(), [root]
    while stack:
        node = stack.pop()
        if node in scope:
            continue
        scope.add(node)
        stack.extend(children.get(node, ()))
    return scope


def account_scope(user) -> tuple[Agency | None, set[int]]:
    """The agency of ``user``'s account and the ids of it and its units (the scope it writes
    in, :mod:`core.scopes`); (None, empty) for an account without agency. Two queries."""
    profile = UserProfile.objects.filter(user=user).select_related("agency").first()
    agency = profile.agency if profile is not None else None
    return agency, agency_with_descendants(agency)
