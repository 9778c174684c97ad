"""The Celery application.

Configured from Django settings under the ``CELERY_`` namespace (see ``config/settings/base.py``).
Without ``REDIS_URL`` the settings switch tasks to run in-process (``task_always_eager``), which is
the embedded default that ``make run`` uses; with it, a real worker consumes the queue.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("phoihop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
