"""Sign-in hardening (issue 15): lockout after repeated wrong passwords per account and per
address (django-axes) with a clear message and an admin unlock; sessions that end when the
browser closes and after idle time; password validators."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.middleware import SESSION_RENEWED_AT
from core.roles import ADMIN, VIEWER
from tests.conftest import make_user

LOCKED = "Signing in is locked"


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def signed_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_an_account_is_locked_after_repeated_wrong_passwords_even_from_elsewhere():
    make_user("nguyenvana", VIEWER)
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "nguyenvana", f"wrong-{attempt}", f"10.0.0.{attempt + 1}")
        assert response.status_code in (200, 429)
    # The right password no longer works, from this address or another one.
    for address in ("10.0.0.1", "192.168.9.9"):
        response = sign_in(Client(), "nguyenvana", "pw", address)
        assert response.status_code == 429
        assert LOCKED in response.content.decode() or "khóa" in response.content.decode()
    assert not signed_in(client)


@pytest.mark.django_db
def test_an_address_is_locked_after_wrong_passwords_on_several_accounts():
    make_user("tranthib", VIEWER)
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess-{attempt}", "wrong", "10.9.9.9")
    assert sign_in(client, "tranthib", "pw", "10.9.9.9").status_code == 429
    # The same account from another address signs in.
    other = Client()
    assert sign_in(other, "tranthib", "pw", "10.1.1.1").status_code == 302
    assert signed_in(other)


@pytest.mark.django_db
def test_the_lockout_message_is_vietnamese_and_says_how_long():
    make_user("lethic", VIEWER)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = sign_in(client, "lethic", "wrong")
    assert response.status_code == 429
    text = response.content.decode()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert "Đăng nhập tạm bị khóa" in text and f"{minutes} phút" in text


@pytest.mark.django_db
def test_an_administrator_unlocks_an_account_in_the_admin():
    make_user("phamvand", VIEWER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), "phamvand", "wrong")
    assert sign_in(Client(), "phamvand", "pw").status_code == 429
    admin = Client()
    admin.force_login(make_user("quantri", ADMIN))
    attempts = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert attempts.status_code == 200 and "phamvand" in attempts.content.decode()
    response = admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [str(a.pk) for a in AccessAttempt.objects.all()],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    client = Client()
    assert sign_in(client, "phamvand", "pw").status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_a_right_password_before_the_limit_resets_the_count():
    make_user("hoangvane", VIEWER)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(Client(), "hoangvane", "wrong")
    assert sign_in(Client(), "hoangvane", "pw").status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(Client(), "hoangvane", "wrong")
    assert sign_in(Client(), "hoangvane", "pw").status_code == 302


@pytest.mark.django_db
def test_the_session_ends_with_the_browser_and_after_idle_time():
    make_user("vuthif", VIEWER)
    client = Client()
    assert sign_in(client, "vuthif", "pw").status_code == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    session = Session.objects.get(session_key=cookie.value)
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert session.expire_date <= timezone.now() + idle
    # Activity after half the idle time renews the idle deadline.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + idle / 3)
    stale = client.session
    stale[SESSION_RENEWED_AT] -= settings.SESSION_COOKIE_AGE
    stale.save()
    assert signed_in(client)
    assert Session.objects.get(pk=session.pk).expire_date > timezone.now() + idle * 0.9
    # Idle past the deadline: signed out.
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert not signed_in(client)


def test_sessions_are_short_by_default():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert "core.middleware.SessionIdleMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
def test_password_validators_refuse_a_weak_password_in_the_admin():
    admin = Client()
    admin.force_login(make_user("quantri2", ADMIN))
    response = admin.post(
        reverse("admin:auth_user_add"),
        {
            "username": "moi",
            "password1": "12345678",
            "password2": "12345678",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    from django.contrib.auth.models import User

    assert not User.objects.filter(username="moi").exists()
    assert len(settings.AUTH_PASSWORD_VALIDATORS) >= 4
