"""The project's middleware.

Vietnamese first: the interface language is the one the user chose (the language cookie set
by the switch in the user menu), else Vietnamese — not the browser's preference, since staff
often run English browsers on Vietnamese work. Sessions end after idle time. Bad input: NUL
characters leave the query string before a view reads it, and a concurrent duplicate no service
caught answers 409, not 500."""

import logging
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import HttpResponse, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without the Accept-Language guess."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class StripNulMiddleware:
    """Drops NUL characters from the query string's values before any view reads them.

    PostgreSQL refuses a NUL in any text it is given, so ``/search/?q=%00`` would be a server
    error; no real search or filter contains one. Form posts keep theirs: Django's form fields
    refuse a NUL with a message on the field (``ProhibitNullCharactersValidator``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in "".join(f"{key}{''.join(values)}" for key, values in request.GET.lists()):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class ConcurrentWriteMiddleware:
    """The last net under concurrent writes and database restarts, for errors a view raises.

    An ``IntegrityError`` that no service turned into a form message (for example two
    administrators adding the same row in the admin at once) answers 409 with a page that says
    what happened; nothing was saved (the request's transaction was rolled back). A database
    that went away mid-request answers 503 "try again in a moment" (``core.views.server_error``
    does the same for errors outside views)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, IntegrityError):
            logger.warning("Concurrent write refused on %s: %s", request.path, exception)
            return render(request, "409.html", status=409)
        if isinstance(exception, OperationalError | InterfaceError):
            # The database went away mid-request (a restart, a failover): the next request
            # reconnects (CONN_HEALTH_CHECKS), so this one says "try again in a moment". The
            # page needs no database (no session, no user).
            logger.warning("Database unavailable on %s: %s", request.path, exception)
            response = HttpResponse(
                render_to_string("503.html"), status=503, content_type="text/html; charset=utf-8"
            )
            response["Retry-After"] = "5"
            return response
        return None


#: Session key of the time (epoch seconds) the session's expiry was last pushed back.
SESSION_RENEWED_AT = "_phoihop_renewed_at"


def stamp_session(sender=None, request=None, user=None, **kwargs) -> None:
    """On sign-in (``user_logged_in``): the idle clock starts now."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_RENEWED_AT] = int(time.time())


class SessionIdleMiddleware:
    """Signs people out after ``SESSION_COOKIE_AGE`` seconds without a request.

    The session's expiry is pushed back (the session saved) when a request comes more than half
    the idle time after the last push, not on every request: a user active in the last
    ``SESSION_COOKIE_AGE / 2`` seconds always stays signed in, one idle for
    ``SESSION_COOKIE_AGE`` never does, and most requests write nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        # The session names a signed-in account (without loading the account: a page from
        # the page cache, core.pagecache, needs only the session).
        if session is not None and session.get(SESSION_KEY):
            now = int(time.time())
            if now - session.get(SESSION_RENEWED_AT, 0) >= settings.SESSION_COOKIE_AGE // 2:
                session[SESSION_RENEWED_AT] = now  # marks it modified: saved with a new expiry
        return self.get_response(request)
