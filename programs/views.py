"""Pages for programs, progress updates and review meetings. Thin: reads come from
:mod:`programs.selectors`, writes go through :mod:`programs.services`."""

import datetime

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, UpdateView

from core.concurrency import EditConflict
from core.formsets import BLANK_ROWS_LEFT_OUT
from core.views import FilteredListView, HistoryMixin, PermissionMixin

from . import selectors, services
from .filters import ProgramFilterSet, ReviewMeetingFilterSet
from .forms import (
    ProgramForm,
    ReviewMeetingForm,
    SignatoryFormSet,
    TaskFormSet,
    TaskUpdateForm,
)
from .models import Program, ReviewMeeting, Task


def add_validation_error(form, error: ValidationError) -> None:
    """Put a model's ``ValidationError`` on ``form``: on the field when the form has it,
    otherwise at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        form.add_error(target, ValidationError(errors))


class ProgramListView(FilteredListView):
    permission_required = "programs.view_program"
    queryset = selectors.program_list_queryset()
    filterset_class = ProgramFilterSet
    template_name = "programs/program_list.html"


class ProgramDetailView(PermissionMixin, HistoryMixin, DetailView):
    permission_required = "programs.view_program"
    queryset = selectors.program_detail_queryset()
    template_name = "programs/program_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = self.object
        context["signatories"] = [
            (signatory, signatory.agency.name_on(program.signed_on))
            for signatory in program.signatories.all()
        ]
        context["tasks"] = list(program.tasks.all())
        context["meetings"] = selectors.program_meetings(program)
        context["today"] = datetime.date.today()
        return context

    def get_history_related(self) -> list:
        """The history tab also shows changes to the program's parties, tasks and progress
        updates (tasks and updates deleted since included)."""
        return selectors.program_history_related(self.object)


class ProgramFormMixin(PermissionMixin):
    """Create and edit a program with its signatories and tasks on one page."""

    model = Program
    form_class = ProgramForm
    template_name = "programs/program_form.html"

    def get_formsets(self, program):
        data = self.request.POST if self.request.method == "POST" else None
        return (
            SignatoryFormSet(data, instance=program, prefix="signatories"),
            TaskFormSet(data, instance=program, prefix="tasks"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if "signatories" not in kwargs:
            context["signatories"], context["tasks"] = self.get_formsets(form.instance)
        context["conflict"] = getattr(form, "conflict", None)
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if self.kwargs.get("pk") else None
        form = self.get_form()
        signatories, tasks = self.get_formsets(form.instance)
        # Validate all three so every error shows at once.
        valid = [form.is_valid(), signatories.is_valid(), tasks.is_valid()]
        if all(valid):
            try:
                program = services.program_save(
                    form=form,
                    signatories=signatories,
                    tasks=tasks,
                    user=request.user,
                    reason=form.cleaned_data.get("reason", ""),
                )
            except EditConflict as conflict:
                form.add_conflict(conflict)
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, self.success_message % {"program": program})
                if tasks.blank_rows:
                    messages.warning(request, BLANK_ROWS_LEFT_OUT % {"count": tasks.blank_rows})
                return redirect(program)
        return self.render_to_response(
            self.get_context_data(form=form, signatories=signatories, tasks=tasks)
        )


class ProgramCreateView(ProgramFormMixin, CreateView):
    permission_required = "programs.add_program"
    success_message = _("Program “%(program)s” created.")

    def get_formsets(self, program):
        signatories, tasks = super().get_formsets(program)
        if self.request.method != "POST":
            signatories.extra = 2  # a program has at least two parties: two empty rows
        return signatories, tasks


class ProgramUpdateView(ProgramFormMixin, UpdateView):
    permission_required = "programs.change_program"
    success_message = _("Program “%(program)s” saved.")
    queryset = Program.objects.all()


class TaskUpdateCreateView(PermissionMixin, CreateView):
    """Record a progress update on a task."""

    permission_required = "programs.add_taskupdate"
    form_class = TaskUpdateForm
    template_name = "programs/taskupdate_form.html"

    @cached_property
    def task(self) -> Task:
        # Looked up after the permission check (a property, not in dispatch()).
        return get_object_or_404(
            Task.objects.select_related("program", "lead_agency"), pk=self.kwargs["task_pk"]
        )

    def get_initial(self):
        return {"reported_on": datetime.date.today(), "progress": self.task.progress}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["task"] = self.task
        context["program"] = self.task.program
        context["recent_updates"] = self.task.updates.select_related("author")[:5]
        return context

    def form_valid(self, form):
        try:
            services.task_record_progress(
                task=self.task,
                reported_on=form.cleaned_data["reported_on"],
                progress=form.cleaned_data["progress"],
                note=form.cleaned_data.get("note", ""),
                author=self.request.user,
            )
        except ValidationError as error:
            add_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Progress of “%(task)s” recorded: %(progress)s%%.")
            % {"task": self.task, "progress": self.task.progress},
        )
        return redirect(self.task.get_absolute_url())


class ReviewMeetingListView(FilteredListView):
    permission_required = "programs.view_reviewmeeting"
    queryset = selectors.meeting_list_queryset()
    filterset_class = ReviewMeetingFilterSet
    template_name = "programs/reviewmeeting_list.html"


class ReviewMeetingDetailView(PermissionMixin, HistoryMixin, DetailView):
    permission_required = "programs.view_reviewmeeting"
    queryset = selectors.meeting_detail_queryset()
    template_name = "programs/reviewmeeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chairs"] = selectors.chair_titles(self.object)
        return context


class ReviewMeetingFormMixin(PermissionMixin):
    model = ReviewMeeting
    form_class = ReviewMeetingForm
    template_name = "programs/reviewmeeting_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conflict"] = getattr(context["form"], "conflict", None)
        return context

    def form_valid(self, form):
        try:
            meeting = services.reviewmeeting_save(
                form=form, user=self.request.user, reason=form.cleaned_data.get("reason", "")
            )
        except EditConflict as conflict:
            form.add_conflict(conflict)
            return self.form_invalid(form)
        except ValidationError as error:
            add_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"meeting": meeting})
        return redirect(meeting)


class ReviewMeetingCreateView(ReviewMeetingFormMixin, CreateView):
    permission_required = "programs.add_reviewmeeting"
    success_message = _("Meeting “%(meeting)s” created.")


class ReviewMeetingUpdateView(ReviewMeetingFormMixin, UpdateView):
    permission_required = "programs.change_reviewmeeting"
    success_message = _("Meeting “%(meeting)s” saved.")
