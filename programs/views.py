"""Pages for programs, progress updates and review meetings. Thin: reads come from
:mod:`programs.selectors`, writes go through :mod:`programs.services`."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import CreateView, DetailView, FormView, UpdateView

from attachments.models import attachment_history
from core import scopes
from core.access import ADD, may, reason, require
from core.collation import vietnamese
from core.editing import EditView, add_validation_error, form_related
from core.pagecache import CachedPageMixin
from core.panels import Capped, capped_rows
from core.views import FilteredListView, HistoryMixin, PermissionMixin

from . import charts, selectors, services
from .filters import ProgramFilterSet, ReviewMeetingFilterSet, TaskFilterSet
from .forms import (
    BulkAction,
    MeetingStartForm,
    ProgramForm,
    ProgramPageForm,
    ReviewMeetingForm,
    SignatoryFormSet,
    TaskBulkForm,
    TaskEditForm,
    TaskFormSet,
    TaskUpdateForm,
)
from .models import Program, ReviewMeeting, Task, TaskUpdate
from .progress import attach_rollups, program_rollups


class ProgramListView(FilteredListView):
    export_url_name = "programs:program_export"
    permission_required = "programs.view_program"
    queryset = selectors.program_list_queryset()
    filterset_class = ProgramFilterSet
    template_name = "programs/program_list.html"
    sort_columns = {
        "title": (vietnamese("title"),),
        "signed": ("signed_on",),
        "period": ("period_start", "period_end"),
        "status": ("status_today",),
    }

    def get_queryset(self):
        # The status pages show follows the dates: sorted by today's, not the stored one.
        return super().get_queryset().with_current_status()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Parties, progress and task classes for this page's rows only: a query each, whatever
        # the size of the tables.
        rows = selectors.attach_party_names(context["object_list"])
        context["object_list"] = attach_rollups(rows, datetime.date.today())
        return context


class ProgramDetailView(CachedPageMixin, PermissionMixin, HistoryMixin, DetailView):
    permission_required = "programs.view_program"
    history_url_name = "programs:program_history"
    queryset = selectors.program_detail_queryset()
    template_name = "programs/program_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = self.object
        context["signatories"] = [
            (signatory, signatory.agency.name_on(program.signed_on))
            for signatory in program.signatories.all()
        ]
        context["today"] = today = datetime.date.today()
        # The roll-up is counted in the database (one grouped query) and the page lists only
        # the first tasks: the page costs the same for 3 tasks or 3,000. Archived tasks are
        # left out of both; "Show archived" lists them apart.
        context["rollup"] = rollup = program_rollups([program.pk], today)[program.pk]
        context["tasks"] = tasks = selectors.program_tasks(
            program, total=rollup.total + rollup.cancelled
        )
        context["show_archived"] = show_archived = ProgramPageForm(self.request.GET).show_archived()
        archived = program.tasks.filter(archived_at__isnull=False)
        context["archived_tasks"] = (
            selectors.program_tasks(program, archived=True)
            if show_archived
            else Capped([], archived.count())
        )
        user = self.request.user
        shown = [task.pk for task in tasks[: settings.RELATED_LIST_LIMIT]]
        context["writable_task_ids"] = (
            set(
                scopes.writable(user, Task.objects.filter(pk__in=shown)).values_list(
                    "pk", flat=True
                )
            )
            if shown and user.has_perm("programs.add_taskupdate")
            else set()
        )
        context["meetings"] = selectors.program_meetings(program)
        context["status_chart"] = charts.task_status_chart(rollup)
        context["progress_chart"] = charts.progress_chart(program, today=today)
        return context

    def get_history_related(self) -> list:
        """The history tab also shows changes to the program's parties, tasks and progress
        updates (tasks and updates deleted since included)."""
        return [*selectors.program_history_related(self.object), attachment_history(self.object)]


class ProgramEditMixin(EditView):
    """Create a program with its signatories and first tasks on one page; edit a program with
    its signatories (its tasks are edited one by one, :class:`TaskUpdateView`, from the task
    table: a program's page posts a few dozen fields however many tasks it has)."""

    model = Program
    form_class = ProgramForm
    template_name = "programs/program_form.html"
    formset_classes = {"signatories": SignatoryFormSet}
    success_name = "program"

    def save(self, form, signatories, tasks=None):
        # save(commit=False) writes nothing: it gives the new and changed rows and fills
        # deleted_objects.
        parties = signatories.save(commit=False)
        task_edits, removed_tasks = [], []
        if tasks is not None:
            tasks.save(commit=False)
            task_edits = [
                services.TaskEdit(
                    task=task_form.instance,
                    expected_version=task_form.cleaned_data.get("version"),
                    related=form_related(task_form),
                )
                for task_form in tasks.forms
                if task_form.has_changed() and task_form not in tasks.deleted_forms
            ]
            removed_tasks = tasks.deleted_objects
        program = form.save(commit=False)
        if program.pk is None:
            # A new program must answer to the author's agency (core/scopes.py).
            agencies = {party.agency_id for party in parties} | {
                edit.task.lead_agency_id for edit in task_edits if edit.task.lead_agency_id
            }
            why = reason(self.request.user, ADD, Program, scopes.propose(program, agencies))
            if why is not None:
                raise ValidationError(why)
        return services.program_save(
            program=program,
            related=form_related(form),
            parties=parties,
            removed_parties=signatories.deleted_objects,
            tasks=task_edits,
            removed_tasks=removed_tasks,
            **self.edit_details(form),
        )


class ProgramCreateView(ProgramEditMixin, CreateView):
    """A new program, with its parties and (optionally) its first tasks on the same page, as
    people enter a program from its signed text."""

    permission_required = "programs.add_program"
    formset_classes = {"signatories": SignatoryFormSet, "tasks": TaskFormSet}
    success_message = _("Program “%(program)s” created.")

    def get_formsets(self, program):
        formsets = super().get_formsets(program)
        if self.request.method != "POST":
            formsets["signatories"].extra = 2  # at least two parties: two empty rows
        return formsets


class ProgramUpdateView(ProgramEditMixin, UpdateView):
    permission_required = "programs.change_program"
    success_message = _("Program “%(program)s” saved.")
    queryset = Program.objects.all()


class TaskDetailView(CachedPageMixin, PermissionMixin, HistoryMixin, DetailView):
    """A task on its own page, read-only: where it stands, its progress updates and history,
    with the edit and "record progress" links the user may follow. What a task's link leads
    to (:meth:`programs.models.Task.get_absolute_url`): a program's page lists only its first
    tasks."""

    permission_required = "programs.view_task"
    queryset = selectors.task_detail_queryset()
    history_url_name = "programs:task_history"
    template_name = "programs/task_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task = self.object
        context["program"] = task.program
        context["updates"] = capped_rows(task, selectors.task_updates_prefetch())
        context["today"] = datetime.date.today()
        context["can_record"] = may(self.request.user, ADD, TaskUpdate, TaskUpdate(task=task))
        return context

    def get_history_related(self) -> list:
        """The history tab also shows the task's progress updates (deleted ones included)."""
        return selectors.task_history_related(self.object)


class TaskEditMixin(EditView):
    """A program's task on its own page: one task per save (version-checked), so a program
    with 1,000 tasks is edited as comfortably as one with 3."""

    model = Task
    form_class = TaskEditForm
    template_name = "programs/task_form.html"
    success_name = "task"

    def save(self, form):
        return services.task_save(
            task=form.save(commit=False),
            related=form_related(form),
            **self.edit_details(form),
        )


class TaskCreateView(TaskEditMixin, CreateView):
    permission_required = "programs.add_task"
    success_message = _("Task “%(task)s” added.")

    @cached_property
    def program(self) -> Program:
        # Looked up after the permission check; a task is added only to a program in the
        # account's scope (core/scopes.py), refused with the reason otherwise.
        program = get_object_or_404(Program, pk=self.kwargs["program_pk"])
        require(self.request.user, ADD, Task, Task(program=program))
        return program

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Task(program=self.program)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, program=self.program)


class TaskUpdateView(TaskEditMixin, UpdateView):
    permission_required = "programs.change_task"
    success_message = _("Task “%(task)s” saved.")
    queryset = Task.objects.select_related("program")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, program=self.object.program)


class TaskUpdateCreateView(EditView, CreateView):
    """Record a progress update on a task."""

    permission_required = "programs.add_taskupdate"
    form_class = TaskUpdateForm
    template_name = "programs/taskupdate_form.html"

    @cached_property
    def task(self) -> Task:
        # Looked up after the permission check (a property, not in dispatch()).
        task = get_object_or_404(
            Task.objects.select_related("program", "lead_agency"), pk=self.kwargs["task_pk"]
        )
        require(self.request.user, ADD, TaskUpdate, TaskUpdate(task=task))
        return task

    def get_initial(self):
        return {"reported_on": datetime.date.today(), "progress": self.task.progress}

    def get_form_kwargs(self):
        # The update's rules (dates, decreases) read its task.
        return {**super().get_form_kwargs(), "instance": TaskUpdate(task=self.task)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["task"] = self.task
        context["program"] = self.task.program
        context["recent_updates"] = self.task.updates.select_related("author")[:5]
        return context

    def save(self, form):
        return services.task_record_progress(
            task=self.task,
            reported_on=form.cleaned_data["reported_on"],
            progress=form.cleaned_data["progress"],
            note=form.cleaned_data.get("note", ""),
            author=self.request.user,
        )

    def get_success_message(self, saved) -> str:
        return _("Progress of “%(task)s” recorded: %(progress)s%%.") % {
            "task": self.task,
            "progress": self.task.progress,
        }

    def get_success_url(self, saved=None) -> str:
        return self.task.get_absolute_url()


class ReviewMeetingListView(FilteredListView):
    export_url_name = "programs:reviewmeeting_export"
    permission_required = "programs.view_reviewmeeting"
    queryset = selectors.meeting_list_queryset()
    filterset_class = ReviewMeetingFilterSet
    template_name = "programs/reviewmeeting_list.html"
    sort_columns = {
        "date": ("held_on",),
        "title": (vietnamese("title"),),
        "kind": ("kind",),
    }


class ReviewMeetingDetailView(CachedPageMixin, PermissionMixin, HistoryMixin, DetailView):
    permission_required = "programs.view_reviewmeeting"
    queryset = selectors.meeting_detail_queryset()
    history_url_name = "programs:reviewmeeting_history"
    template_name = "programs/reviewmeeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chairs"] = selectors.chair_titles(self.object)
        return context

    def get_history_related(self) -> list:
        """Files attached to the meeting show on its history tab."""
        return [attachment_history(self.object)]


class ReviewMeetingEditMixin(EditView):
    model = ReviewMeeting
    form_class = ReviewMeetingForm
    template_name = "programs/reviewmeeting_form.html"
    success_name = "meeting"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # Only the programs the user may write (and those already chosen) can be picked.
        scopes.limit_choices(form, self.request.user, ("programs", "signed_programs"))
        return form

    def save(self, form):
        return services.reviewmeeting_save(
            meeting=form.save(commit=False),
            related=form_related(form),
            **self.edit_details(form),
        )


class ReviewMeetingCreateView(ReviewMeetingEditMixin, CreateView):
    permission_required = "programs.add_reviewmeeting"
    success_message = _("Meeting “%(meeting)s” created.")

    def get_initial(self):
        """Opened from a program's or a directive's page, the meeting has it chosen."""
        return {**super().get_initial(), **MeetingStartForm(self.request.GET).initial_for_meeting()}


class ReviewMeetingUpdateView(ReviewMeetingEditMixin, UpdateView):
    permission_required = "programs.change_reviewmeeting"
    success_message = _("Meeting “%(meeting)s” saved.")


BULK_OUT_OF_SCOPE = _(
    "Nothing was changed: these tasks belong to programs of other agencies, which you may "
    "read but not change: %(tasks)s. Choose only tasks of your agency's programs."
)


class TaskListView(FilteredListView):
    """Every task across programs, filtered and sorted; the tasks ticked can be changed in
    bulk (:class:`TaskBulkView`)."""

    permission_required = "programs.view_task"
    queryset = selectors.task_list_queryset()
    filterset_class = TaskFilterSet
    template_name = "programs/task_list.html"
    sort_columns = {
        "title": (vietnamese("title"),),
        "program": (vietnamese("program__title"),),
        "lead": (vietnamese("lead_agency__name"),),
        "due": ("due_on",),
        "status": ("status",),
        "progress": ("progress",),
    }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            bulk_form=TaskBulkForm(initial={"next": self.request.get_full_path()}),
        )


class TaskBulkView(PermissionMixin, FormView):
    """Change, archive or restore the tasks ticked on the task list: the first POST shows what
    will change (the confirmation page), the second (with ``confirm``) saves, one history
    record per task, and goes back to the list."""

    permission_required = "programs.change_task"
    form_class = TaskBulkForm
    template_name = "programs/task_bulk_confirm.html"
    http_method_names = ["post"]

    def form_valid(self, form):
        action = form.cleaned_data["action"]
        if action == BulkAction.RESTORE and not self.request.user.has_perm("programs.restore_task"):
            raise PermissionDenied
        refused = self.out_of_scope(form.cleaned_data["tasks"])
        if refused:
            # The whole action is refused: a partial bulk change would be hard to follow.
            form.add_error(
                None,
                BULK_OUT_OF_SCOPE % {"tasks": "; ".join(str(task) for task in refused[:10])},
            )
            return self.form_invalid(form)
        if not form.cleaned_data["confirm"]:
            return self.render_to_response(self.get_context_data(form=form, confirming=True))
        tasks = form.cleaned_data["tasks"]
        reason = form.cleaned_data.get("reason", "")
        try:
            if action == BulkAction.CHANGE:
                saved = services.task_bulk_change(
                    tasks=tasks, changes=form.changes(), user=self.request.user, reason=reason
                )
            else:
                saved = services.task_bulk_archive(
                    tasks=tasks,
                    restore=action == BulkAction.RESTORE,
                    user=self.request.user,
                    reason=reason,
                )
        except ValidationError as error:
            add_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext("%(count)d task changed.", "%(count)d tasks changed.", len(saved))
            % {"count": len(saved)},
        )
        return HttpResponseRedirect(self._next(form))

    def out_of_scope(self, tasks) -> list[Task]:
        """The chosen tasks the user's scope does not cover (core/scopes.py)."""
        allowed = scopes.writable(self.request.user, Task.objects.all()).values("pk")
        return list(tasks.exclude(pk__in=allowed).order_by("pk"))

    def _next(self, form) -> str:
        target = form.cleaned_data.get("next") or ""
        if url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}):
            return target
        return reverse("programs:task_list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["tasks"] = (
            list(form.cleaned_data["tasks"].select_related("program", "lead_agency"))
            if form.is_valid()
            else []
        )
        context["back_url"] = self._next(form) if form.is_valid() else reverse("programs:task_list")
        return context
