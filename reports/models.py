"""Report jobs: one request to render a PDF review report, from the click to the stored file.

The job's state lives in this row, not in a Celery result backend: the service creates it and
enqueues the task after commit, the task claims the row with ``select_for_update`` and writes
progress, the file, its size and checksum, or a readable error (docs/reports.md).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import fold

SUBJECT_MATCHES_KIND = _("A program report needs a program, a directive report a directive.")
PROGRESS_RANGE = _("Progress is a percentage from 0 to 100.")


class ReportKind(models.TextChoices):
    """What report to render; the values are also the ``render_report --kind`` names."""

    PROGRAM_FINAL_REVIEW = "program-final-review", _("Program final review report")
    PROGRAM_INTERIM_REVIEW = "program-interim-review", _("Program interim review report")
    DIRECTIVE_IMPLEMENTATION = "directive-implementation", _("Directive implementation report")

    @classmethod
    def for_program(cls) -> list["ReportKind"]:
        return [cls.PROGRAM_FINAL_REVIEW, cls.PROGRAM_INTERIM_REVIEW]

    @classmethod
    def for_directive(cls) -> list["ReportKind"]:
        return [cls.DIRECTIVE_IMPLEMENTATION]


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


#: Statuses of a job that is still to finish: one such job per identical request.
PENDING_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class ReportJobQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status__in=PENDING_STATUSES)

    def stale(self, now: datetime.datetime | None = None):
        """Jobs marked running for longer than the task's hard time limit (plus a minute of
        grace): their worker is gone, since Celery would have killed the task by then."""
        now = now or timezone.now()
        limit = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
        return self.filter(status=JobStatus.RUNNING, started_at__lt=now - limit)

    def silent(self, now: datetime.datetime | None = None):
        """Running jobs whose worker has given no heartbeat for ``REPORT_JOB_STALE_SECONDS``:
        the worker was killed or lost its host (a live render beats every
        ``REPORT_JOB_HEARTBEAT_SECONDS``)."""
        now = now or timezone.now()
        limit = datetime.timedelta(seconds=settings.REPORT_JOB_STALE_SECONDS)
        return self.filter(status=JobStatus.RUNNING, heartbeat_at__lt=now - limit)

    def unsent(self):
        """Queued jobs the broker never took (it was down when they were asked for): no task
        id yet. The sweep sends them once the broker answers again."""
        return self.filter(status=JobStatus.QUEUED, task_id="")

    def with_related(self):
        return self.select_related("program", "directive", "requested_by")


def report_upload_to(job: "ReportJob", filename: str) -> str:
    return f"reports/{timezone.now():%Y/%m}/{filename}"


class ReportJob(models.Model):
    """A request to render one PDF review report (báo cáo sơ kết, tổng kết) for a program or a
    directive: who asked, with which parameters, where the job stands and the file it made."""

    kind = models.CharField(_("report"), max_length=32, choices=ReportKind.choices)
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_jobs",
    )
    directive = models.ForeignKey(
        "directives.Directive",
        verbose_name=_("directive"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_jobs",
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    request_key = models.CharField(
        _("request key"),
        max_length=64,
        editable=False,
        help_text=_("Fingerprint of kind, subject and parameters: identical requests share it."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_jobs",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    file = models.FileField(_("file"), upload_to=report_upload_to, blank=True, max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    checksum = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    fingerprint = models.CharField(_("SHA-256 of the data shown"), max_length=64, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last heartbeat"),
        null=True,
        blank=True,
        help_text=_("Written every few seconds by the worker while it renders."),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at", "-pk"]
        permissions = [("export_report", _("Can export review reports"))]
        constraints = [
            models.UniqueConstraint(
                fields=["request_key"],
                condition=Q(status__in=["queued", "running"]),
                name="%(app_label)s_%(class)s_one_pending_per_request",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="%(app_label)s_%(class)s_progress_range",
                violation_error_message=PROGRESS_RANGE,
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind__in=["program-final-review", "program-interim-review"],
                        program__isnull=False,
                        directive__isnull=True,
                    )
                    | Q(
                        kind="directive-implementation",
                        directive__isnull=False,
                        program__isnull=True,
                    )
                ),
                name="%(app_label)s_%(class)s_subject_matches_kind",
                violation_error_message=SUBJECT_MATCHES_KIND,
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("created_at")),
                name="%(app_label)s_%(class)s_finished_after_created",
            ),
        ]
        indexes = [models.Index(fields=["status", "started_at"], name="reportjob_status_started")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("reports:reportjob_detail", args=[self.pk])

    @property
    def subject(self):
        """The program or directive the report is about."""
        return self.program if self.program_id else self.directive

    @property
    def as_of(self) -> datetime.date | None:
        """The day the report counts overdue tasks on (its ``as_of`` parameter)."""
        value = (self.parameters or {}).get("as_of")
        try:
            return datetime.date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            return None

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES

    @property
    def duration(self) -> datetime.timedelta | None:
        """How long the last run took (or has been running)."""
        if not self.started_at:
            return None
        return (self.finished_at or timezone.now()) - self.started_at

    @property
    def download_name(self) -> str:
        """A file name that says what the report is: "bao-cao-program-final-review-90-CTr.pdf"."""
        subject = self.subject
        label = getattr(subject, "identifier", "") or str(self.pk)
        safe = "".join(ch if ch.isalnum() else "-" for ch in fold(label)).strip("-")
        return f"bao-cao-{self.kind}-{safe}-{self.pk}.pdf"
