"""Browser journeys: Playwright (sync API) driving Debian's Chromium against pytest-django's
live server, on a transactional database holding the demo data.

Every test in this package is marked ``e2e`` and is skipped, with the reason in the summary
(``-ra``), when ``/usr/bin/chromium`` (or ``PHOIHOP_CHROMIUM``) is missing or ``PHOIHOP_E2E=skip``
is set (CI's SQLite pass). With ``CI`` set, a missing Chromium or Playwright fails them instead
(:mod:`tests.needs`); ``PHOIHOP_E2E=skip`` still skips.

The ``page`` fixture fails the test on anything a person would call a broken page: a console
error, an uncaught JavaScript exception, a failed request, a response of 400 or more from the live
server (except inside ``watch.allow(403)``), a request to any other host (no CDN), or a page that
scrolls sideways: every page a tab loads is measured as it appears, at the tab's width
(:func:`tests.e2e.helpers.measure_every_page`; a journey asking for the ``phone`` fixture runs
at 390 px), the pages a journey shoots are measured at phone width, and after the journey every
HTML page it opened (by GET) is opened again at phone width and measured. It saves screenshots
at desktop and phone widths to ``tests/e2e/screenshots/<test name>/`` at the steps a journey
names with ``shoot("…")`` and always when the test fails.
"""

import contextlib
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from core.roles import ROLE_NAMES
from tests.conftest import make_user
from tests.e2e.helpers import (
    OVERFLOW_JS,
    measure_every_page,
    template_leaks,
    wrapped_menu_entries,
)
from tests.needs import needs

HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE / "screenshots"
CHROMIUM = Path(os.environ.get("PHOIHOP_CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
#: How long a step may wait for the page (ms): long enough for a 2-core machine under load.
STEP_TIMEOUT_MS = 15_000
#: Password of the users the journeys create (tests.conftest.make_user).
PASSWORD = "pw"

# Chromium reports every 4xx/5xx resource as a console error too; the response watcher already
# judges those (with their URL, and knowing which statuses a step expects).
_RESOURCE_STATUS_MESSAGE = re.compile(r"^Failed to load resource: the server responded with")


def skipped_on_purpose() -> bool:
    """``PHOIHOP_E2E=skip``: the run leaves the browser out on purpose (CI's SQLite pass)."""
    return os.environ.get("PHOIHOP_E2E", "").strip().lower() == "skip"


def skip_reason() -> str | None:
    """Why the browser journeys cannot run here, or None when they can."""
    if skipped_on_purpose():
        return "browser journeys skipped: PHOIHOP_E2E=skip is set"
    if not CHROMIUM.exists():
        return (
            f"browser journeys skipped: {CHROMIUM} is missing "
            "(install Debian's chromium: scripts/system-packages --browser)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser journeys skipped: the playwright package is not installed"
    return None


def _in_this_package(item: pytest.Item) -> bool:
    return HERE in Path(str(item.path)).resolve().parents


_collected = {"any": False}
#: Pages wider than the phone screen, listed again in the summary (each also fails its test).
_layout_notes: list[str] = []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = skip_reason()
    for item in items:
        if _in_this_package(item):
            _collected["any"] = True
            item.add_marker(pytest.mark.e2e)
            item.add_marker(needs("Chromium", reason, deliberate=skipped_on_purpose()))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not _collected["any"]:
        return
    reason = skip_reason()
    terminalreporter.write_line(
        reason or f"browser journeys ran in {CHROMIUM}; screenshots in {SCREENSHOTS}"
    )
    if _layout_notes:
        terminalreporter.write_sep("-", "pages wider than a phone screen (390 px)")
        for note in _layout_notes:
            terminalreporter.write_line(note)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    """Keep each phase's report on the test item, so fixtures know whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# --------------------------------------------------------------------------------------------
# Browser


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for the whole package.

    The sync Playwright API runs an asyncio event loop in the test thread, and Django refuses
    database calls from a thread with a running loop; the journeys do call the database (rows,
    sessions), so the guard is lifted while the browser lives, and restored afterwards so the
    rest of the suite keeps it.
    """
    from playwright.sync_api import expect, sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    expect.set_options(timeout=STEP_TIMEOUT_MS)
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class BrowserWatch:
    """What went wrong in the browser during a test, and which error statuses a step expects."""

    base_url: str
    problems: list[str] = field(default_factory=list)
    allowed: list[int] = field(default_factory=list)
    seen_allowed: list[tuple[int, str]] = field(default_factory=list)
    #: HTML pages opened by GET (path and query), measured at phone width after the journey.
    visited: list[str] = field(default_factory=list)

    @contextlib.contextmanager
    def allow(self, status: int) -> Iterator[None]:
        """Inside the block, live-server responses with ``status`` are expected, not failures."""
        self.allowed.append(status)
        try:
            yield
        finally:
            self.allowed.remove(status)

    def on_console(self, message) -> None:
        if message.type == "error" and not _RESOURCE_STATUS_MESSAGE.match(message.text):
            self.problems.append(f"console error: {message.text} ({message.location})")

    def on_page_error(self, error) -> None:
        self.problems.append(f"uncaught JavaScript error: {error}")

    def on_request(self, request) -> None:
        url = request.url
        if url.startswith(("http://", "https://")) and not url.startswith(self.base_url):
            self.problems.append(f"request to another host (no CDN allowed): {url}")

    def on_request_failed(self, request) -> None:
        failure = request.failure or ""
        # A request the browser itself abandoned (a navigation overtaking a poll, a response
        # turned into a download) is not a broken page.
        if "ERR_ABORTED" in failure:
            return
        self.problems.append(f"request failed: {request.method} {request.url}: {failure}")

    def on_response(self, response) -> None:
        if not response.url.startswith(self.base_url):
            return
        request = response.request
        if (
            response.status == 200
            and request.resource_type == "document"
            and request.method == "GET"
            and "text/html" in (response.headers.get("content-type") or "")
        ):
            path = response.url[len(self.base_url) :]
            if path not in self.visited:
                self.visited.append(path)
        if response.status < 400:
            return
        if response.status in self.allowed:
            self.seen_allowed.append((response.status, response.url))
            return
        method = response.request.method
        self.problems.append(f"HTTP {response.status} from {method} {response.url}")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:120] or "step"


@pytest.fixture
def screenshot_dir(request) -> Path:
    folder = SCREENSHOTS / _slug(request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def phone(page):
    """The journey runs at phone width (390 × 844): every page it loads is measured there."""
    page.set_viewport_size(PHONE)
    return page


@pytest.fixture
def context(browser, live_server):
    """A fresh browser profile (cookies, storage) per test, in Vietnamese, desktop width."""
    ctx = browser.new_context(
        base_url=live_server.url,
        viewport=DESKTOP,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        accept_downloads=True,
        # Bootstrap then skips its fades: screenshots show the finished state, never a blend.
        reduced_motion="reduce",
    )
    ctx.set_default_timeout(STEP_TIMEOUT_MS)
    yield ctx
    ctx.close()


@pytest.fixture
def watch(live_server) -> BrowserWatch:
    return BrowserWatch(base_url=live_server.url)


@pytest.fixture
def shoot(screenshot_dir, watch) -> Callable[..., None]:
    """``shoot("step name")`` saves the current page at desktop and phone widths, and checks
    that no template syntax leaked into its text."""
    counter = {"n": 0}
    state: dict = {}

    def take(name: str, target=None) -> None:
        target = target or state["page"]
        watch.problems.extend(template_leaks(target))
        wrapped = wrapped_menu_entries(target)
        if wrapped:
            watch.problems.append(f"the menu wraps at {DESKTOP['width']} px: {wrapped}")
        counter["n"] += 1
        stem = f"{counter['n']:02d}-{_slug(name)}"
        target.screenshot(path=screenshot_dir / f"{stem}-desktop.png", full_page=True)
        target.set_viewport_size(PHONE)
        target.screenshot(path=screenshot_dir / f"{stem}-phone.png", full_page=True)
        overflow = target.evaluate(OVERFLOW_JS)
        if overflow:
            note = f"{screenshot_dir.name}/{stem}-phone.png ({target.url}): {overflow}"
            _layout_notes.append(note)
            watch.problems.append(f"page scrolls sideways at {PHONE['width']} px: {note}")
        target.set_viewport_size(DESKTOP)

    take.state = state
    return take


@pytest.fixture
def page(context, watch, shoot, request):
    """A page that records every sign of a broken page, and fails the test on any of them."""
    tab = context.new_page()
    tab.on("console", watch.on_console)
    tab.on("pageerror", watch.on_page_error)
    tab.on("request", watch.on_request)
    tab.on("requestfailed", watch.on_request_failed)
    tab.on("response", watch.on_response)
    # Every page the tab loads (after a GET, a POST, a redirect) is measured at the tab's own
    # width as it appears: the phone journeys at 390 px, the others at 1,366 px (and again at
    # 390 px after the journey, below).
    measure_every_page(tab, watch.problems, _layout_notes)
    shoot.state["page"] = tab
    yield tab
    call = getattr(request.node, "report_call", None)
    failed = call is None or call.failed
    with contextlib.suppress(Exception):
        watch.problems.extend(template_leaks(tab))
    if not failed:
        watch.problems.extend(_phone_overflows(context, watch))
    if failed or watch.problems:
        with contextlib.suppress(Exception):
            shoot("failure")
    if watch.problems:
        pytest.fail("The browser saw a broken page:\n  " + "\n  ".join(watch.problems))


def _phone_overflows(context, watch: BrowserWatch) -> list[str]:
    """Open every page the journey visited again at phone width; one problem per page that
    scrolls sideways there."""
    problems = []
    tab = context.new_page()
    tab.set_viewport_size(PHONE)
    try:
        for path in watch.visited:
            response = tab.goto(path)
            if response is None or response.status != 200:
                continue
            if overflow := tab.evaluate(OVERFLOW_JS):
                _layout_notes.append(f"{path}: {overflow}")
                problems.append(f"page scrolls sideways at {PHONE['width']} px: {path}: {overflow}")
    finally:
        tab.close()
    return problems


# --------------------------------------------------------------------------------------------
# Users and data


@pytest.fixture
def e2e_users(transactional_db, request) -> dict[str, User]:
    """One user per role (user name = role, password ``PASSWORD``); with the demo data, each
    belongs to the agency of the demo account of its role (scoped permissions: admin, manager
    and staff to Ban Dân vận Trung ương, viewer to Bộ Ngoại giao)."""
    users = {role: make_user(role, role) for role in ROLE_NAMES}
    if "demo" in request.fixturenames:
        from agencies.management.commands.create_demo_accounts import DEMO_AGENCIES
        from agencies.models import Agency
        from tests.conftest import set_agency

        request.getfixturevalue("demo")
        for role, user in users.items():
            set_agency(user, Agency.objects.get(name=DEMO_AGENCIES[role]))
    return users


@pytest.fixture
def sign_in(context, live_server, e2e_users) -> Callable[[str], User]:
    """``sign_in("manager")`` gives the browser a signed-in session without the login form
    (the staff journey uses the form; the others need not repeat it)."""

    def as_role(role: str) -> User:
        user = e2e_users[role]
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
        return user

    return as_role


@pytest.fixture
def demo(transactional_db):
    """The demo data, loaded into this test's (transactional) database.

    Returns the :class:`tests.e2e.data.Demo` handles the journeys look things up by.
    """
    from tests.e2e import data

    return data.load()
