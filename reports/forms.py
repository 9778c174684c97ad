"""Forms of the reports app: the export button, the review report (with its issuing bodies and
results parts inline) and marking a report final."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Official
from core.autocomplete import AutocompleteSelect
from core.concurrency import VersionedFormMixin
from core.forms import DayFirstDateInput, Field, FieldSet, LayoutMixin
from programs.models import ReviewMeeting

from .models import ReportKind, ReviewReport, ReviewReportIssuer, ReviewReportPart


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k, label) for k, label in ReportKind.choices if k in allowed
        ]


def _year_input():
    return forms.NumberInput(attrs={"placeholder": _("yyyy"), "min": 1945, "max": 2100})


def _text(rows: int):
    return forms.Textarea(attrs={"rows": rows})


class ReviewReportForm(LayoutMixin, VersionedFormMixin, forms.ModelForm):
    """A draft review report: the proposals to check and the sections to write."""

    fieldsets = (
        FieldSet(
            Field("as_of", "col-6 col-md-3"),
            Field("report_date", "col-6 col-md-3"),
            Field("place", "col-md-3"),
            Field("form", "col-md-3"),
            Field("reviewed_from", "col-4 col-md-2"),
            Field("reviewed_to", "col-4 col-md-2"),
            Field("period_years", "col-4 col-md-2"),
            Field("symbol", "col-md-6"),
            "subject_line",
            Field("approved_at", "col-md-8"),
            name=_("Document"),
        ),
        FieldSet(
            "opening",
            "organisation",
            "results",
            name=_("Narrative: organisation and results"),
            description=_(
                "One paragraph a line. The figures (tasks, progress, meetings) are added from "
                "the records as of the as-of date; an empty section is marked on the draft and "
                "left out of the final report."
            ),
        ),
        FieldSet(
            "strengths",
            "shortcomings",
            "causes",
            "lessons",
            "directions",
            "recommendations",
            name=_("Narrative: assessment, directions, recommendations"),
            part="assessment",
        ),
        FieldSet(
            Field("recipients", "col-md-6"),
            Field("notes", "col-md-6"),
            name=_("Recipients and notes"),
            part="end",
        ),
    )

    class Meta:
        model = ReviewReport
        fields = [
            "as_of",
            "report_date",
            "place",
            "form",
            "reviewed_from",
            "reviewed_to",
            "period_years",
            "symbol",
            "subject_line",
            "approved_at",
            "opening",
            *ReviewReport.NARRATIVE,
            "recipients",
            "notes",
        ]
        widgets = {
            "as_of": DayFirstDateInput,
            "report_date": DayFirstDateInput,
            "reviewed_from": _year_input(),
            "reviewed_to": _year_input(),
            "subject_line": _text(2),
            "opening": _text(3),
            "organisation": _text(5),
            "results": _text(5),
            "strengths": _text(4),
            "shortcomings": _text(4),
            "causes": _text(4),
            "lessons": _text(4),
            "directions": _text(5),
            "recommendations": _text(4),
            "recipients": _text(4),
            "notes": _text(4),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report = self.instance
        meetings = ReviewMeeting.objects.order_by("-held_on", "pk")
        if report.program_id:
            meetings = meetings.filter(programs=report.program_id)
        elif report.directive_id:
            meetings = meetings.filter(directives=report.directive_id)
        self.fields["approved_at"].queryset = meetings
        if report.pk:
            self.fields["version"].required = True


class ReviewReportIssuerForm(LayoutMixin, forms.ModelForm):
    fieldsets = (
        FieldSet(
            Field("agency", "col-md-4"),
            Field("authority", "col-md-4"),
            Field("signer_title", "col-md-4"),
            Field("signer_name", "col-md-4"),
            Field("signer", "col-md-4"),
            Field("DELETE", "col-md-2 align-self-end", label=_("Remove")),
        ),
    )

    class Meta:
        model = ReviewReportIssuer
        fields = ["agency", "authority", "signer_title", "signer_name", "signer"]
        widgets = {
            "agency": AutocompleteSelect("agency"),
            "signer": AutocompleteSelect("official"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.ordered()
        self.fields["signer"].queryset = Official.objects.all()


class ReviewReportPartForm(LayoutMixin, forms.ModelForm):
    fieldsets = (
        FieldSet(
            Field("heading", "col-md-10"),
            Field("DELETE", "col-md-2 align-self-end", label=_("Remove")),
            "text",
        ),
    )

    class Meta:
        model = ReviewReportPart
        fields = ["heading", "text"]
        widgets = {"heading": _text(1), "text": _text(4)}


IssuerFormSet = forms.inlineformset_factory(
    ReviewReport,
    ReviewReportIssuer,
    form=ReviewReportIssuerForm,
    extra=0,
    min_num=1,
    validate_min=True,
    can_delete=True,
)
PartFormSet = forms.inlineformset_factory(
    ReviewReport, ReviewReportPart, form=ReviewReportPartForm, extra=0, can_delete=True
)


class ReviewReportFinalizeForm(LayoutMixin, VersionedFormMixin, forms.ModelForm):
    """Mark a report final with the number the registry gave it and its date."""

    fieldsets = (FieldSet(Field("number", "col-md-4"), Field("report_date", "col-md-4")),)

    class Meta:
        model = ReviewReport
        fields = ["number", "report_date"]
        widgets = {"report_date": DayFirstDateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = True
        self.fields["report_date"].required = True
        self.fields["version"].required = True
