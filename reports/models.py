"""Report jobs: one request to render a PDF review report, from the click to the stored file.

The job's state lives in this row, not in a Celery result backend: the service creates it and
enqueues the task after commit, the task claims the row with ``select_for_update`` and writes
progress, the file, its size and checksum, or a readable error (docs/reports.md).
"""

import datetime
import re

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.links import pk_url
from core.models import NormalizedModel, VersionedModel, ordered_pair_constraint

SUBJECT_MATCHES_KIND = _("A program report needs a program, a directive report a directive.")


def subject_matches_kind_constraint() -> models.CheckConstraint:
    """A program report (job or record) is about a program, a directive report about a
    directive: one check for both models."""
    return models.CheckConstraint(
        condition=(
            Q(
                kind__in=["program-final-review", "program-interim-review"],
                program__isnull=False,
                directive__isnull=True,
            )
            | Q(kind="directive-implementation", directive__isnull=False, program__isnull=True)
        ),
        name="%(app_label)s_%(class)s_subject_matches_kind",
        violation_error_message=SUBJECT_MATCHES_KIND,
    )


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


#: The kind as a file name says it.
KIND_SLUG = {
    ReportKind.PROGRAM_FINAL_REVIEW: "tong-ket",
    ReportKind.PROGRAM_INTERIM_REVIEW: "so-ket",
    ReportKind.DIRECTIVE_IMPLEMENTATION: "ket-qua-thuc-hien",
}


def ascii_slug(value: str, *, keep_case: bool = True, words: int = 0) -> str:
    """ "90-CTr/BDVTW-BCSĐBNG" → "90-CTr-BDVTW-BCSDBNG": no diacritics (Đ → D), case kept,
    anything else a single hyphen; ``words`` keeps only the first words."""
    import unicodedata

    text = (value or "").replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    if not keep_case:
        text = text.lower()
    parts = [part for part in re.split(r"[^A-Za-z0-9]+", text) if part]
    if words:
        parts = parts[:words]
    return "-".join(parts)


def report_file_name(*, kind: str, subject, day: str) -> str:
    """The PDF's file name: kind, the subject's identifier (or the first words of its title
    when it has none) and the day, ASCII only."""
    label = getattr(subject, "identifier", "") or ""
    slug = ascii_slug(label) if label else ascii_slug(getattr(subject, "title", ""), words=8)
    kind_slug = KIND_SLUG.get(kind, ascii_slug(kind))
    return f"bao-cao-{kind_slug}-{slug or 'bao-cao'}-{day}.pdf"


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
        # A report in parts may take longer than one task in all: while its parts beat, it runs.
        beating = Q(parts_total__isnull=False, heartbeat_at__gte=now - limit)
        return self.filter(status=JobStatus.RUNNING, started_at__lt=now - limit).exclude(beating)

    def silent(self, now: datetime.datetime | None = None):
        """Running jobs whose worker has given no heartbeat for ``REPORT_JOB_STALE_SECONDS``:
        the worker was killed or lost its host (a live render beats every
        ``REPORT_JOB_HEARTBEAT_SECONDS``)."""
        now = now or timezone.now()
        limit = datetime.timedelta(seconds=settings.REPORT_JOB_STALE_SECONDS)
        # A report in parts has parts waiting in the queue for a free worker, and nothing beats
        # while they wait: it is given up after the hard time limit of silence instead.
        waiting = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
        return self.filter(status=JobStatus.RUNNING).filter(
            Q(parts_total__isnull=True, heartbeat_at__lt=now - limit)
            | Q(parts_total__isnull=False, heartbeat_at__lt=now - waiting)
        )

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
    review_report = models.ForeignKey(
        "reports.ReviewReport",
        verbose_name=_("review report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        help_text=_("The report record this job renders (its version is in the parameters)."),
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
    parts_total = models.PositiveSmallIntegerField(
        _("parts"),
        null=True,
        blank=True,
        help_text=_("How many parts the report is laid out in by the workers (empty: one piece)."),
    )
    parts_done = models.PositiveSmallIntegerField(_("parts done"), default=0)
    peak_memory_kb = models.PositiveIntegerField(
        _("peak memory (KB)"),
        null=True,
        blank=True,
        help_text=_("The largest peak resident memory of a worker process that worked on it."),
    )

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
            subject_matches_kind_constraint(),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("created_at")),
                name="%(app_label)s_%(class)s_finished_after_created",
            ),
        ]
        indexes = [models.Index(fields=["status", "started_at"], name="reportjob_status_started")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.subject}"

    def get_absolute_url(self) -> str:
        return pk_url("reports:reportjob_detail", self.pk)

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
        """A file name a person can read: "bao-cao-tong-ket-90-CTr-BDVTW-BCSDBNG-2021-11-26.pdf"
        (kind, subject, the report date or else the as-of day)."""
        params = self.parameters or {}
        day = params.get("report_date") or params.get("as_of") or f"{self.created_at:%Y-%m-%d}"
        return report_file_name(kind=self.kind, subject=self.subject, day=day)


# -- Review reports: the document itself ---------------------------------------------------

FINAL_NEEDS_DATE = _("A final report needs its report date.")
DRAFT_HAS_NO_NUMBER = _("A draft has no number: the registry gives it when the report is signed.")
AS_OF_AFTER_REPORT = _("The data cannot be counted after the day the report is dated.")
PERIOD_YEARS_RANGE = _("The period in the title is from 1 to 50 years.")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class DocumentForm(models.TextChoices):
    """Which rulebook the report's layout follows: Hướng dẫn 36-HD/VPTW for party bodies,
    Nghị định 30/2020/NĐ-CP for state bodies and mass organisations (docs/reports.md)."""

    PARTY = "party", _("Party form (Hướng dẫn 36-HD/VPTW)")
    STATE = "state", _("State form (Nghị định 30/2020/NĐ-CP)")


class ReviewReportQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("program", "directive", "approved_at")

    def about(self, subject):
        """Reports about ``subject`` (a program or a directive)."""
        from programs.models import Program

        if isinstance(subject, Program):
            return self.filter(program=subject)
        return self.filter(directive=subject)


class ReviewReport(NormalizedModel, VersionedModel):
    """A review report as a document (báo cáo sơ kết, tổng kết; báo cáo kết quả thực hiện một
    văn bản chỉ đạo): who issues it, in which form, where and when it is dated, its number once
    signed, who signs for each issuing body, who receives it, and the narrative sections people
    write. The figures are not stored: they are read from the records as of ``as_of`` when the
    PDF is rendered (reports.rendering.review)."""

    kind = models.CharField(_("kind"), max_length=32, choices=ReportKind.choices)
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_reports",
    )
    directive = models.ForeignKey(
        "directives.Directive",
        verbose_name=_("directive"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_reports",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    reviewed_from = models.PositiveSmallIntegerField(
        _("reviews from (year)"), null=True, blank=True
    )
    reviewed_to = models.PositiveSmallIntegerField(_("reviews to (year)"), null=True, blank=True)
    period_years = models.PositiveSmallIntegerField(
        _("years in the title"),
        null=True,
        blank=True,
        help_text=_('"Tổng kết 5 năm": proposed from the record; correct it when needed.'),
    )
    subject_line = models.CharField(
        _("subject line (trích yếu)"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty to compose it from the kind, the years and the subject."),
    )
    as_of = models.DateField(
        _("data as of"), help_text=_("The figures count nothing dated after this day.")
    )
    form = models.CharField(
        _("document form"), max_length=8, choices=DocumentForm.choices, default=DocumentForm.STATE
    )
    place = models.CharField(
        _("place (địa danh)"), max_length=64, blank=True, help_text=_("Where the report is dated.")
    )
    report_date = models.DateField(_("report date"), null=True, blank=True)
    number = models.CharField(
        _("number"), max_length=16, blank=True, help_text=_("Given by the registry when signed.")
    )
    symbol = models.CharField(
        _("symbol"), max_length=64, blank=True, help_text=_("e.g. BC/BDVTW-BCSĐBNG or BC-BNG.")
    )
    recipients = models.TextField(
        _("recipients (Nơi nhận)"), blank=True, help_text=_("One recipient a line.")
    )
    opening = models.TextField(
        _("opening"), blank=True, help_text=_("Leave empty for the standard opening.")
    )
    organisation = models.TextField(_("I. Organisation of implementation"), blank=True)
    results = models.TextField(_("II. Results: overview"), blank=True)
    strengths = models.TextField(_("III.1. Strengths"), blank=True)
    shortcomings = models.TextField(_("III.2. Shortcomings and limitations"), blank=True)
    causes = models.TextField(_("III.3. Causes"), blank=True)
    lessons = models.TextField(_("III.4. Lessons learned"), blank=True)
    directions = models.TextField(_("IV. Directions and tasks for the next period"), blank=True)
    recommendations = models.TextField(_("V. Recommendations and proposals"), blank=True)
    approved_at = models.ForeignKey(
        "programs.ReviewMeeting",
        verbose_name=_("approved at meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_reports",
    )
    notes = models.TextField(_("internal notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finalized_at = models.DateTimeField(_("marked final at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ReviewReportQuerySet.as_manager()

    #: The narrative sections in the order the report prints them.
    NARRATIVE = (
        "organisation",
        "results",
        "strengths",
        "shortcomings",
        "causes",
        "lessons",
        "directions",
        "recommendations",
    )

    class Meta:
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")
        ordering = ["-as_of", "-pk"]
        permissions = [("finalize_reviewreport", _("Can mark review reports final"))]
        constraints = [
            subject_matches_kind_constraint(),
            models.CheckConstraint(
                condition=Q(status="draft", number="") | Q(status="final"),
                name="%(app_label)s_%(class)s_draft_has_no_number",
                violation_error_message=DRAFT_HAS_NO_NUMBER,
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(report_date__isnull=False),
                name="%(app_label)s_%(class)s_final_has_date",
                violation_error_message=FINAL_NEEDS_DATE,
            ),
            models.CheckConstraint(
                condition=Q(report_date__isnull=True) | Q(as_of__lte=F("report_date")),
                name="%(app_label)s_%(class)s_as_of_not_after_date",
                violation_error_message=AS_OF_AFTER_REPORT,
            ),
            models.CheckConstraint(
                condition=Q(period_years__isnull=True)
                | (Q(period_years__gte=1) & Q(period_years__lte=50)),
                name="%(app_label)s_%(class)s_period_years_range",
                violation_error_message=PERIOD_YEARS_RANGE,
            ),
            ordered_pair_constraint(
                "reviewed_from",
                "reviewed_to",
                name="%(app_label)s_%(class)s_years_ordered",
                message=_("The reviewed span cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        subject = self.subject
        label = getattr(subject, "identifier", "") or getattr(subject, "title", "")
        return f"{self.get_kind_display()} – {label} ({self.as_of:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return pk_url("reports:reviewreport_detail", self.pk)

    @property
    def subject(self):
        return self.program if self.program_id else self.directive

    @property
    def is_final(self) -> bool:
        return self.status == ReviewStatus.FINAL

    def issuer_rows(self) -> list["ReviewReportIssuer"]:
        return list(self.issuers.all())


class ReviewReportIssuer(NormalizedModel):
    """An issuing body of a review report with its signature block (one per body: a joint
    report of two bodies carries two blocks side by side): the authority line ("TM.", "KT.";
    party documents "T/M", "K/T"), the signer's title and full name."""

    report = models.ForeignKey(
        ReviewReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="issuers"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("issuing body"),
        on_delete=models.PROTECT,
        related_name="review_reports_issued",
    )
    authority = models.CharField(
        _("authority line"),
        max_length=255,
        blank=True,
        help_text=_('e.g. "T/M BAN CÁN SỰ ĐẢNG", "KT. BỘ TRƯỞNG"; empty when the head signs.'),
    )
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    signer_name = models.CharField(_("signer's full name"), max_length=255, blank=True)
    signer = models.ForeignKey(
        "agencies.Official",
        verbose_name=_("signer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")
        ordering = ["report", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "agency"], name="%(app_label)s_%(class)s_unique_agency"
            )
        ]

    def __str__(self) -> str:
        return str(self.agency)


class ReviewReportPart(NormalizedModel):
    """One part of section II (results): the results of one content of cooperation."""

    report = models.ForeignKey(
        ReviewReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="parts"
    )
    heading = models.CharField(_("content of cooperation"), max_length=500)
    text = models.TextField(_("results"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("results part")
        verbose_name_plural = _("results parts")
        ordering = ["report", "order", "pk"]

    def __str__(self) -> str:
        return self.heading
