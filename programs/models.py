"""Coordination programs (chương trình phối hợp) and what hangs off them.

A program is signed by two or more parties (:class:`Signatory`), is based on directives, can
succeed an earlier program (02-CTr follows 90-CTr), and carries tasks whose progress is recorded
in updates. Review meetings (sơ kết, tổng kết, working sessions, signings) review programs and
directives and can see a successor program signed.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.links import pk_url
from core.models import (
    ArchivableModel,
    ArchivableQuerySet,
    IdentifiedModel,
    IdentifiedQuerySet,
    NormalizedModel,
    VersionedModel,
    initials_key_field,
    ordered_pair_constraint,
    search_key_field,
    warn_unless_confirmed,
)
from core.periods import within, within_q

PERIOD_ORDERED = _("The period cannot end before it starts.")
PROGRESS_RANGE = _("Progress is a percentage from 0 to 100.")
DONE_IS_COMPLETE = _("A task marked done must have its progress at 100.")
PROGRAM_DUPLICATE = _("A program with this identifier and signing date already exists.")
PROGRAM_DUPLICATE_UNDATED = _(
    "An undated program with this identifier already exists: give the signing date."
)
PROGRAM_OWN_PREDECESSOR = _("A program cannot succeed itself.")
SIGNATORY_DUPLICATE = _("This agency is already a signing party of the program.")
TOO_FEW_PARTIES = _("A program is signed by at least two parties.")
CONNECTIONS_NEED_ONLINE = _("Connection points are only counted for online or hybrid meetings.")
YEARS_ORDERED = _("The reviewed span cannot end before it starts.")
#: The years a period or a reviewed span may name: a program's dates are computed from them
#: (``datetime.date`` stops at 9999), so a typing slip is refused here, on every path that
#: saves (forms, admin, API, imports), rather than failing later.
FIRST_YEAR, LAST_YEAR = 1945, 2100
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
PARTY_NOT_IN_FORCE = _(
    "%(agency)s did not exist on the signing date %(date)s (in force %(period)s). Confirm to "
    "record it anyway, under the name it had then."
)
SIGNER_WITHOUT_POSITION = _(
    "%(official)s held no position at %(agency)s on the signing date %(date)s. Confirm to "
    "record this signer anyway."
)
UPDATE_IN_FUTURE = _("A progress update cannot be dated in the future.")
UPDATE_BEFORE_PROGRAM = _(
    "A progress update cannot be dated before the program starts (%(start)s)."
)
DECREASE_NEEDS_NOTE = _(
    "Progress goes down from %(previous)s%% to %(progress)s%%: say why in the note."
)
UPDATE_REPEATED = _("This task already has an update with this date and progress.")
REVIEWS_ORDERED = _("The final review cannot come before the interim review.")
WEIGHT_POSITIVE = _("A task's weight is a whole number from 1 up.")


class ProgramKind(models.TextChoices):
    COORDINATION = "coordination", _("Coordination program")
    JOINT_ACTION = "joint_action", _("Joint action program")
    COOPERATION_AGREEMENT = "cooperation_agreement", _("Cooperation agreement")


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("In preparation")
    IN_FORCE = "in_force", _("In force")
    COMPLETED = "completed", _("Ended")
    TERMINATED = "terminated", _("Terminated")


def period_status(
    *,
    signed_on: datetime.date | None,
    period_start: int | None,
    period_end: int | None,
    on: datetime.date,
) -> str:
    """The status a program's dates give it on ``on`` (docs/progress.md, "Status follows the
    period"): in preparation before it starts (its signing day, else 1 January of its first
    year), ended after 31 December of its last year, in force in between. An unknown end is
    open."""
    if (signed_on and on < signed_on) or (
        not signed_on and period_start and on.year < period_start
    ):
        return ProgramStatus.DRAFT
    if period_end and on.year > period_end:
        return ProgramStatus.COMPLETED
    return ProgramStatus.IN_FORCE


def _period_q(status: str, on: datetime.date) -> Q:
    """The programs whose dates give them ``status`` on ``on`` (:func:`period_status` as a
    query)."""
    before = Q(signed_on__gt=on) | Q(signed_on__isnull=True, period_start__gt=on.year)
    after = Q(period_end__lt=on.year)
    if status == ProgramStatus.DRAFT:
        return before
    if status == ProgramStatus.COMPLETED:
        return ~before & after
    if status == ProgramStatus.IN_FORCE:
        return ~before & ~after
    return Q(pk__in=[])


class ProgramQuerySet(ArchivableQuerySet, IdentifiedQuerySet):
    def with_status(self, status: str, on: datetime.date | None = None):
        """Programs whose current status (:attr:`Program.current_status`) on ``on`` (today by
        default) is ``status``: set by hand to it, or given it by their dates."""
        on = on or datetime.date.today()
        return self.filter(
            Q(status_set_by_hand=True, status=status)
            | (Q(status_set_by_hand=False) & _period_q(status, on))
        )

    def with_current_status(self, on: datetime.date | None = None):
        """Annotate ``status_today``, the status on ``on`` (today by default), for sorting."""
        on = on or datetime.date.today()
        return self.annotate(
            status_today=models.Case(
                models.When(status_set_by_hand=True, then=F("status")),
                *(
                    models.When(_period_q(value, on), then=models.Value(value))
                    for value in (ProgramStatus.DRAFT, ProgramStatus.COMPLETED)
                ),
                default=models.Value(ProgramStatus.IN_FORCE),
                output_field=models.CharField(),
            )
        )

    def in_force(self, on: datetime.date | None = None):
        """Programs being carried out on ``on`` (today by default): in force by their dates
        (signed by then, ``on``'s year inside the period), or set in force by hand."""
        return self.with_status(ProgramStatus.IN_FORCE, on)

    def overlapping(self, year: int):
        """Programs whose period includes ``year``."""
        return self.filter(within_q("period_start", "period_end", year))

    def ending_within(self, days: int, today: datetime.date | None = None):
        """Programs in force whose period ends within ``days`` from ``today``."""
        today = today or datetime.date.today()
        last_year = (today + datetime.timedelta(days=days)).year
        return self.in_force(today).filter(period_end__lte=last_year)


class Program(IdentifiedModel, VersionedModel, ArchivableModel):
    """A coordination program, joint action program or cooperation agreement between two or
    more agencies, for a period of years: 90-CTr/BDVTW-BCSĐBNG (2016-2021)."""

    identifier = models.CharField(
        _("identifier"),
        max_length=64,
        blank=True,
        help_text=_("Số, ký hiệu, e.g. 90-CTr/BDVTW-BCSĐBNG; leave empty when unknown."),
    )
    kind = models.CharField(
        _("kind"), max_length=32, choices=ProgramKind.choices, default=ProgramKind.COORDINATION
    )
    title = models.CharField(_("title"), max_length=500)
    signed_on = models.DateField(_("date signed"), null=True, blank=True)
    period_start = models.PositiveSmallIntegerField(
        _("period from (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    period_end = models.PositiveSmallIntegerField(
        _("period to (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProgramStatus.choices,
        default=ProgramStatus.IN_FORCE,
        help_text=_("Follows the period (in preparation, in force, ended) unless set by hand."),
    )
    status_set_by_hand = models.BooleanField(
        _("status set by hand"),
        default=False,
        help_text=_(
            "Keep the status chosen here (for a program ended early or extended); otherwise "
            "it follows the signing date and the period."
        ),
    )
    summary = models.TextField(_("summary"), blank=True)
    based_on = models.ManyToManyField(
        "directives.Directive",
        verbose_name=_("based on directives"),
        blank=True,
        related_name="programs",
    )
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("succeeds program"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
    )
    interim_review_on = models.DateField(
        _("interim review (sơ kết)"),
        null=True,
        blank=True,
        help_text=_("Mid-period unless set by hand; leave empty to follow the period."),
    )
    interim_review_by_hand = models.BooleanField(_("interim review set by hand"), default=False)
    final_review_on = models.DateField(
        _("final review (tổng kết)"),
        null=True,
        blank=True,
        help_text=_("The end of the period unless set by hand; leave empty to follow the period."),
    )
    final_review_by_hand = models.BooleanField(_("final review set by hand"), default=False)
    search_key = search_key_field()
    initials_key = initials_key_field()
    history = HistoricalRecords(
        excluded_fields=["search_key", "initials_key", "identifier_key"], m2m_fields=[based_on]
    )

    search_fields = ("identifier", "title")
    initials_fields = ("title",)
    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        permissions = [
            ("restore_program", _("Can restore an archived program")),
            # Lifts the agency scope (core/scopes.py): central coordinators, the admin role.
            ("edit_all_agencies", _("Can change the programs of every agency")),
        ]
        ordering = [F("signed_on").desc(nulls_last=True), "pk"]
        constraints = [
            ordered_pair_constraint(
                "period_start",
                "period_end",
                name="%(app_label)s_%(class)s_period_ordered",
                message=PERIOD_ORDERED,
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("pk")),
                name="%(app_label)s_%(class)s_not_own_predecessor",
                violation_error_message=PROGRAM_OWN_PREDECESSOR,
            ),
            models.UniqueConstraint(
                fields=["identifier_key", "signed_on"],
                condition=~Q(identifier_key=""),
                name="%(app_label)s_%(class)s_unique_identifier_date",
                violation_error_message=PROGRAM_DUPLICATE,
            ),
            models.UniqueConstraint(
                fields=["identifier_key"],
                condition=~Q(identifier_key="") & Q(signed_on__isnull=True),
                name="%(app_label)s_%(class)s_unique_identifier_undated",
                violation_error_message=PROGRAM_DUPLICATE_UNDATED,
            ),
        ]
        indexes = [
            # The few archived programs, read alone: an agency's page counts its live tasks
            # from an index of tasks and leaves out those of these programs (programs/panels.py)
            # instead of joining 9,000 tasks to every program.
            models.Index(
                fields=["id"], condition=Q(archived_at__isnull=False), name="program_archived"
            ),
            # The live programs, for the list's count: an index-only scan instead of reading
            # every row of the table (3.8 ms → 0.6 ms for 10,000 programs).
            models.Index(fields=["id"], condition=Q(archived_at__isnull=True), name="program_live"),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} – {self.title}" if self.identifier else self.title

    def get_absolute_url(self) -> str:
        return pk_url("programs:program_detail", self.pk)

    @property
    def starts_on(self) -> datetime.date | None:
        """The first day of the program: its signing date, else 1 January of its first year."""
        if self.signed_on:
            return self.signed_on
        return datetime.date(self.period_start, 1, 1) if self.period_start else None

    def normalize(self) -> None:
        """Besides the text: a status not set by hand is the one the dates give today (what
        pages show is :attr:`current_status`, which follows the dates without a write), and
        the review dates not set by hand are the period's (the row's own fields, so every
        path that saves a program keeps them in step)."""
        super().normalize()
        if not self.status_set_by_hand:
            self.status = self.status_on(timezone.localdate())
        self.apply_review_schedule()

    def status_on(self, on: datetime.date) -> str:
        """The status on ``on``: the one set by hand, else the one the dates give."""
        if self.status_set_by_hand:
            return self.status
        return period_status(
            signed_on=self.signed_on,
            period_start=self.period_start,
            period_end=self.period_end,
            on=on,
        )

    @property
    def current_status(self) -> str:
        """The status today (:meth:`status_on`)."""
        return self.status_on(timezone.localdate())

    def get_current_status_display(self) -> str:
        return ProgramStatus(self.current_status).label

    @property
    def ends_on(self) -> datetime.date | None:
        """The last day of the program: 31 December of its last year."""
        return datetime.date(self.period_end, 12, 31) if self.period_end else None

    def clean(self) -> None:
        super().clean()
        self.apply_review_schedule()
        if (
            self.interim_review_on
            and self.final_review_on
            and self.final_review_on < self.interim_review_on
        ):
            raise ValidationError(
                {"final_review_on": ValidationError(REVIEWS_ORDERED, code="reviews_ordered")}
            )

    def scheduled_reviews(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The review dates the period gives: the interim review (sơ kết) half-way between
        the first and the last day, the final review (tổng kết) on the last day; ``None``
        where an end of the period is unknown."""
        start, end = self.starts_on, self.ends_on
        if end is None:
            return None, None
        if start is None or start > end:
            return None, end
        return start + (end - start) / 2, end

    def apply_review_schedule(self) -> None:
        """Put the period's review dates on the dates not set by hand (a hand-set date stays
        when the period moves; clearing it returns to the period's)."""
        interim, final = self.scheduled_reviews()
        if self.interim_review_on is None:
            self.interim_review_by_hand = False
        if not self.interim_review_by_hand:
            self.interim_review_on = interim
        if self.final_review_on is None:
            self.final_review_by_hand = False
        if not self.final_review_by_hand:
            self.final_review_on = final

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"signed_on", "period_start", "period_end"} & set(
            update_fields
        ):
            kwargs["update_fields"] = {*update_fields, *SCHEDULE_FIELDS}
        super().save(*args, **kwargs)

    @property
    def period_label(self) -> str:
        """ "2016-2021", or one end when only one is known."""
        ends = [str(year) for year in (self.period_start, self.period_end) if year]
        return "–".join(ends)


#: The columns :meth:`Program.apply_review_schedule` writes.
SCHEDULE_FIELDS = (
    "interim_review_on",
    "interim_review_by_hand",
    "final_review_on",
    "final_review_by_hand",
)


class Signatory(NormalizedModel):
    """A signing party of a program: the agency, the official who signed for it and the title
    that official held on the signing date (kept as signed, even after later promotions)."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="signatories"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("signing agency"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    official = models.ForeignKey(
        "agencies.Official",
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
    )
    title = models.CharField(
        _("title when signing"),
        max_length=255,
        blank=True,
        help_text=_("Filled in from the official's positions on the signing date when left empty."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    confirmed = models.BooleanField(
        _("confirmed despite a warning"),
        default=False,
        help_text=_(
            "Set when the agency did not exist on the signing date or the signer held no "
            "position there, and the user saved it knowingly."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["program", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "agency"],
                name="%(app_label)s_%(class)s_unique_agency",
                violation_error_message=SIGNATORY_DUPLICATE,
            ),
        ]

    def __str__(self) -> str:
        signer = f" – {self.official}" if self.official_id else ""
        return f"{self.agency}{signer}"

    def clean(self) -> None:
        """Warnings the user may confirm (:func:`core.models.warn_unless_confirmed`): the
        agency existed on the signing date, and the signer held a position at it that day."""
        super().clean()
        has_program = self.program_id is not None or Signatory.program.is_cached(self)
        signed_on = self.program.signed_on if has_program else None
        if signed_on is None or self.agency_id is None:
            return
        agency = self.agency
        when = f"{signed_on:%d/%m/%Y}"
        warnings: dict[str, list] = {}
        if not within(signed_on, agency.valid_from, agency.valid_to):
            period = "–".join(
                f"{day:%d/%m/%Y}" if day else "…" for day in (agency.valid_from, agency.valid_to)
            )
            warnings["agency"] = [
                ValidationError(
                    PARTY_NOT_IN_FORCE,
                    params={"agency": agency.name, "date": when, "period": period},
                )
            ]
        if self.official_id and not self.official.titles_on(signed_on, agency=agency):
            warnings["official"] = [
                ValidationError(
                    SIGNER_WITHOUT_POSITION,
                    params={"official": self.official, "agency": agency.name, "date": when},
                )
            ]
        warn_unless_confirmed(self, warnings)


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Recurrence(models.TextChoices):
    NONE = "", _("Once")
    CONTINUOUS = "continuous", _("Ongoing")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


class TaskQuerySet(ArchivableQuerySet):
    def open(self):
        """Tasks neither done nor cancelled."""
        return self.exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])

    def overdue(self, on: datetime.date | None = None):
        """Open tasks whose due date has passed by ``on`` (today by default)."""
        on = on or datetime.date.today()
        return self.open().filter(due_on__lt=on)


class Task(NormalizedModel, VersionedModel, ArchivableModel):
    """A piece of agreed work under a program (nhiệm vụ): who leads, who coordinates, when it is
    due or how often it recurs, its status and progress."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("task"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    lead_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_tasks",
    )
    coordinating_agencies = models.ManyToManyField(
        "agencies.Agency",
        verbose_name=_("coordinating agencies"),
        blank=True,
        related_name="coordinated_tasks",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    recurrence = models.CharField(
        _("recurrence"),
        max_length=16,
        choices=Recurrence.choices,
        blank=True,
        default=Recurrence.NONE,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("How much the task counts in the program's progress (1 = like any other)."),
    )
    completed_on = models.DateField(
        _("completed on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the task becomes done: the date of the update that completed it."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    search_key = search_key_field()
    initials_key = initials_key_field()
    history = HistoricalRecords(
        excluded_fields=["search_key", "initials_key"], m2m_fields=[coordinating_agencies]
    )

    search_fields = ("title", "description")
    initials_fields = ("title",)
    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        permissions = [("restore_task", _("Can restore an archived task"))]
        ordering = ["program", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="%(app_label)s_%(class)s_progress_range",
                violation_error_message=PROGRESS_RANGE,
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(progress=100),
                name="%(app_label)s_%(class)s_done_is_complete",
                violation_error_message=DONE_IS_COMPLETE,
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1),
                name="%(app_label)s_%(class)s_weight_positive",
                violation_error_message=WEIGHT_POSITIVE,
            ),
        ]
        indexes = [
            # Open tasks by due date: the home page's overdue panel and the overdue filter
            # read only these (a sequential scan of every task before).
            models.Index(
                fields=["due_on", "id"],
                condition=~Q(status__in=["done", "cancelled"]) & Q(archived_at__isnull=True),
                name="task_open_due",
            ),
            # The overdue tasks counted per lead agency (the home page's chart) from the index
            # alone: a third of the tasks are overdue at national scale, too many to read.
            models.Index(
                fields=["lead_agency", "due_on", "program"],
                condition=~Q(status__in=["done", "cancelled"]) & Q(archived_at__isnull=True),
                name="task_open_lead_due",
            ),
            # An agency's page lists the first live tasks it leads by due date (LIMIT 21 of
            # 9,000 read in order from the index) and counts them (from the index alone).
            models.Index(
                fields=["lead_agency", "due_on", "id", "program"],
                condition=Q(archived_at__isnull=True),
                name="task_live_lead_due",
            ),
        ]
        # The lists' orders ("… NULLS LAST", which SQLite's indexes cannot hold) are indexed on
        # PostgreSQL by migration 0004 (program_list_order, task_list_order).

    def __str__(self) -> str:
        return self.title

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self._stored_status = self.status  # what normalize() compares a later change with

    def normalize(self) -> None:
        """Besides the text: a task that becomes done is completed today unless a date was
        given (:func:`programs.services.task_record_progress` gives the update's); a task that
        is not done has no completion date."""
        super().normalize()
        if self.status != TaskStatus.DONE:
            self.completed_on = None
        elif self.completed_on is None and getattr(self, "_stored_status", None) != TaskStatus.DONE:
            self.completed_on = timezone.localdate()

    def get_absolute_url(self) -> str:
        # A live task has a page of its own (a program's page lists only its first tasks); an
        # archived one has none: it is listed on its program's page with "Show archived".
        if self.is_archived:
            url = pk_url("programs:program_detail", self.program_id)
            return f"{url}?archived=1#task-{self.pk}"
        return pk_url("programs:task_detail", self.pk)

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        on = on or datetime.date.today()
        open_ = self.status not in (TaskStatus.DONE, TaskStatus.CANCELLED)
        return bool(open_ and self.due_on and self.due_on < on)


class TaskUpdate(NormalizedModel):
    """A progress report on a task (cập nhật tiến độ): the date, the progress reached, a note and
    who recorded it."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="updates"
    )
    reported_on = models.DateField(_("date"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="task_updates",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-reported_on", "-pk"]
        get_latest_by = ["reported_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="%(app_label)s_%(class)s_progress_range",
                violation_error_message=PROGRESS_RANGE,
            ),
            models.UniqueConstraint(
                fields=["task", "reported_on", "progress"],
                name="%(app_label)s_%(class)s_not_repeated",
                violation_error_message=UPDATE_REPEATED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} – {self.progress}% ({self.reported_on:%d/%m/%Y})"

    def clean(self) -> None:
        """Dated neither in the future nor before the program starts; a decrease from the
        previous update (or the task's progress when there is none) needs a note."""
        super().clean()
        if self.reported_on is None or self.task_id is None or self._unchanged():
            return
        errors: dict[str, list] = {}
        if self.reported_on > timezone.localdate():
            errors["reported_on"] = [ValidationError(UPDATE_IN_FUTURE, code="in_future")]
        start = self.task.program.starts_on
        if start and self.reported_on < start:
            errors["reported_on"] = [
                ValidationError(
                    UPDATE_BEFORE_PROGRAM,
                    code="before_program",
                    params={"start": f"{start:%d/%m/%Y}"},
                )
            ]
        previous = self.previous_progress()
        if self.progress is not None and self.progress < previous and not self.note.strip():
            errors["note"] = [
                ValidationError(
                    DECREASE_NEEDS_NOTE,
                    code="decrease_needs_note",
                    params={"previous": previous, "progress": self.progress},
                )
            ]
        if errors:
            raise ValidationError(errors)

    def _unchanged(self) -> bool:
        """A saved update whose date, progress and note are as stored (a row of the task's
        admin page nobody touched) is not judged again by rules made after it."""
        if self.pk is None:
            return False
        stored = TaskUpdate.objects.filter(pk=self.pk).values("reported_on", "progress", "note")
        return stored.first() == {
            "reported_on": self.reported_on,
            "progress": self.progress,
            "note": self.note,
        }

    def previous_progress(self) -> int:
        """The progress this update follows: the latest update on or before its date (other
        than itself); for a task without updates its current progress; for an update dated
        before all the others, 0 (the task's progress then is not known)."""
        others = self.task.updates.exclude(pk=self.pk) if self.pk else self.task.updates.all()
        latest = (
            others.filter(reported_on__lte=self.reported_on)
            .order_by("-reported_on", "-pk")
            .values_list("progress", flat=True)
            .first()
        )
        if latest is not None:
            return latest
        return 0 if others.exists() else (self.task.progress or 0)


class MeetingKind(models.TextChoices):
    INTERIM_REVIEW = "interim_review", _("Interim review")
    FINAL_REVIEW = "final_review", _("Final review")
    WORKING_SESSION = "working_session", _("Working session")
    SIGNING = "signing", _("Signing ceremony")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class ReviewMeetingQuerySet(ArchivableQuerySet):
    def upcoming(self, today: datetime.date | None = None):
        today = today or datetime.date.today()
        return self.filter(held_on__gte=today).order_by("held_on", "pk")


class ReviewMeeting(NormalizedModel, VersionedModel, ArchivableModel):
    """A review conference, working session or signing (hội nghị sơ kết, tổng kết, buổi làm
    việc, lễ ký kết): when and where, in what format, what it reviewed over which years, who
    chaired, who took part, what it concluded and which programs were signed there."""

    kind = models.CharField(_("kind"), max_length=32, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=500)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    format = models.CharField(
        _("format"), max_length=16, choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON
    )
    connection_points = models.PositiveIntegerField(
        _("connection points"),
        null=True,
        blank=True,
        help_text=_("Number of online connection points (điểm cầu)."),
    )
    reviewed_from = models.PositiveSmallIntegerField(
        _("reviews from (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    reviewed_to = models.PositiveSmallIntegerField(
        _("reviews to (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    programs = models.ManyToManyField(
        Program, verbose_name=_("programs reviewed"), blank=True, related_name="review_meetings"
    )
    directives = models.ManyToManyField(
        "directives.Directive",
        verbose_name=_("directives reviewed"),
        blank=True,
        related_name="review_meetings",
    )
    chairs = models.ManyToManyField(
        "agencies.Official",
        verbose_name=_("chaired by"),
        blank=True,
        related_name="chaired_meetings",
    )
    participants = models.ManyToManyField(
        "agencies.Agency",
        verbose_name=_("participating agencies"),
        blank=True,
        related_name="meetings_attended",
    )
    conclusions = models.TextField(_("conclusions"), blank=True)
    approved_report = models.CharField(_("report approved"), max_length=500, blank=True)
    signed_programs = models.ManyToManyField(
        Program, verbose_name=_("programs signed"), blank=True, related_name="signing_meetings"
    )
    search_key = search_key_field()
    initials_key = initials_key_field()
    history = HistoricalRecords(
        excluded_fields=["search_key", "initials_key"],
        m2m_fields=[programs, directives, chairs, participants, signed_programs],
    )

    search_fields = ("title", "place", "conclusions")
    initials_fields = ("title", "place")
    objects = ReviewMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")
        permissions = [("restore_reviewmeeting", _("Can restore an archived meeting"))]
        ordering = ["-held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(connection_points__isnull=True) | ~Q(format="in_person"),
                name="%(app_label)s_%(class)s_connections_need_online",
                violation_error_message=CONNECTIONS_NEED_ONLINE,
            ),
            ordered_pair_constraint(
                "reviewed_from",
                "reviewed_to",
                name="%(app_label)s_%(class)s_years_ordered",
                message=YEARS_ORDERED,
            ),
        ]
        indexes = [models.Index(fields=["held_on", "id"], name="meeting_held_on")]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return pk_url("programs:reviewmeeting_detail", self.pk)
