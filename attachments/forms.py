from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import bootstrap

from .models import AttachmentKind


class AttachmentForm(forms.Form):
    """The upload box under a record's attachments."""

    file = forms.FileField(label=_("File"))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=AttachmentKind.choices, initial=AttachmentKind.DOCUMENT
    )
    description = forms.CharField(label=_("Description"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx"
