"""Template helpers every page shares: Bootstrap-styled form fields, status badges, progress
bars and Vietnamese official dates.

``{% load ph %}`` then:

- ``{% ph_field form.title %}``: label, widget (with the right Bootstrap class and
  ``is-invalid``), help text and errors;
- ``{{ form.title|ph_widget }}``: the widget alone, styled;
- ``{% status_badge obj.status obj.get_status_display %}``: a coloured badge for a status or kind;
- ``{% progress_bar task.progress %}``: a labelled progress bar;
- ``{{ date|vi_date }}``: "ngày 26 tháng 11 năm 2021" as official headers write it.
"""

import datetime

from django import forms, template
from django.utils.html import format_html

register = template.Library()

#: Bootstrap colour of each status or kind value, across the apps' TextChoices.
BADGE_COLOURS = {
    "draft": "secondary",
    "in_force": "success",
    "completed": "primary",
    "terminated": "dark",
    "replaced": "warning",
    "expired": "secondary",
    "not_started": "secondary",
    "in_progress": "info",
    "done": "success",
    "cancelled": "dark",
    "overdue": "danger",
    "interim_review": "info",
    "final_review": "primary",
    "working_session": "secondary",
    "signing": "warning",
}


def _widget_class(widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple) and not isinstance(
        widget, forms.CheckboxSelectMultiple | forms.RadioSelect
    ):
        return "form-select"
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return ""
    return "form-control"


@register.filter
def ph_widget(bound_field, extra: str = ""):
    """Render a bound field's widget with Bootstrap classes (``is-invalid`` on error)."""
    classes = [_widget_class(bound_field.field.widget), extra]
    if bound_field.errors:
        classes.append("is-invalid")
    attrs = {"class": " ".join(c for c in classes if c)}
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    if bound_field.help_text:
        attrs["aria-describedby"] = f"{bound_field.auto_id}_help"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.filter
def is_checklist(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxSelectMultiple)


@register.inclusion_tag("core/includes/_field.html")
def ph_field(bound_field, label: str | None = None, small: bool = False):
    """A form field with its label, help text and errors, in Bootstrap markup."""
    return {"field": bound_field, "label": label, "small": small}


@register.simple_tag
def status_badge(value: str, label: str = "") -> str:
    colour = BADGE_COLOURS.get(str(value), "secondary")
    text_class = " text-dark" if colour in {"warning", "info"} else ""
    return format_html(
        '<span class="badge rounded-pill text-bg-{}{} ph-badge" data-status="{}">{}</span>',
        colour,
        text_class,
        value,
        label or value,
    )


@register.inclusion_tag("core/includes/_progress.html")
def progress_bar(value, overdue: bool = False):
    """A labelled progress bar for a percentage (0-100)."""
    try:
        percent = max(0, min(100, int(value or 0)))
    except (TypeError, ValueError):
        percent = 0
    if percent >= 100:
        colour = "bg-success"
    elif overdue:
        colour = "bg-danger"
    else:
        colour = "ph-progress-bar"
    return {"percent": percent, "colour": colour}


@register.filter
def vi_date(value) -> str:
    """A date as Vietnamese official text writes it: "ngày 03 tháng 4 năm 2018" (day below 10
    and months 1 and 2 padded with a zero, months 3 to 12 not)."""
    if not isinstance(value, datetime.date):
        return ""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    # The Vietnamese official form itself, in every interface language (it is what documents
    # print), so it is not a translatable string.
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"
