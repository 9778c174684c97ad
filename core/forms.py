"""Form pieces every app's forms and filters share: the day-first date box and Bootstrap
classes on widgets."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DayFirstDateInput(forms.DateInput):
    """A date typed day first (26/11/2021) in a text box, not the browser's date picker; the
    format modules (config/formats) render and parse it in both languages."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", **(attrs or {})}
        )


def bootstrap(form: forms.BaseForm) -> forms.BaseForm:
    """Give ``form``'s widgets Bootstrap's classes (selects, checkboxes and the rest)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form
