"""The daily digest task, sent by Celery beat at ``DIGEST_TIME`` (``config/celery.py``).

It takes the day (ISO text, JSON) so a retry sends the same day's digests; the service's
once-per-account-and-day claim makes a second beat process, a duplicate message or a retry
harmless: what was sent is not sent again.
"""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services


@shared_task(
    name="work.send_digests",
    acks_late=True,
    autoretry_for=(services.DigestFailures,),
    retry_backoff=60,
    retry_backoff_max=1800,
    max_retries=5,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def send_digests(day: str | None = None) -> dict:
    """Send the digests of ``day`` (YYYY-MM-DD; today when beat sends it without one)."""
    on = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return services.digests_send(day=on)
