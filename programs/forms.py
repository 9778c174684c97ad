"""Forms for programs (with their signatories and tasks inline), progress updates and review
meetings. Dates are typed day first (26/11/2021) in plain text inputs."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Official, Position
from core.autocomplete import (
    AutocompleteChoicesSelect,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from core.collation import vietnamese
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
    FIRST_YEAR,
    LAST_YEAR,
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
    return forms.NumberInput(attrs={"placeholder": _("yyyy"), "min": FIRST_YEAR, "max": LAST_YEAR})


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
    """The suggestions a program's party rows draw in their signer box, read once for all the
    rows: the officials holding a position at the row's agency on the signing date (with that
    title), then the row's chosen official when they are not one of them, under a label that
    says choosing them needs a confirmation (the model's ``SIGNER_WITHOUT_POSITION`` warning).
    Typing searches every official (the ``signer`` source, :mod:`agencies.autocomplete`, in
    the same order), so the page never lists them all.

    Two queries whatever the number of rows: the positions held on the signing date (with
    the officials' names), and the chosen officials. The signing date and a row's agency are
    read when the box is drawn, so a page drawn again after a refused save follows the date
    and agencies just typed."""

    def __init__(self, program: Program | None = None):
        self.program = program
        self.form_data = None
        self._held: dict = {}
        self._chosen: set[int] = set()
        self._names: dict[int, str] | None = None

    def signed_on(self):
        """The signing date: as submitted on a bound program form, else as saved."""
        if self.form_data is not None:
            try:
                return forms.DateField().clean(self.form_data.get("signed_on", ""))
            except ValidationError:
                return None
        return getattr(self.program, "signed_on", None)

    def choose(self, official_id: int | None) -> None:
        """Note a row's chosen official, to name it (all rows in one query)."""
        if official_id:
            self._chosen.add(official_id)
            self._names = None

    def names(self) -> dict[int, str]:
        if self._names is None:
            self._names = {o.pk: str(o) for o in Official.objects.filter(pk__in=self._chosen)}
        return self._names

    def holders(self, on) -> dict[int, list[tuple[int, str]]]:
        """Agency id → [(official id, "name – titles")] held there on ``on``, in Vietnamese
        order of the names."""
        if on not in self._held:
            held: dict[int, dict[int, list[str]]] = {}
            names: dict[int, str] = {}
            for agency_id, official_id, name, title in (
                Position.objects.held_on(on)
                .order_by(vietnamese("official__full_name"), "official_id", "pk")
                .values_list("agency_id", "official_id", "official__full_name", "title")
            ):
                held.setdefault(agency_id, {}).setdefault(official_id, []).append(title)
                names[official_id] = name
            self._held[on] = {
                agency: [(pk, f"{names[pk]} – {', '.join(titles)}") for pk, titles in by.items()]
                for agency, by in held.items()
            }
        return self._held[on]

    def choices(self, agency_id: int | None, chosen: int | None) -> list:
        blank = [("", "---------")]
        on = self.signed_on()
        holding = self.holders(on).get(agency_id, []) if agency_id and on else []
        others = (
            [(chosen, self.names().get(chosen, str(chosen)))]
            if chosen and chosen not in {pk for pk, _label in holding}
            else []
        )
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
        widgets = {
            "agency": AutocompleteSelect("agency"),
            "official": AutocompleteChoicesSelect(
                "signer", forward={"agency": "agency", "on": "signed_on"}
            ),
        }

    def __init__(self, *args, signer_choices: SignerChoices | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.ordered()
        self.fields["official"].queryset = Official.objects.all()
        self.fields["title"].help_text = ""  # said once above the rows, not on every row
        if Signatory.agency.is_cached(self.instance):
            # Read with the rows (BaseSignatoryFormSet.__init__): no query per row.
            self.fields["agency"].widget.know(self.instance.agency)
        program = self.instance.program if Signatory.program.is_cached(self.instance) else None
        self.signer_choices = signer_choices or SignerChoices(program)
        if self.is_bound:
            self.signer_choices.form_data = self.data
        self.signer_choices.choose(self.chosen_signer())
        # A callable: read when the box is drawn, after the page's forms were validated.
        self.fields["official"].choices = lambda: self.signer_choices.choices(
            self.party_id(), self.chosen_signer()
        )

    def chosen_signer(self) -> int | None:
        """The official of this row: as submitted on a bound form, else as saved or given."""
        if self.is_bound:
            value = self.data.get(self.add_prefix("official"))
        else:
            value = self.initial.get("official", self.instance.official_id)
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

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


class BaseSignatoryFormSet(OwnRowsInlineFormSet):
    """The signing parties: at least two, each agency once. Agencies and officials are picked
    on demand (:mod:`core.autocomplete`): a row reads only its chosen ones, and the rows share
    one :class:`SignerChoices` (the signer box suggests the party's officials)."""

    def __init__(self, *args, queryset=None, **kwargs):
        # The parties' agencies read with the rows: each row's agency box draws its own.
        if queryset is None:
            queryset = Signatory.objects.select_related("agency")
        super().__init__(*args, queryset=queryset, **kwargs)

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


class BaseTaskFormSet(OwnRowsInlineFormSet):
    """A program's tasks on its edit page, less the archived ones (hidden from the program's
    page too; restored from the task list, they come back here)."""

    def __init__(self, *args, queryset=None, **kwargs):
        if queryset is None:
            queryset = Task.objects.live()
        super().__init__(*args, queryset=queryset, **kwargs)


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
            "programs": AutocompleteSelectMultiple("program_writable"),
            "signed_programs": AutocompleteSelectMultiple("program_writable"),
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
