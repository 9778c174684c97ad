"""One test for "on D, within [from, to]", in Python and as a query.

Periods in phoihop have both ends included and either end may be open (unknown or not yet
set): an agency's validity, a former name's, a position's dates, a program's span of years.
The same rule everywhere, so a list, a page and a PDF agree on who held what on a date.
"""

from typing import Any

from django.db.models import Q


def within(value: Any, start: Any, end: Any) -> bool:
    """Whether ``value`` lies in ``[start, end]``; ``None`` at either end is open.

    Works for dates and for years alike (anything ordered).
    """
    return (start is None or start <= value) and (end is None or value <= end)


def within_q(start_field: str, end_field: str, value: Any) -> Q:
    """The rows whose ``[start_field, end_field]`` contains ``value`` (an empty end is open):
    the query form of :func:`within`."""
    return (Q(**{f"{start_field}__isnull": True}) | Q(**{f"{start_field}__lte": value})) & (
        Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": value})
    )
