"""The Celery application.

Configured from Django settings under the ``CELERY_`` namespace (see ``config/settings/base.py``).
Without ``REDIS_URL`` the settings switch tasks to run in-process (``task_always_eager``), which is
the embedded default that ``make run`` uses; with it, a real worker consumes the queue and a beat
process sends the periodic tasks.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("phoihop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def schedule_periodic_tasks(sender: Celery, **kwargs) -> None:
    """The beat schedule: the daily digests (``DIGEST_TIME``) and the report-job sweep (jobs
    of a dead worker fail within ``REPORT_JOB_STALE_SECONDS`` + ``REPORT_JOB_SWEEP_SECONDS``;
    jobs refused by a broker that was down are sent). Run one beat process beside the workers
    (``make run`` does; docs/deployment.md). A sweep not picked up before the next one is due
    expires."""
    from django.conf import settings

    every = settings.REPORT_JOB_SWEEP_SECONDS
    sender.add_periodic_task(
        every,
        sender.signature("reports.sweep_report_jobs", options={"expires": every}),
        name="reports: sweep report jobs",
    )
    # The daily digest e-mails at DIGEST_TIME (TIME_ZONE). Each account gets at most one a
    # day (work.services.digest_send), so a second beat process only sends a task that finds
    # everything sent.
    hour, minute = settings.DIGEST_TIME.split(":")
    sender.add_periodic_task(
        crontab(hour=int(hour), minute=int(minute)),
        sender.signature("work.send_digests", options={"expires": 12 * 3600}),
        name="work: daily digests",
    )
