"""Writes of the work app: follows, an account's preferences and visits, the calendar feed's
secret, unsubscribing, and sending the daily digest exactly once per account and day."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import DigestMail, Follow, Preferences, new_calendar_token
from .selectors import scope_for, work_for

logger = logging.getLogger(__name__)

#: A gap this long between two requests to "my work" starts a new visit.
VISIT_GAP = datetime.timedelta(minutes=30)
UNSUBSCRIBE_SALT = "work.unsubscribe"


def preferences_for(user) -> Preferences:
    """``user``'s preferences, created with the defaults on first use."""
    preferences, _created = Preferences.objects.get_or_create(user=user)
    return preferences


def follow_set(*, user, record, following: bool) -> bool:
    """Follow (``following``) or stop following ``record`` (a program or a directive); return
    whether ``user`` follows it afterwards. Following twice is one follow."""
    field = record._meta.model_name  # "program" or "directive"
    if field not in ("program", "directive"):
        raise ValueError(f"cannot follow a {field}")
    with transaction.atomic():
        rows = Follow.objects.filter(user=user, **{field: record})
        if not following:
            rows.delete()
            return False
        if not rows.exists():
            follow = Follow(user=user, **{field: record})
            follow.full_clean()
            try:
                with transaction.atomic():
                    follow.save()
            except IntegrityError:  # the same click twice at once: one follow is kept
                pass
    return True


def visit_record(*, user, language: str, now: datetime.datetime | None = None) -> Preferences:
    """Note a look at "my work" (or the home page): a new visit when the last one is older
    than :data:`VISIT_GAP` (its start becomes ``previous_seen_at``, what "changed since my
    last visit" counts from), and the language the account now uses (that of its mails)."""
    now = now or timezone.now()
    preferences = preferences_for(user)
    changed = []
    if preferences.seen_at is None or now - preferences.seen_at > VISIT_GAP:
        preferences.previous_seen_at = preferences.seen_at
        changed.append("previous_seen_at")
    preferences.seen_at = now
    changed.append("seen_at")
    codes = dict(settings.LANGUAGES)
    if language in codes and language != preferences.language:
        preferences.language = language
        changed.append("language")
    preferences.save(update_fields=changed)
    return preferences


def calendar_token_renew(*, user) -> str:
    """Give ``user``'s calendar feed a new secret address (the old one stops working)."""
    preferences = preferences_for(user)
    preferences.calendar_token = new_calendar_token()
    preferences.save(update_fields=["calendar_token"])
    return preferences.calendar_token


def calendar_token_revoke(*, user) -> None:
    """Close ``user``'s calendar feed: its address answers 404 from now on."""
    Preferences.objects.filter(user=user).update(calendar_token=None)


def digest_set(*, user, enabled: bool) -> None:
    """Turn ``user``'s daily digest on or off."""
    preferences = preferences_for(user)
    preferences.digest = enabled
    preferences.save(update_fields=["digest"])


def unsubscribe_token(user) -> str:
    """The signed token of ``user``'s unsubscribe link (valid until the secret key changes)."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(user.pk))


def user_for_unsubscribe_token(token: str):
    """The account an unsubscribe token was signed for, or ``None`` for a bad token."""
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def digest_recipients():
    """Active accounts with an e-mail address whose digest is not turned off."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(work_preferences__digest=False)
        .order_by("pk")
    )


def digest_message(user, *, day: datetime.date) -> EmailMultiAlternatives | None:
    """``user``'s digest for ``day`` in the account's language (plain text and HTML, with an
    unsubscribe link and ``List-Unsubscribe``), or ``None`` when there is nothing to say."""
    scope = scope_for(user)
    work = work_for(scope, today=day, days=settings.DIGEST_AHEAD_DAYS, stale=False)
    if not work.coming_count:
        return None
    language = (
        Preferences.objects.filter(user=user).values_list("language", flat=True).first() or "vi"
    )
    unsubscribe = settings.SITE_URL + reverse("work:unsubscribe", args=[unsubscribe_token(user)])
    context = {
        "user": user,
        "work": work,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe,
        "my_work_url": settings.SITE_URL + reverse("work:my_work"),
    }
    with translation.override(language):
        subject = render_to_string("work/mail/digest_subject.txt", context).strip()
        text = render_to_string("work/mail/digest.txt", context)
        html = render_to_string("work/mail/digest.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    message.items = work.coming_count
    return message


def digest_send(*, user, day: datetime.date) -> str:
    """Send ``user``'s digest of ``day`` unless it was sent already; return "sent", "empty"
    (nothing to say: no mail), or "already" (sent, or being sent by another process).

    Once only: the (account, day) row is inserted (unique) and locked before the mail is
    built, and marked sent in the same transaction after the SMTP server accepted it. A
    second process waits on the row or skips it, then sees it sent; a send that fails rolls
    the claim back, so a retry sends it (the mail was not accepted). A crash between the
    server's acceptance and the commit is the one case that could send twice.
    """
    with transaction.atomic():
        claim = _claim(user, day)
        if claim is None:
            return "already"
        message = digest_message(user, day=day)
        if message is None:
            claim.delete()  # nothing to keep: no row per account and empty day
            return "empty"
        message.send()
        claim.sent_at = timezone.now()
        claim.items = message.items
        claim.save(update_fields=["sent_at", "items"])
    return "sent"


def _claim(user, day: datetime.date) -> DigestMail | None:
    """The locked, unsent digest row of (user, day), inserted when missing; ``None`` when it
    is sent or another process holds it."""
    try:
        with transaction.atomic():
            DigestMail.objects.get_or_create(user=user, day=day)
    except IntegrityError:
        pass  # inserted meanwhile by another process: look at it below
    return (
        DigestMail.objects.select_for_update(skip_locked=True)
        .filter(user=user, day=day, sent_at__isnull=True)
        .first()
    )


class DigestFailures(Exception):
    """Some digests could not be sent (the task retries; the sent ones are not sent again)."""


def digests_send(*, day: datetime.date | None = None) -> dict[str, int]:
    """Send every recipient's digest of ``day`` (today by default); return the count of each
    outcome. A failure for one account does not stop the others; it is raised at the end."""
    day = day or timezone.localdate()
    counts = {"sent": 0, "empty": 0, "already": 0, "failed": 0}
    for user in digest_recipients():
        try:
            counts[digest_send(user=user, day=day)] += 1
        except Exception:
            logger.exception("digest of %s for %s not sent", user.pk, day)
            counts["failed"] += 1
    if counts["failed"]:
        raise DigestFailures(counts)
    return counts
