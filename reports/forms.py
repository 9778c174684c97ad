"""The export form behind the "Export report" button."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReportKind


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k, label) for k, label in ReportKind.choices if k in allowed
        ]
