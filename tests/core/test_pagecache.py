"""The per-user page cache (core.pagecache): one account's cached page never reaches another,
a committed save empties it, messages are not replayed, forms on a cached page post, and an
unreachable cache only costs the rendering."""

import os
import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from agencies.models import Agency
from core import pagecache
from core.roles import STAFF, VIEWER
from tests.agencies.factories import AgencyFactory
from tests.conftest import UNREACHABLE_CACHE, home_agency, make_user
from tests.needs import needs, on_sqlite, redis_missing
from tests.programs.factories import ProgramFactory, SignatoryFactory, TaskFactory

#: A Redis the test may write to (its keys carry a prefix of their own and are deleted).
REDIS_URL = os.environ.get("PHOIHOP_TEST_CACHE_URL") or os.environ.get("REDIS_URL", "")

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def program(db):
    """A program whose first party is the test accounts' agency, with one task it leads."""
    program = ProgramFactory(title="Chương trình phối hợp có bộ nhớ đệm")
    SignatoryFactory(program=program)
    TaskFactory(program=program, lead_agency=home_agency())
    return program


def test_a_page_comes_from_the_cache_in_one_query_and_says_private(
    client_for, program, page_cache, django_assert_max_num_queries
):
    staff = client_for(STAFF)
    url = program.get_absolute_url()
    first = staff.get(url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(1):  # the session: not the account, nothing of the page
        second = staff.get(url)
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert "private" in second["Cache-Control"]
    assert program.title in second.content.decode()


def test_an_account_never_gets_the_page_another_account_cached(program, page_cache):
    """Two staff accounts of different agencies: the one whose agency leads the task may edit
    it; the other, opening the same URL after the first was cached, gets its own page."""
    here = Client()
    here.force_login(make_user("here", STAFF))
    there = Client()
    there.force_login(make_user("there", STAFF, agency=AgencyFactory()))
    url = program.get_absolute_url()
    assert 'data-testid="edit-task"' in here.get(url).content.decode()
    assert here.get(url)["X-Page-Cache"] == "hit"

    response = there.get(url)
    page = response.content.decode()
    assert response["X-Page-Cache"] == "miss"
    assert 'data-testid="edit-task"' not in page
    assert "</i> there</a>" in page and "</i> here</a>" not in page


#: Tests of the generation: it moves when a transaction commits, which only a test outside the
#: test case's own transaction sees.
committed = pytest.mark.django_db(transaction=True)


@committed
def test_a_committed_save_by_anyone_makes_the_next_page_fresh(
    client_for, users, program, page_cache
):
    viewer = client_for(VIEWER)
    url = reverse("programs:program_list")
    viewer.get(url)
    assert viewer.get(url)["X-Page-Cache"] == "hit"
    program.title = "Tên mới sau khi lưu"
    program.save()
    response = viewer.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Tên mới sau khi lưu" in response.content.decode()


@committed
def test_a_save_moves_the_generation_once_when_its_transaction_commits(
    client_for, program, page_cache
):
    """Not before the commit: a page rendered while the write is still open keeps the
    generation it read, so no page of rows about to change outlives the commit; and once per
    transaction, however many rows it writes."""
    viewer = client_for(VIEWER)
    url = program.get_absolute_url()
    viewer.get(url)
    with transaction.atomic():
        for agency in Agency.objects.all():
            agency.save()
        pending = [entry for entry in connection.run_on_commit if entry[1] is pagecache._bump]
        assert len(pending) == 1
        assert viewer.get(url)["X-Page-Cache"] == "hit"
    assert viewer.get(url)["X-Page-Cache"] == "miss"


@committed
def test_a_role_taken_away_is_seen_at_once(users, client_for, program, page_cache):
    viewer = client_for(VIEWER)
    url = reverse("programs:program_list")
    assert viewer.get(url).status_code == 200
    assert viewer.get(url)["X-Page-Cache"] == "hit"
    users[VIEWER].groups.remove(Group.objects.get(name=VIEWER))
    assert viewer.get(url).status_code == 403


@committed
def test_a_session_of_an_old_password_never_gets_a_cached_page(users, program, page_cache):
    """A hit reads the account from the session without loading it: the entry was stored for
    the password's hash, and a new password moves the generation, so the old session is sent
    to sign in as Django sends it."""
    old = Client()
    old.force_login(users[VIEWER])
    url = program.get_absolute_url()
    old.get(url)
    assert old.get(url)["X-Page-Cache"] == "hit"
    users[VIEWER].set_password("mật khẩu mới")
    users[VIEWER].save()
    assert old.get(url).status_code == 302


def _pending_message(client: Client, text: str) -> None:
    """Put ``text`` in ``client``'s messages cookie, as a redirect after a save does."""
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, text)
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value


def test_a_message_is_shown_once_and_never_replayed_from_the_cache(client_for, program, page_cache):
    viewer = client_for(VIEWER)
    url = program.get_absolute_url()
    _pending_message(viewer, "Đã lưu chương trình")
    shown = viewer.get(url)
    assert "Đã lưu chương trình" in shown.content.decode()
    assert "X-Page-Cache" not in shown  # neither read from nor written to the cache
    again = viewer.get(url)
    assert "Đã lưu chương trình" not in again.content.decode()
    assert viewer.get(url)["X-Page-Cache"] == "hit"


def test_sign_out_works_from_a_cached_page_in_every_session_of_the_account(
    users, program, page_cache
):
    """The cached page's CSRF tokens are replaced by one of the requesting session's own: a
    second browser of the same account, whose CSRF cookie differs, posts its forms too."""
    url = program.get_absolute_url()
    first = Client(enforce_csrf_checks=True)
    first.force_login(users[VIEWER])
    first.get(url)
    second = Client(enforce_csrf_checks=True)
    second.force_login(users[VIEWER])
    cached = second.get(url)
    assert cached["X-Page-Cache"] == "hit"
    assert "csrftoken" in cached.cookies  # the new session's secret, set with the page
    token = TOKEN.search(cached.content.decode()).group(1)
    assert second.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert second.get(url).status_code == 302  # signed out: to the sign-in page

    again = first.get(url)
    assert again["X-Page-Cache"] == "hit"
    token = TOKEN.search(again.content.decode()).group(1)
    assert first.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302


def test_forms_and_writes_are_never_cached(client_for, program, page_cache):
    staff = client_for(STAFF)
    edit = reverse("programs:program_update", args=[program.pk])
    staff.get(edit)
    assert "X-Page-Cache" not in staff.get(edit)
    assert "X-Page-Cache" not in staff.get(reverse("work:my_work"))


def test_pages_render_when_the_cache_is_unreachable(client_for, program, settings):
    settings.CACHES = UNREACHABLE_CACHE
    settings.PAGE_CACHE_SECONDS = 60
    viewer = client_for(VIEWER)
    url = program.get_absolute_url()
    for _attempt in range(2):
        response = viewer.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    program.title = "Sửa khi Redis ngừng"
    program.save()  # moves the generation: must not fail on the cache
    assert "Sửa khi Redis ngừng" in viewer.get(url).content.decode()


@committed
@needs("Redis", redis_missing(REDIS_URL), deliberate=on_sqlite())
def test_the_page_cache_on_redis(client_for, program, settings):
    prefix = f"phoihop-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.PAGE_CACHE_SECONDS = 60
    try:
        viewer = client_for(VIEWER)
        url = program.get_absolute_url()
        assert viewer.get(url)["X-Page-Cache"] == "miss"
        assert viewer.get(url)["X-Page-Cache"] == "hit"
        program.title = "Đã sửa, đọc lại từ Redis"
        program.save()
        response = viewer.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert "Đã sửa, đọc lại từ Redis" in response.content.decode()
    finally:
        client = cache._cache.get_client(write=True)
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)
