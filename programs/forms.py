"""Forms for programs (with their signatories and tasks inline), progress updates and review
meetings. Dates are typed day first (26/11/2021) in plain text inputs."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Official
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


def _directive_label(directive) -> str:
    """ "Nghị quyết 25-NQ/TW (03/06/2013)": identifiers repeat across terms, the date tells
    them apart."""
    if directive.issued_on is None:
        return str(directive)
    return f"{directive} ({directive.issued_on:%d/%m/%Y})"


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
            Field("status_set_by_hand", "col-12"),
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
            "status_set_by_hand",
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
            "based_on": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].queryset = Directive.objects.order_by("-issued_on", "pk")
        self.fields["based_on"].label_from_instance = _directive_label
        predecessors = Program.objects.order_by("-signed_on", "pk")
        if self.instance.pk:
            predecessors = predecessors.exclude(pk=self.instance.pk)
            self.fields["version"].required = True
        self.fields["predecessor"].queryset = predecessors
        if not self.instance.status_set_by_hand and not self.is_bound:
            # What the page shows: the status the dates give today.
            self.initial["status"] = self.instance.current_status

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.ordered()
        self.fields["official"].queryset = Official.objects.all()
        self.fields["title"].help_text = ""  # said once above the rows, not on every row


class SharedChoicesFormSet(OwnRowsInlineFormSet):
    """An inline formset whose rows share the choices of their select fields, read once for
    the whole formset instead of once per row (``shared_choice_fields``)."""

    shared_choice_fields: tuple[str, ...] = ()

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if not hasattr(self, "_shared_choices"):
            self._shared_choices = {
                name: list(form.fields[name].choices) for name in self.shared_choice_fields
            }
        for name, choices in self._shared_choices.items():
            form.fields[name].choices = choices
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        for name, choices in getattr(self, "_shared_choices", {}).items():
            form.fields[name].choices = choices
        return form


class BaseSignatoryFormSet(SharedChoicesFormSet):
    """The signing parties: at least two, each agency once."""

    shared_choice_fields = ("agency", "official")

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
            Field("weight", "col-6 col-md-2"),
            Field("coordinating_agencies", "col-md-4"),
            Field("description", "col-md-6"),
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
            "weight",
            "description",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "weight": forms.NumberInput(attrs={"min": 1}),
            "due_on": DayFirstDateInput,
            "description": forms.Textarea(attrs={"rows": 2}),
            "coordinating_agencies": forms.CheckboxSelectMultiple,
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.ordered()
        self.fields["lead_agency"].queryset = agencies
        self.fields["coordinating_agencies"].queryset = agencies

    def clean_progress(self):
        return _clean_progress(self.cleaned_data.get("progress"))


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
            "programs": forms.CheckboxSelectMultiple,
            "signed_programs": forms.CheckboxSelectMultiple,
            "directives": forms.CheckboxSelectMultiple,
            "chairs": forms.CheckboxSelectMultiple,
            "participants": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programs = Program.objects.order_by("-signed_on", "pk")
        self.fields["programs"].queryset = programs
        self.fields["signed_programs"].queryset = programs
        self.fields["directives"].queryset = Directive.objects.order_by("-issued_on", "pk")
        self.fields["directives"].label_from_instance = _directive_label
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
