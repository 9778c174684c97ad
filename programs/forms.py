"""Forms for programs (with their signatories and tasks inline), progress updates and review
meetings. Dates are typed day first (26/11/2021) in plain text inputs."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Official, Position
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
            Field("interim_review_on", "col-sm-6"),
            Field("final_review_on", "col-sm-6"),
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
            "interim_review_on",
            "final_review_on",
        ]
        widgets = {
            "signed_on": DayFirstDateInput,
            "interim_review_on": DayFirstDateInput,
            "final_review_on": DayFirstDateInput,
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
        self._mark_reviews_set_by_hand(cleaned)
        return cleaned

    def _mark_reviews_set_by_hand(self, cleaned) -> None:
        """A review date is set by hand when the user typed another date than the one the
        page showed, or kept a date that was already set by hand; an empty box, or the
        period's own date, follows the period (the model then fills it in)."""
        for name in ("interim_review", "final_review"):
            date_field, hand_field = f"{name}_on", f"{name}_by_hand"
            if date_field not in cleaned:
                continue
            value, shown = cleaned[date_field], self.initial.get(date_field)
            by_hand = getattr(self.instance, hand_field) if value == shown else True
            setattr(self.instance, hand_field, bool(value) and by_hand)


SIGNERS_WITH_POSITION = _("Holding a position at this agency on %(date)s")
SIGNERS_OTHERS = _("Other officials (saved only with a confirmation)")


class SignerChoices:
    """The officials a program's party rows offer as signer, read once for all the rows: the
    officials holding a position at the row's agency on the signing date come first (with
    that title), then every other official under a label that says choosing one needs a
    confirmation (the model's ``SIGNER_WITHOUT_POSITION`` warning). A row without an agency,
    or a program without a signing date, offers everyone in Vietnamese order.

    Two queries whatever the number of rows: the officials, and the positions held on the
    signing date. The signing date and a row's agency are read when the select is drawn, so a
    page drawn again after a refused save follows the date and agencies just typed.
    (:meth:`agencies.models.OfficialQuerySet.signer_candidates` gives the same order for one
    party as a queryset.)"""

    def __init__(self, program: Program | None = None):
        self.program = program
        self._officials: list[tuple[int, str]] | None = None
        self._held: dict = {}

    def signed_on(self):
        return getattr(self.program, "signed_on", None)

    def officials(self) -> list[tuple[int, str]]:
        if self._officials is None:
            self._officials = [
                (o.pk, str(o)) for o in Official.objects.order_by(*Official._meta.ordering)
            ]
        return self._officials

    def titles(self, on) -> dict[int, dict[int, str]]:
        """Agency id → official id → the titles held there on ``on``."""
        if on not in self._held:
            held: dict[int, dict[int, list[str]]] = {}
            for agency_id, official_id, title in Position.objects.held_on(on).values_list(
                "agency_id", "official_id", "title"
            ):
                held.setdefault(agency_id, {}).setdefault(official_id, []).append(title)
            self._held[on] = {
                agency: {official: ", ".join(titles) for official, titles in by.items()}
                for agency, by in held.items()
            }
        return self._held[on]

    def choices(self, agency_id: int | None) -> list:
        blank = [("", "---------")]
        officials = self.officials()
        on = self.signed_on()
        if not agency_id or on is None:
            return [*blank, *officials]
        titles = self.titles(on).get(agency_id, {})
        holding = [(pk, f"{name} – {titles[pk]}") for pk, name in officials if pk in titles]
        others = [(pk, name) for pk, name in officials if pk not in titles]
        groups = []
        if holding:
            groups.append((SIGNERS_WITH_POSITION % {"date": f"{on:%d/%m/%Y}"}, holding))
        if others:
            groups.append((str(SIGNERS_OTHERS), others))
        return [*blank, *groups]


class SignatoryForm(ConfirmMixin, LayoutMixin, forms.ModelForm):
    """A signing party; an agency that did not exist on the signing date, or a signer without
    a position there, is a warning the user confirms (:class:`core.forms.ConfirmMixin`). The
    signer select offers the officials holding a position at the party on the signing date
    first (:class:`SignerChoices`); the others stay choosable, as the confirmed path."""

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

    def __init__(self, *args, signer_choices: SignerChoices | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.ordered()
        self.fields["official"].queryset = Official.objects.all()
        self.fields["title"].help_text = ""  # said once above the rows, not on every row
        program = self.instance.program if Signatory.program.is_cached(self.instance) else None
        self.signer_choices = signer_choices or SignerChoices(program)
        # A callable: read when the select is drawn, after the page's forms were validated.
        self.fields["official"].choices = lambda: self.signer_choices.choices(self.party_id())

    def party_id(self) -> int | None:
        """The agency of this row: as submitted on a bound form, else as saved or given."""
        if self.is_bound:
            value = self.data.get(self.add_prefix("agency"))
        else:
            value = self.initial.get("agency", self.instance.agency_id)
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None


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
    """The signing parties: at least two, each agency once. The rows share the agency choices
    and one :class:`SignerChoices` (the signer select depends on each row's agency)."""

    shared_choice_fields = ("agency",)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if not hasattr(self, "_signer_choices"):
            self._signer_choices = SignerChoices(self.instance)
        return {**kwargs, "signer_choices": self._signer_choices}

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


class BaseTaskFormSet(OwnRowsInlineFormSet):
    """A program's tasks on its edit page, less the archived ones (hidden from the program's
    page too; restored from the task list, they come back here)."""

    def __init__(self, *args, queryset=None, **kwargs):
        if queryset is None:
            queryset = Task.objects.live()
        super().__init__(*args, queryset=queryset, **kwargs)


TaskFormSet = forms.inlineformset_factory(
    Program,
    Task,
    form=TaskForm,
    formset=BaseTaskFormSet,
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


class ProgramPageForm(LayoutMixin, forms.Form):
    """What a program's page shows, read from its query string: ``?archived=1`` lists the
    archived tasks too (below the others). Never drawn: the page links to it."""

    archived = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def show_archived(self) -> bool:
        return self.is_valid() and self.cleaned_data["archived"]


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
