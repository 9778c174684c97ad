"""Forms of the agency pages. Agencies, officials and positions are edited in Django admin;
here only the filter forms' widgets live."""

from django import forms
from django.utils.translation import gettext_lazy as _


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


class DateTextInput(forms.DateInput):
    """A date typed day first (26/11/2021) in a text box."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", **(attrs or {})},
            format="%d/%m/%Y",
        )
