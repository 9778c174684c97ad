"""The lists' paginator: it counts the rows up to a cap, not all of them.

Django's :class:`~django.core.paginator.Paginator` counts every matching row
(``SELECT COUNT(*)``) to draw "1–25 of N" and the page links. That count reads the whole
filtered table, and it grows with the data: on a national-scale database (198,000 tasks) it
was more than half of the task list's time. Nobody pages through ten thousand rows; past that
a list says "10.000+" and asks for a narrower filter or an export (as big sites do: "1,000+").
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


def count_up_to(queryset: QuerySet, most: int) -> int:
    """The number of rows of ``queryset``, or ``most`` when it has at least that many: one
    query, ``SELECT COUNT(*) FROM (SELECT <pk> … LIMIT most)``, that stops reading rows once
    it has ``most``.

    The order is dropped (it does not change how many rows there are; PostgreSQL would sort
    the whole table before the LIMIT), as Django's own ``count()`` does, except for a
    ``DISTINCT ON`` that needs it. Only the primary key is selected in the subquery (Django
    selects it alone for a sliced count; ``values("pk")`` also keeps annotations that are
    not filtered on out of it)."""
    if not queryset.query.distinct_fields:
        queryset = queryset.order_by()
        # ``values()`` would change the rows a DISTINCT compares only if they could differ
        # with the same primary key, which a model's rows cannot (joins of select_related go
        # along foreign keys); an aggregate annotation (GROUP BY) is left as it is.
        if not queryset.query.group_by:
            queryset = queryset.values("pk")
    return queryset[:most].count()


class CappedPaginator(Paginator):
    """Django's paginator that counts at most ``limit`` rows (``settings.LIST_COUNT_LIMIT``).

    ``count`` is the number of rows when there are no more than ``limit``; otherwise
    ``capped`` is True, ``count`` is ``limit`` and the pages cover the first ``limit`` rows
    (a page number past them gives their last page with ``get_page``). Templates show
    "10.000+" and "more than 10,000" when ``capped``. The count is one query however many
    rows match (:func:`count_up_to`)."""

    def __init__(self, object_list, per_page, *args, limit: int | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.limit = settings.LIST_COUNT_LIMIT if limit is None else limit

    @cached_property
    def counted(self) -> int:
        """The rows counted, up to ``limit + 1``: one more than the cap tells there are more."""
        rows = self.object_list
        if isinstance(rows, QuerySet):
            return count_up_to(rows, self.limit + 1)
        return min(len(rows), self.limit + 1)

    @cached_property
    def capped(self) -> bool:
        """The list holds more rows than ``limit``: ``count`` is the cap, not the total."""
        return self.counted > self.limit

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.limit)
