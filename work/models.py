"""What phoihop keeps per account about its own work: the records it follows, its settings
(digest on or off, the language mails are written in, the calendar feed's secret, when it last
looked at "my work") and the digests sent, one per account and day.

No history tables here (unlike the shared records): these rows are an account's own settings
and a send log, written on every visit or mail, and nobody else edits them.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

FOLLOW_ONE_RECORD = _("A follow is of one program or one directive.")


def new_calendar_token() -> str:
    """A secret for a calendar feed's address (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


class Preferences(models.Model):
    """An account's settings for its own work.

    ``language`` is the language of the account's mails: the language of its last visit to the
    home page or "my work" (the one chosen with the language switch), Vietnamese until then.
    ``seen_at`` is the start of the current visit, ``previous_seen_at`` the start of the one
    before: "what changed since my last visit" reads from the latter.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="work_preferences",
    )
    language = models.CharField(
        _("language of e-mails"), max_length=8, choices=settings.LANGUAGES, default="vi"
    )
    digest = models.BooleanField(_("daily digest by e-mail"), default=True)
    calendar_token = models.CharField(
        _("calendar feed secret"), max_length=64, null=True, blank=True, unique=True
    )
    seen_at = models.DateTimeField(_("current visit started"), null=True, blank=True)
    previous_seen_at = models.DateTimeField(_("previous visit started"), null=True, blank=True)

    class Meta:
        verbose_name = _("work preferences")
        verbose_name_plural = _("work preferences")

    def __str__(self) -> str:
        return str(self.user)


class Follow(models.Model):
    """An account following a program or a directive: its tasks, reviews and meetings come into
    the account's "my work", digest and calendar, whatever agency it belongs to."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
    )
    directive = models.ForeignKey(
        "directives.Directive",
        verbose_name=_("directive"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(program__isnull=True, directive__isnull=False)
                | Q(program__isnull=False, directive__isnull=True),
                name="%(app_label)s_%(class)s_one_record",
                violation_error_message=FOLLOW_ONE_RECORD,
            ),
            models.UniqueConstraint(
                fields=["user", "program"],
                condition=Q(program__isnull=False),
                name="%(app_label)s_%(class)s_unique_program",
            ),
            models.UniqueConstraint(
                fields=["user", "directive"],
                condition=Q(directive__isnull=False),
                name="%(app_label)s_%(class)s_unique_directive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.program or self.directive}"

    @property
    def record(self):
        return self.program or self.directive


class DigestMail(models.Model):
    """The daily digest of one account on one day. The row is claimed (inserted, unique per
    account and day) before the mail goes out and marked ``sent_at`` after, in the same
    transaction, so a second beat process or a retry never sends it twice
    (:func:`work.services.digest_send`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="digest_mails",
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    items = models.PositiveIntegerField(_("items"), default=0)

    class Meta:
        verbose_name = _("digest e-mail")
        verbose_name_plural = _("digest e-mails")
        ordering = ["-day", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day"], name="%(app_label)s_%(class)s_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.day:%d/%m/%Y}"
