"""Django admin for programs (with their signatories, tasks and meetings inline), tasks,
progress updates and review meetings."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import (
    FoldedSearchMixin,
    ScopedAdminMixin,
    VersionedAdminMixin,
    VersionedInlineMixin,
)
from core.forms import ConfirmMixin

from . import services
from .models import Program, ReviewMeeting, Signatory, Task, TaskUpdate


class SignatoryAdminForm(ConfirmMixin, forms.ModelForm):
    """A party row: a party that did not exist on the signing date or a signer without a
    position there is saved only with "confirmed" ticked (a row left untouched is kept)."""

    confirm_hidden = False

    class Meta:
        model = Signatory
        fields = ["order", "agency", "official", "title"]


class SignatoryInline(admin.TabularInline):
    model = Signatory
    form = SignatoryAdminForm
    extra = 0
    min_num = 2
    autocomplete_fields = ("agency", "official")
    fields = ("order", "agency", "official", "title", "confirmed")


class TaskInline(VersionedInlineMixin, admin.TabularInline):
    model = Task
    extra = 0
    autocomplete_fields = ("lead_agency",)
    fields = (
        "order",
        "title",
        "lead_agency",
        "due_on",
        "recurrence",
        "status",
        "progress",
        "weight",
    )
    show_change_link = True


def _meeting_row(row) -> str:
    return str(row.reviewmeeting)


# Django's own name for a row of these automatic tables is "ReviewMeeting_programs object
# (1)", which the inline rows below show: named by their meeting instead.
ReviewMeeting.programs.through.__str__ = _meeting_row
ReviewMeeting.signed_programs.through.__str__ = _meeting_row


class ReviewedInMeetingInline(admin.TabularInline):
    model = ReviewMeeting.programs.through
    extra = 0
    autocomplete_fields = ("reviewmeeting",)
    verbose_name = _("review meeting")
    verbose_name_plural = _("review meetings of this program")


class SignedAtMeetingInline(ReviewedInMeetingInline):
    model = ReviewMeeting.signed_programs.through
    verbose_name_plural = _("meetings where it was signed")


@admin.register(Program)
class ProgramAdmin(ScopedAdminMixin, VersionedAdminMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ("identifier", "title", "kind", "signed_on", "period_label", "status_now")
    list_filter = ("status", "kind", ("signatories__agency", admin.RelatedOnlyFieldListFilter))
    autocomplete_fields = ("predecessor", "based_on")
    date_hierarchy = "signed_on"
    readonly_fields = ("version",)
    fieldsets = [
        (None, {"fields": ("identifier", "kind", "title", "status", "status_set_by_hand")}),
        (_("Dates"), {"fields": ("signed_on", "period_start", "period_end")}),
        (_("Basis and succession"), {"fields": ("based_on", "predecessor")}),
        (_("Summary"), {"fields": ("summary", "version")}),
    ]
    inlines = [SignatoryInline, TaskInline, ReviewedInMeetingInline, SignedAtMeetingInline]

    @admin.display(description=_("status"), ordering="status")
    def status_now(self, program: Program) -> str:
        """Today's status (it follows the period unless set by hand)."""
        label = program.get_current_status_display()
        return f"{label} ({_('set by hand')})" if program.status_set_by_hand else label

    @admin.display(description=_("period"))
    def period_label(self, obj: Program) -> str:
        return obj.period_label


class TaskUpdateInline(admin.TabularInline):
    """A task's progress updates, read-only: an update moves its task (its progress, status
    and completion date, :func:`programs.services.task_record_progress`), so one is added on
    its own admin page, not as a row the task form would save beside the task's fields."""

    model = TaskUpdate
    extra = 0
    fields = ("reported_on", "progress", "note", "author")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Task)
class TaskAdmin(ScopedAdminMixin, VersionedAdminMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ("title", "program", "lead_agency", "due_on", "status", "progress")
    list_filter = ("status", "recurrence", ("lead_agency", admin.RelatedOnlyFieldListFilter))
    autocomplete_fields = ("program", "lead_agency", "coordinating_agencies")
    list_select_related = ("program", "lead_agency")
    readonly_fields = ("completed_on", "version")
    inlines = [TaskUpdateInline]


@admin.register(TaskUpdate)
class TaskUpdateAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Progress updates. A new one is recorded as the staff pages and the API record it: it
    moves its task. What an update reported (its date and progress) is not edited afterwards,
    since the task has moved on it; a correction is a new update. Its note and author can be
    corrected."""

    list_display = ("task", "reported_on", "progress", "author")
    autocomplete_fields = ("task", "author")
    list_select_related = ("task", "author")
    search_fields = ("task__search_key",)
    date_hierarchy = "reported_on"

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return super().get_readonly_fields(request, obj)
        return ("task", "reported_on", "progress")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        recorded = services.task_record_progress(
            task=obj.task,
            reported_on=obj.reported_on,
            progress=obj.progress,
            note=obj.note,
            author=obj.author or request.user,
        )
        # The admin's messages and redirect name the row the service saved.
        obj.pk = recorded.pk
        obj._state.adding = False


@admin.register(ReviewMeeting)
class ReviewMeetingAdmin(
    ScopedAdminMixin, VersionedAdminMixin, FoldedSearchMixin, SimpleHistoryAdmin
):
    list_display = ("title", "kind", "held_on", "place", "format", "connection_points")
    list_filter = ("kind", "format")
    autocomplete_fields = ("programs", "directives", "chairs", "participants", "signed_programs")
    date_hierarchy = "held_on"
    readonly_fields = ("version",)
    fieldsets = [
        (None, {"fields": ("kind", "title", "held_on", "place", "format", "connection_points")}),
        (
            _("What it reviewed"),
            {
                "fields": ("reviewed_from", "reviewed_to", "programs", "directives"),
            },
        ),
        (_("Who"), {"fields": ("chairs", "participants")}),
        (_("Outcome"), {"fields": ("conclusions", "approved_report", "signed_programs")}),
    ]
