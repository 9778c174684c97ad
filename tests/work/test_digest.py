"""The daily digest: what it says, in whose language, never empty, with an unsubscribe link,
sent through a real SMTP server on localhost (aiosmtpd) once per account and day, also with
two runs at once (PostgreSQL) and two Celery beats (a real worker on Redis)."""

import datetime
import os
import threading
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.needs import needs, on_sqlite, redis_missing
from tests.work.conftest import TODAY
from tests.work.smtp import start_smtp
from work import services
from work.models import DigestMail, Preferences
from work.tasks import send_digests

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def smtp(settings):
    """A running SMTP server; Django's default mailer sends to it."""
    controller, inbox = start_smtp()
    settings.MAILERS = {
        "default": {
            "BACKEND": SMTP_BACKEND,
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    settings.SITE_URL = "https://phoihop.example.gov.vn"
    yield inbox
    controller.stop()


def test_the_digest_says_what_is_due_overdue_and_coming(smtp, users, world):
    outcome = services.digest_send(user=users["staff"], day=TODAY)
    assert outcome == "sent"
    [message] = smtp.to("staff@x.vn")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (text, html):
        assert "Việc của Vụ A1" in body  # due in 5 days (digest: 7)
        assert "Việc quá hạn" in body  # overdue
        assert "Hội nghị của Ban A" in body  # meeting in 6 days
        assert "Việc còn xa" not in body  # due in 60 days
        assert "Việc của Bộ B" not in body  # another agency's
    unsubscribe = reverse("work:unsubscribe", args=[services.unsubscribe_token(users["staff"])])
    assert message["List-Unsubscribe"] == f"<https://phoihop.example.gov.vn{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"https://phoihop.example.gov.vn{unsubscribe}" in text
    assert DigestMail.objects.get(user=users["staff"], day=TODAY).sent_at is not None


def test_the_digest_is_in_the_account_s_language(smtp, users, world):
    from tests.work.conftest import set_agency

    set_agency(users["manager"], world["ban"])
    Preferences.objects.create(user=users["manager"], language="en")
    services.digest_send(user=users["staff"], day=TODAY)  # no preferences yet: Vietnamese
    services.digest_send(user=users["manager"], day=TODAY)
    [vietnamese] = smtp.to("staff@x.vn")
    [english] = smtp.to("manager@x.vn")
    assert "items in your work" in english["Subject"]
    assert "Overdue tasks" in english.get_body(("plain",)).get_content()
    assert "items in your work" not in vietnamese["Subject"]
    assert "Nhiệm vụ quá hạn" in vietnamese.get_body(("plain",)).get_content()


def test_never_an_empty_mail(smtp, users, world):
    assert services.digest_send(user=users["viewer"], day=TODAY) == "empty"  # no agency
    assert smtp.messages == []
    assert not DigestMail.objects.exists()


def test_a_second_run_or_a_retry_sends_nothing_more(smtp, users, world):
    first = send_digests.apply(kwargs={"day": TODAY.isoformat()}).get()
    second = send_digests.apply(kwargs={"day": TODAY.isoformat()}).get()
    assert first["sent"] == 1 and second["sent"] == 0
    assert second["already"] == 1
    assert len(smtp.to("staff@x.vn")) == 1
    # The next day is another digest.
    send_digests.apply(kwargs={"day": (TODAY + datetime.timedelta(days=1)).isoformat()}).get()
    assert len(smtp.to("staff@x.vn")) == 2


def test_a_refused_send_is_sent_by_the_retry_and_only_then(smtp, users, world):
    smtp.refuse = True
    with pytest.raises(services.DigestFailures):
        services.digests_send(day=TODAY)
    assert smtp.messages == []
    assert not DigestMail.objects.filter(sent_at__isnull=False).exists()
    smtp.refuse = False
    assert services.digests_send(day=TODAY)["sent"] == 1
    assert services.digests_send(day=TODAY)["sent"] == 0
    assert len(smtp.to("staff@x.vn")) == 1


def test_unsubscribed_accounts_and_accounts_without_address_get_nothing(smtp, users, world):
    services.digest_set(user=users["staff"], enabled=False)
    assert services.digests_send(day=TODAY)["sent"] == 0
    services.digest_set(user=users["staff"], enabled=True)
    users["staff"].email = ""
    users["staff"].save()
    assert services.digests_send(day=TODAY)["sent"] == 0
    assert smtp.messages == []


def test_the_beat_schedule_sends_the_digest_daily(settings):
    from celery.schedules import crontab

    from config.celery import app

    entry = app.conf.beat_schedule["work: daily digests"]
    assert entry["task"] == "work.send_digests"
    hour, minute = settings.DIGEST_TIME.split(":")
    assert entry["schedule"] == crontab(hour=int(hour), minute=int(minute))


needs_postgres = needs(
    "PostgreSQL",
    "two runs at once need PostgreSQL's row locks" if on_sqlite() else None,
    deliberate=True,
)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_mail_once(smtp, users, world):
    from tests.work.conftest import set_agency

    for role in ("manager", "admin"):
        set_agency(users[role], world["ban"])
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            outcomes.append(services.digests_send(day=TODAY))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(outcome["sent"] for outcome in outcomes) == 3
    assert sorted(m["To"] for m in smtp.messages) == ["admin@x.vn", "manager@x.vn", "staff@x.vn"]


REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.mark.worker
@needs("Redis", redis_missing(REDIS_URL), deliberate=on_sqlite())
@pytest.mark.django_db(transaction=True)
def test_two_beats_send_each_digest_once(users, world):
    """Two worker processes, each with its own embedded Celery beat, both due to send the
    digests at the next minute: every account gets one mail."""
    from tests.reports.test_worker import start_worker_process

    controller, inbox = start_smtp()
    now = timezone.localtime()
    at = now + datetime.timedelta(minutes=1 if now.second < 40 else 2)
    env = {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(controller.port),
        "DIGEST_TIME": f"{at:%H:%M}",
    }
    workers = [start_worker_process(beat=True, **env) for _ in range(2)]
    try:
        deadline = time.monotonic() + 200
        while time.monotonic() < deadline and not (
            inbox.messages and DigestMail.objects.filter(sent_at__isnull=False).exists()
        ):
            time.sleep(1)
        time.sleep(10)  # both beats fired at the same minute: let the second task finish
    finally:
        for worker in workers:
            os.killpg(worker.pid, 15)
        for worker in workers:
            worker.wait(30)
        controller.stop()
    assert [m["To"] for m in inbox.messages] == ["staff@x.vn"]
    assert DigestMail.objects.get().user == users["staff"]  # the others had nothing to say
