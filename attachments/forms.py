from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FieldSet, LayoutMixin

from .models import AttachmentKind


class AttachmentForm(LayoutMixin, forms.Form):
    """The upload box under a record's attached files."""

    file = forms.FileField(
        label=_("File"), help_text=_("PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx).")
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=AttachmentKind.choices, initial=AttachmentKind.DOCUMENT
    )
    description = forms.CharField(label=_("Description"), max_length=255, required=False)

    fieldsets = (FieldSet("file", "kind", "description"),)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx"
