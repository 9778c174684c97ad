"""The per-user page cache: a read-only page a signed-in user opened is answered again from the
cache, without running its view, until anything is written or ``PAGE_CACHE_SECONDS`` pass.

What is cached: the HTML of a GET that answered 200, of a view marked with
:class:`CachedPageMixin` (the home page, search, the lists and the detail pages), for a
signed-in user. The key holds everything the page may depend on:

- the account as the session names it (its primary key and the hash of its password: a new
  password, or another account, never meets the entry); two sessions of one account share
  its pages;
- the interface language, the host and scheme, the full path with its query string, the
  ``HX-Request`` header and today's date (lists flag what is overdue);
- the data generation (kept in the entry and compared on a hit): a number every committed
  write moves on (:func:`pages_changed`, connected by :func:`connect_signals` to the saves,
  deletes and many-to-many changes of the project's models, Django's accounts and groups
  included; code that writes with ``QuerySet.update()`` or ``bulk_create`` calls it itself).
  A save is seen by the next request of every process: the generation lives in the shared
  cache (Redis).

Pages embed a CSRF token (the sign-out and language forms, htmx's header). The stored page
keeps the places of the tokens that belong to the request's CSRF secret, and a hit puts in a
token of the current request's own secret (``get_token``): a form on a cached page posts as it
does on a rendered one, whichever browser of the account stored it.

Never cached: other methods, other statuses, streamed or non-HTML answers, anonymous
visitors, an answer that sets a cookie or that a view marked ``no-store``/``no-cache``, a page
while messages (``django.contrib.messages``) wait to be shown or were added by the view, a view
that changed the session. Every answer of a marked view says ``Cache-Control: private``.

Forms, exports, report downloads and job pages (their status moves by ``QuerySet.update`` in
the worker), "my work" (it records the visit), the admin and the API are not marked. An
unreachable cache (Redis down or slow) is skipped: the page is rendered as without the cache.
Without a shared cache (no ``CACHE_URL``/``REDIS_URL``) the default is off: each process would
keep its own generation and a save in one worker would not reach the pages of the others.
"""

import hashlib
import logging
import re
import time
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_SECRET_LENGTH, _unmask_cipher_token, get_token
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.crypto import constant_time_compare
from redis.exceptions import RedisError
from simple_history.models import HistoricalChanges

logger = logging.getLogger(__name__)

#: The cache key of the data generation (moved on by every committed write).
GENERATION_KEY = "pages:generation"

#: Models whose writes no cached page shows, so they do not empty the cache: sessions (every
#: sign-in, every pushed-back expiry), the admin's and django-axes' logs, the account's
#: visit and mail records (shown only on "my work", never cached) and report jobs (shown only
#: on the job and review-report pages, never cached; the worker moves them by
#: ``QuerySet.update``). Historical records are written with the row they record, which moves
#: the generation already.
IGNORED_MODELS = frozenset(
    {
        "sessions.Session",
        "admin.LogEntry",
        "axes.AccessAttempt",
        "axes.AccessLog",
        "axes.AccessFailureLog",
        "work.Preferences",
        "work.DigestMail",
        "reports.ReportJob",
    }
)

#: A masked CSRF token as Django writes it: 64 letters and digits, alone.
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")

#: Headers of the rendered answer that are not kept with the page (recomputed on a hit).
_NOT_KEPT = frozenset({"content-length", "x-page-cache"})

#: ``Vary`` headers the key already covers (the session cookie's account, the language).
_VARY_COVERED = frozenset({"cookie", "accept-language"})


class CachedPageMixin:
    """Marks a read-only page view for the per-user page cache (:class:`PageCacheMiddleware`).

    Put it only on views whose GET writes nothing and whose HTML depends on nothing but the
    account, the language, the URL, the date and the data: a view that records something on
    GET or shows rows written by ``QuerySet.update()`` without :func:`pages_changed` sets
    ``page_cache = False``."""

    page_cache = True


def _quiet(call: Callable, *args, default=None):
    """``call(*args)`` on the cache, or ``default`` when the cache is unreachable: the page
    cache is a speed-up, so the page is rendered (and a write goes through) without it."""
    try:
        return call(*args)
    except (RedisError, OSError):
        logger.warning("cache unreachable: page rendered without the page cache", exc_info=True)
        return default


def _bump() -> None:
    _quiet(cache.set, GENERATION_KEY, time.time_ns(), None)


def _scheduled(connection) -> bool:
    """Whether the open transaction already moves the generation on commit (one cache write
    per transaction, however many rows an import saves). An unknown shape of Django's list of
    callbacks answers False: the generation is then moved once more, never less."""
    try:
        return any(entry[1] is _bump for entry in connection.run_on_commit)
    except (AttributeError, IndexError, TypeError):
        return False


def pages_changed(**signal) -> None:
    """Forget every cached page once the current transaction commits (at once outside one).

    Connected to the models' signals by :func:`connect_signals`; services that write with
    ``QuerySet.update()`` call it themselves. After the commit, not before: a request that
    read the old generation and the old rows stores its page under the old generation, which
    nobody reads again. A sign-in's ``last_login`` alone changes no page."""
    if signal.get("update_fields") == frozenset({"last_login"}):
        return
    action = signal.get("action")
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed's pre_* call: the post_* one follows
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block and _scheduled(connection):
        return
    transaction.on_commit(_bump)


def connect_signals() -> None:
    """Move the generation on every save and delete of the installed apps' models (but the
    :data:`IGNORED_MODELS`, the historical records and the automatic many-to-many tables) and
    on every many-to-many change. A model of an app added later is watched without more
    code: a page is never stale because someone forgot to list a model."""
    for model in apps.get_models():
        if (
            model._meta.label in IGNORED_MODELS
            or model._meta.auto_created
            or issubclass(model, HistoricalChanges)
        ):
            continue
        uid = f"pagecache-{model._meta.label}"
        post_save.connect(pages_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(pages_changed, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(pages_changed, dispatch_uid="pagecache-m2m")


def page_key(request: HttpRequest, user_id: str, auth_hash: str) -> str:
    """The cache key of the page ``request`` asks for (a digest: neither the path nor the
    account's hash appears in the cache's key names). The generation is kept in the entry,
    not in the key: one round trip to the cache reads both."""
    parts = (
        user_id,
        auth_hash,
        translation.get_language() or "",
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        timezone.localdate().isoformat(),
    )
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _marked(view_func) -> bool:
    view_class = getattr(view_func, "view_class", None)
    return bool(getattr(view_class, "page_cache", False) or getattr(view_func, "page_cache", False))


def _split_tokens(content: bytes, secret: str | None) -> list[bytes] | None:
    """``content`` cut around the CSRF tokens of ``secret`` (the pieces a hit joins with a new
    token), or None when the page holds a form token that cannot be placed (not stored)."""
    pieces, start = [], 0
    if secret and len(secret) == CSRF_SECRET_LENGTH:
        for match in _TOKEN.finditer(content):
            if _unmask_cipher_token(match.group().decode()) == secret:
                pieces.append(content[start : match.start()])
                start = match.end()
    if not pieces and b"csrfmiddlewaretoken" in content:
        return None
    pieces.append(content[start:])
    return pieces


class _Entry:
    """What the middleware remembers of a request between the lookup and the answer: the
    key, the generation read with it, and the account the key was made for."""

    def __init__(self, key: str, generation: int | None, user_id: str, auth_hash: str, session):
        self.key = key
        self.generation = generation
        self.user_id = user_id
        self.auth_hash = auth_hash
        self.session_modified = session.modified  # by the middleware before this one


class PageCacheMiddleware:
    """Answers a marked page (:class:`CachedPageMixin`) from the per-user page cache, and
    stores the marked pages it renders (module docstring).

    After the session, language, CSRF and messages middleware (it reads the session, the
    language, the CSRF secret and the pending messages), before the view is resolved and
    before the account is loaded: a hit costs the session's query and one round trip to the
    cache. The account is the one the session names with the hash of its password; an entry
    is stored only by a request whose account Django loaded and checked against that same
    hash, and a new password, a deactivated or deleted account is a save, which moves the
    generation: no entry serves a session Django would refuse."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        entry = self._lookup(request) if settings.PAGE_CACHE_SECONDS else None
        if isinstance(entry, HttpResponse):
            return entry
        response = self.get_response(request)
        if not getattr(request, "_page_cache_marked", False):
            return response
        patch_cache_control(response, private=True)
        if entry is not None and self._storable(request, response, entry):
            pieces = _split_tokens(response.content, request.META.get("CSRF_COOKIE"))
            if pieces is not None:
                generation = entry.generation
                if generation is None:  # the cache had none: start one
                    _quiet(cache.add, GENERATION_KEY, time.time_ns(), None)
                    generation = _quiet(cache.get, GENERATION_KEY)
                if generation is not None:
                    headers = [
                        (name, value)
                        for name, value in response.headers.items()
                        if name.lower() not in _NOT_KEPT
                    ]
                    value = (generation, pieces, headers)
                    _quiet(cache.set, entry.key, value, settings.PAGE_CACHE_SECONDS)
                    response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._page_cache_marked = _marked(view_func)

    def _lookup(self, request) -> "HttpResponse | _Entry | None":
        """The cached answer, or the entry to store the rendered page under, or None (not a
        page this cache keeps)."""
        session = getattr(request, "session", None)
        if request.method != "GET" or session is None:
            return None
        user_id, auth_hash = session.get(SESSION_KEY), session.get(HASH_SESSION_KEY)
        if not user_id or not auth_hash:
            return None  # anonymous
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
        if not _marked(match.func) or len(get_messages(request)):
            return None  # messages are shown by a rendered page, never by a copy
        key = page_key(request, str(user_id), auth_hash)
        found = _quiet(cache.get_many, [GENERATION_KEY, key])
        if found is None:
            return None  # the cache is unreachable: render
        generation, stored = found.get(GENERATION_KEY), found.get(key)
        if generation is not None and stored and stored[0] == generation:
            _generation, pieces, headers = stored
            token = get_token(request).encode() if len(pieces) > 1 else b""
            response = HttpResponse(token.join(pieces))
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            request._page_cache_marked = True
            return response
        return _Entry(key, generation, str(user_id), auth_hash, session)

    @staticmethod
    def _storable(request, response, entry: _Entry) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if not response.get("Content-Type", "").startswith("text/html"):
            return False
        control = response.get("Cache-Control", "").lower()
        if "no-store" in control or "no-cache" in control:
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        if vary - _VARY_COVERED:
            return False
        user = request.user  # loaded and checked by Django: the key's account and hash
        if not user.is_authenticated or str(user.pk) != entry.user_id:
            return False
        if not constant_time_compare(user.get_session_auth_hash(), entry.auth_hash):
            return False
        if request.session.modified and not entry.session_modified:
            return False  # the view wrote to the session: a copy would not
        return not len(get_messages(request))
