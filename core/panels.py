"""What apps contribute to pages they do not own, collected without ``core`` importing them.

- **Home-page panels**: an app's ``panels`` module (found by ``autodiscover_modules`` in
  ``CoreConfig.ready``) calls :func:`register_home_panel` with a :class:`HomePanel`; the home
  page (:class:`core.views.HomeView`) shows, in ``order``, the panels the user may see.
- **Related items on a lower app's page**: a detail page of a lower layer (an agency, an
  official, a directive) shows rows of higher apps (the programs an agency signed, the
  meetings that reviewed a directive). The higher app registers the prefetches with
  :func:`register_related`; the lower app's view adds :func:`related_prefetches` to its
  queryset, and its template reads the reverse relations. The lower app never imports the
  higher one, and without it the page simply shows nothing there.
- **Capped related lists**: a detail page shows the first ``RELATED_LIST_LIMIT`` rows of a
  related list and a "see all (N)" link. :class:`CappedPrefetch` loads only
  ``RELATED_LIST_LIMIT + 1`` rows per record (a sliced prefetch; registered ones are read by
  :func:`capped_rows` with a plain ``LIMIT`` instead, the page having one record) and
  :func:`capped_rows` adds the total from one ``COUNT`` query, only when the list is longer
  than the cap, so the page's queries stay few and fixed however long the list is (an agency
  leading 9,000 tasks).
"""

import datetime
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model, Prefetch, QuerySet
from django.utils import translation
from django.utils.functional import Promise
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


@dataclass
class PanelContent:
    """What a panel shows: its rows, how many there are in all (the figure on the panel's
    card at the top of the page), the page that lists them all, and whether the figure is a
    warning."""

    items: list
    count: int | None = None
    url: str = ""
    alert: bool = False


@dataclass(frozen=True)
class HomePanel:
    """A panel of the home page.

    ``load(today=, limit=)`` returns its :class:`PanelContent` in a fixed number of queries;
    ``template`` renders the panel's body (context: ``panel``, the :class:`ShownPanel`);
    ``column`` is "main" (wide) or "side"; ``stat_label``, when given, also shows the count
    as a card in the row of figures at the top. A ``per_user`` panel's loader also gets
    ``user=`` and may return ``None`` to stay hidden for that user (the "my work" panel).
    """

    name: str
    title: str | Promise
    template: str
    load: Callable[..., PanelContent]
    permission: str
    order: int = 100
    column: str = "main"
    stat_label: str | Promise = ""
    #: The content is the same for everyone who may see the panel (nothing of the user's or
    #: of the user's agency in it): it may be cached and shown to all of them
    #: (:func:`home_panels`). A panel scoped to a user or an agency leaves it False.
    shared: bool = False
    per_user: bool = False


@dataclass
class ShownPanel:
    """A panel with its content, as the home page renders it."""

    panel: HomePanel
    content: PanelContent

    @property
    def name(self) -> str:
        return self.panel.name


_HOME_PANELS: dict[str, HomePanel] = {}
_RELATED: dict[str, dict[str, Callable[[], Prefetch | str]]] = defaultdict(dict)


def register_home_panel(panel: HomePanel) -> HomePanel:
    """Add ``panel`` to the home page (registering a name again replaces it)."""
    _HOME_PANELS[panel.name] = panel
    return panel


def _cached(call: Callable, *args, default=None):
    """``call(*args)`` on the cache, or ``default`` when the cache is unreachable (Redis down
    or slow): the shared panels are a speed-up, so the page reads them from the database and a
    save goes through rather than failing on the cache."""
    try:
        return call(*args)
    except (RedisError, OSError):
        logger.warning("cache unreachable: home panels read from the database", exc_info=True)
        return default


#: The cache key that changes whenever a shared panel's rows may have changed.
GENERATION_KEY = "home-panels:generation"


def home_panels(user, *, today: datetime.date | None = None, limit: int = 8) -> list[ShownPanel]:
    """The panels ``user`` may see, in order, loaded for ``today``.

    A ``shared`` panel's content comes from the cache (``HOME_PANEL_CACHE_SECONDS``; 0 turns
    it off), under a key of the panel, the language, the day, the limit and the current
    generation, which :func:`panels_changed` moves on when a row a panel shows is saved or
    deleted: a save is seen at once (with a cache shared by the processes, Redis in
    production), anything written around ``save()`` (``QuerySet.update``) within the cache
    time."""
    today = today or datetime.date.today()
    panels = [
        panel
        for panel in sorted(_HOME_PANELS.values(), key=lambda panel: (panel.order, panel.name))
        if user.has_perm(panel.permission)
    ]
    seconds = settings.HOME_PANEL_CACHE_SECONDS
    generation = _cached(cache.get, GENERATION_KEY, 0, default=0) if seconds else 0
    # The language too: a panel's charts hold their titles and labels translated.
    language = translation.get_language() or ""
    keys = {
        panel.name: f"home-panel:{panel.name}:{language}:{today.isoformat()}:{limit}:{generation}"
        for panel in panels
        if seconds and panel.shared and not panel.per_user
    }
    cached = _cached(cache.get_many, list(keys.values()), default={}) if keys else {}
    shown = []
    for panel in panels:
        key = keys.get(panel.name)
        content = cached.get(key) if key else None
        if content is None:
            extra = {"user": user} if panel.per_user else {}
            content = panel.load(today=today, limit=limit, **extra)
            if key and content is not None:
                _cached(cache.set, key, content, seconds)
        if content is not None:
            shown.append(ShownPanel(panel, content))
    return shown


def panels_changed(**_signal) -> None:
    """Forget every cached shared panel (connect it to the signals of the models panels show;
    it takes a signal's keyword arguments)."""
    _cached(cache.set, GENERATION_KEY, time.time_ns(), None)


def register_related(model_label: str, name: str, prefetch: Callable[[], Prefetch | str]) -> None:
    """Have the detail page of ``model_label`` ("agencies.Agency") load ``prefetch()`` (a
    :class:`~django.db.models.Prefetch` or a relation name) under ``name``."""
    _RELATED[model_label][name] = prefetch


def related_prefetches(model: type[Model]) -> list[Prefetch | str]:
    """The prefetches other apps registered for ``model``'s detail page. A
    :class:`CappedPrefetch` is left out: the page has one record, whose first rows
    :func:`capped_rows` reads with a plain ``LIMIT`` (a sliced prefetch numbers every row of
    the relation with a window function: 9,000 tasks sorted to show 20)."""
    return [
        prefetch
        for prefetch in (make() for make in _RELATED.get(model._meta.label, {}).values())
        if not isinstance(prefetch, CappedPrefetch)
    ]


def related_lists(record: Model) -> dict[str, list]:
    """The registered related lists of ``record`` (loaded by :func:`related_prefetches`), by
    name: a :class:`Capped` list for a :class:`CappedPrefetch`, else the prefetched rows."""
    lists = {}
    for name, make in _RELATED.get(record._meta.label, {}).items():
        prefetch = make()
        if isinstance(prefetch, CappedPrefetch):
            lists[name] = capped_rows(record, prefetch)
        else:
            lookup = prefetch.prefetch_to if isinstance(prefetch, Prefetch) else prefetch
            lists[name] = list(getattr(record, lookup).all())
    return lists


class Capped(list):
    """The first rows of a related list (at most ``RELATED_LIST_LIMIT + 1``) with ``total``,
    the length of the whole list (read by the ``see_all`` template tag)."""

    def __init__(self, rows, total: int):
        super().__init__(rows)
        self.total = total


class CappedPrefetch(Prefetch):
    """A prefetch of the first ``RELATED_LIST_LIMIT + 1`` rows of ``lookup`` per record, in
    ``queryset``'s order (one more than shown: :func:`capped_rows` then knows whether to count
    the rest). The rows go to ``record.capped_<lookup>`` (Django prefetches a sliced queryset
    only into an attribute): read them with :func:`capped_rows`.

    ``count_queryset``, when given, is what :func:`capped_rows` counts instead of ``queryset``:
    the same rows, written so that the database counts them from an index (a list filtered on
    a joined table, counted without the join). It must hold exactly the rows of ``queryset``."""

    def __init__(self, lookup: str, queryset: QuerySet, count_queryset: QuerySet | None = None):
        self.full_queryset = queryset
        self.count_queryset = queryset if count_queryset is None else count_queryset
        super().__init__(
            lookup,
            queryset=queryset[: settings.RELATED_LIST_LIMIT + 1],
            to_attr=f"capped_{lookup}",
        )


def capped_rows(record: Model, prefetch: CappedPrefetch) -> Capped:
    """``record``'s rows loaded by ``prefetch`` (or, not prefetched, read now: the first
    ``RELATED_LIST_LIMIT + 1`` in one ``LIMIT`` query) with their total: their number when they
    fit under the cap, else one ``COUNT`` query over the prefetch's ``count_queryset`` (the
    same rows; the relation's filter on an indexed foreign key)."""
    manager = getattr(record, prefetch.prefetch_through)
    rows = getattr(record, prefetch.prefetch_to, None)
    if rows is None:
        own = prefetch.full_queryset.filter(**manager.core_filters)
        rows = list(own[: settings.RELATED_LIST_LIMIT + 1])
    if len(rows) <= settings.RELATED_LIST_LIMIT:
        return Capped(rows, len(rows))
    return Capped(rows, prefetch.count_queryset.filter(**manager.core_filters).count())
