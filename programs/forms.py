"""Forms for programs (with their signatories and tasks inline), progress updates and review
meetings. Dates are typed day first (26/11/2021) in plain text inputs."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Official
from core.autocomplete import AutocompleteSelect, AutocompleteSelectMultiple
from core.concurrency import VersionedFormMixin
from core.forms import (
    ConfirmMixin,
    DayFirstDateInput,
    Field,
    FieldSet,
    LayoutMixin,
    ReasonMixin,
)
from core.formsets import ROW_LIMITS, OwnRowsInlineFormSet
from directives.autocomplete import directive_label
from directives.models import Directive

from .models import (
    PERIOD_ORDERED,
    PROGRESS_RANGE,
    SIGNATORY_DUPLICATE,
    TOO_FEW_PARTIES,
    YEARS_ORDERED,
    Program,
    ReviewMeeting,
    Signatory,
    Task,
    TaskStatus,
    TaskUpdate,
)

BULK_NO_TASKS = _("Tick at least one task in the list.")
BULK_NOTHING_TO_CHANGE = _("Choose a new status, lead agency or due date, or another action.")


def _year_input():
    return forms.NumberInput(attrs={"placeholder": _("yyyy"), "min": 1945, "max": 2100})


def _clean_progress(value):
    if value is not None and not 0 <= value <= 100:
        raise ValidationError(PROGRESS_RANGE, code="progress_range")
    return value


class ProgramForm(LayoutMixin, VersionedFormMixin, ReasonMixin, forms.ModelForm):
    fieldsets = (
        FieldSet(
            Field("identifier", "col-md-5"),
            Field("kind", "col-md-4"),
            Field("status", "col-md-3"),
            "title",
            Field("signed_on", "col-sm-4"),
            Field("period_start", "col-6 col-sm-4"),
            Field("period_end", "col-6 col-sm-4"),
            Field("based_on", "col-md-7"),
            Field("predecessor", "col-md-5"),
            "summary",
            name=_("Program"),
        ),
        # Below the parties and tasks, beside the save button: it is the whole save's reason.
        FieldSet(Field("reason", "col-md-8"), part="end"),
    )

    class Meta:
        model = Program
        fields = [
            "identifier",
            "kind",
            "title",
            "signed_on",
            "period_start",
            "period_end",
            "status",
            "summary",
            "based_on",
            "predecessor",
        ]
        widgets = {
            "signed_on": DayFirstDateInput,
            "period_start": _year_input(),
            "period_end": _year_input(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "title": forms.Textarea(attrs={"rows": 2}),
            "based_on": AutocompleteSelectMultiple("directive"),
            "predecessor": AutocompleteSelect("program"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].queryset = Directive.objects.order_by("-issued_on", "pk")
        self.fields["based_on"].label_from_instance = directive_label
        predecessors = Program.objects.order_by("-signed_on", "pk")
        if self.instance.pk:
            predecessors = predecessors.exclude(pk=self.instance.pk)
            self.fields["version"].required = True
        self.fields["predecessor"].queryset = predecessors

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            # On the field, rather than at the top (the model constraint says it too, but
            # forms skip constraints on fields that already have an error).
            self.add_error("period_end", ValidationError(PERIOD_ORDERED, code="period_ordered"))
        return cleaned


class SignatoryForm(ConfirmMixin, LayoutMixin, forms.ModelForm):
    """A signing party; an agency that did not exist on the signing date, or a signer without
    a position there, is a warning the user confirms (:class:`core.forms.ConfirmMixin`)."""

    fieldsets = (
        FieldSet(
            Field("agency", "col-md-5"),
            Field("official", "col-md-3"),
            Field("title", "col-md-3"),
            Field("DELETE", "col-md-1 align-self-end", label=_("Remove")),
        ),
    )

    class Meta:
        model = Signatory
        fields = ["agency", "official", "title"]
        widgets = {
            "agency": AutocompleteSelect("agency"),
            "official": AutocompleteSelect("official"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.ordered()
        self.fields["official"].queryset = Official.objects.all()
        self.fields["title"].help_text = ""  # said once above the rows, not on every row


class BaseSignatoryFormSet(OwnRowsInlineFormSet):
    """The signing parties: at least two, each agency once. Agencies and officials are picked
    on demand (:mod:`core.autocomplete`): a row reads only its chosen ones."""

    def validate_unique(self):
        """Each agency once, said in the domain's words (Django's generic message names no
        rule); the database constraint stays the last word."""
        seen = set()
        for form in self.forms:
            agency = form.cleaned_data.get("agency") if form.cleaned_data else None
            if agency is None or form.cleaned_data.get("DELETE"):
                continue
            if agency.pk in seen:
                form.add_error("agency", ValidationError(SIGNATORY_DUPLICATE, code="duplicate"))
                raise ValidationError(SIGNATORY_DUPLICATE, code="duplicate")
            seen.add(agency.pk)

    def clean(self):
        super().clean()
        parties = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("agency")
        ]
        if len(parties) < 2:
            raise ValidationError(TOO_FEW_PARTIES, code="too_few_parties")


SignatoryFormSet = forms.inlineformset_factory(
    Program,
    Signatory,
    form=SignatoryForm,
    formset=BaseSignatoryFormSet,
    extra=0,
    can_delete=True,
    **ROW_LIMITS,
)


class TaskForm(LayoutMixin, VersionedFormMixin, forms.ModelForm):
    fieldsets = (
        FieldSet(
            Field("title", "col-md-8"),
            Field("lead_agency", "col-md-4"),
            Field("due_on", "col-6 col-md-3"),
            Field("recurrence", "col-6 col-md-3"),
            Field("status", "col-6 col-md-3"),
            Field("progress", "col-6 col-md-3"),
            Field("coordinating_agencies", "col-md-4"),
            Field("description", "col-md-8"),
            Field("DELETE", "col-12", label=_("Remove this task")),
        ),
    )

    class Meta:
        model = Task
        fields = [
            "title",
            "lead_agency",
            "coordinating_agencies",
            "due_on",
            "recurrence",
            "status",
            "progress",
            "description",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "due_on": DayFirstDateInput,
            "description": forms.Textarea(attrs={"rows": 2}),
            "lead_agency": AutocompleteSelect("agency"),
            "coordinating_agencies": AutocompleteSelectMultiple("agency"),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.ordered()
        self.fields["lead_agency"].queryset = agencies
        self.fields["coordinating_agencies"].queryset = agencies

    def clean_progress(self):
        return _clean_progress(self.cleaned_data.get("progress"))


class TaskEditForm(ReasonMixin, TaskForm):
    """One task on its own page (``programs:task_create`` / ``programs:task_update``): the
    per-row edit of a program's tasks, whatever their number; each save posts one task."""

    fieldsets = (
        FieldSet(*TaskForm.fieldsets[0].fields[:-1]),
        FieldSet(Field("reason", "col-md-8")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].required = True


TaskFormSet = forms.inlineformset_factory(
    Program,
    Task,
    form=TaskForm,
    formset=OwnRowsInlineFormSet,
    extra=0,
    can_delete=True,
    **ROW_LIMITS,
)


class TaskUpdateForm(LayoutMixin, forms.ModelForm):
    """A progress report on one task; saving it moves the task's progress and status."""

    fieldsets = (FieldSet(Field("reported_on", "col-sm-6"), Field("progress", "col-sm-6"), "note"),)

    class Meta:
        model = TaskUpdate
        fields = ["reported_on", "progress", "note"]
        widgets = {
            "reported_on": DayFirstDateInput,
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100}),
            "note": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"progress": _("100 marks the task done.")}

    def clean_progress(self):
        return _clean_progress(self.cleaned_data.get("progress"))


class MeetingStartForm(LayoutMixin, forms.Form):
    """What a new meeting starts from, read from the link that opened its form
    (``?program=ID`` on a program's page, ``?directive=ID`` on a directive's): that program or
    directive comes chosen. Never drawn: it only reads the query string."""

    program = forms.ModelChoiceField(
        queryset=Program.objects.all(), required=False, widget=forms.HiddenInput
    )
    directive = forms.ModelChoiceField(
        queryset=Directive.objects.all(), required=False, widget=forms.HiddenInput
    )

    def initial_for_meeting(self) -> dict:
        if not self.is_valid():
            return {}
        initial = {}
        if program := self.cleaned_data.get("program"):
            initial["programs"] = [program.pk]
        if directive := self.cleaned_data.get("directive"):
            initial["directives"] = [directive.pk]
        return initial


class ReviewMeetingForm(LayoutMixin, VersionedFormMixin, ReasonMixin, forms.ModelForm):
    fieldsets = (
        FieldSet(
            Field("kind", "col-md-4"),
            Field("held_on", "col-md-4"),
            Field("place", "col-md-4"),
            "title",
            Field("format", "col-md-4"),
            Field("connection_points", "col-md-4"),
            Field("reviewed_from", "col-6 col-md-2"),
            Field("reviewed_to", "col-6 col-md-2"),
            Field("programs", "col-md-6"),
            Field("directives", "col-md-6"),
            Field("chairs", "col-md-6"),
            Field("participants", "col-md-6"),
            "conclusions",
            Field("approved_report", "col-md-6"),
            Field("signed_programs", "col-md-6"),
            Field("reason", "col-md-8"),
        ),
    )

    class Meta:
        model = ReviewMeeting
        fields = [
            "kind",
            "title",
            "held_on",
            "place",
            "format",
            "connection_points",
            "reviewed_from",
            "reviewed_to",
            "programs",
            "directives",
            "chairs",
            "participants",
            "conclusions",
            "approved_report",
            "signed_programs",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "held_on": DayFirstDateInput,
            "reviewed_from": _year_input(),
            "reviewed_to": _year_input(),
            "conclusions": forms.Textarea(attrs={"rows": 5}),
            "programs": AutocompleteSelectMultiple("program"),
            "signed_programs": AutocompleteSelectMultiple("program"),
            "directives": AutocompleteSelectMultiple("directive"),
            "chairs": AutocompleteSelectMultiple("official"),
            "participants": AutocompleteSelectMultiple("agency"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programs = Program.objects.order_by("-signed_on", "pk")
        self.fields["programs"].queryset = programs
        self.fields["signed_programs"].queryset = programs
        self.fields["directives"].queryset = Directive.objects.order_by("-issued_on", "pk")
        self.fields["directives"].label_from_instance = directive_label
        self.fields["participants"].queryset = Agency.objects.ordered()
        if self.instance.pk:
            self.fields["version"].required = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("reviewed_from"), cleaned.get("reviewed_to")
        if start and end and end < start:
            self.add_error("reviewed_to", ValidationError(YEARS_ORDERED, code="years_ordered"))
        return cleaned


class BulkAction(models.TextChoices):
    CHANGE = "change", _("Change the fields chosen below")
    ARCHIVE = "archive", _("Archive")
    RESTORE = "restore", _("Restore from the archive")


class TaskBulkForm(LayoutMixin, ReasonMixin, forms.Form):
    """A change to several tasks at once, from the task list: a new status, lead agency or due
    date (the fields left empty stay as they are), or archive / restore. Posted twice: first to
    see the confirmation page, then with ``confirm`` to save."""

    fieldsets = (
        FieldSet(
            Field("action", "col-12"),
            Field("status", "col-md-4"),
            Field("lead_agency", "col-md-4"),
            Field("due_on", "col-md-4"),
            Field("reason", "col-12"),
        ),
    )

    tasks = forms.ModelMultipleChoiceField(
        label=_("Tasks"),
        queryset=Task.objects.all(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": BULK_NO_TASKS},
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=BulkAction.choices,
        initial=BulkAction.CHANGE,
        widget=forms.RadioSelect,
    )
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[("", _("— unchanged —")), *TaskStatus.choices],
        required=False,
    )
    lead_agency = forms.ModelChoiceField(
        label=_("New lead agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("— unchanged —"),
        widget=AutocompleteSelect("agency"),
    )
    due_on = forms.DateField(label=_("New due date"), required=False, widget=DayFirstDateInput)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].queryset = Agency.objects.ordered()

    def changes(self) -> dict:
        """The fields to set, with their new values (only those chosen)."""
        return {
            name: self.cleaned_data[name]
            for name in ("status", "lead_agency", "due_on")
            if self.cleaned_data.get(name) not in (None, "")
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == BulkAction.CHANGE and not self.changes():
            raise ValidationError(BULK_NOTHING_TO_CHANGE, code="nothing_to_change")
        return cleaned
