"""Template helpers every page shares: forms drawn from their declared layout, Bootstrap-styled
fields, status badges and progress bars.

``{% load ph %}`` then:

- ``{% render_form form %}``: a whole form or formset row from its ``fieldsets``
  (:class:`core.forms.LayoutMixin`), hidden fields included; ``part="end"`` draws the fieldsets
  declared for another place on the page, ``small=True`` compact rows, ``row=True`` the row's
  own errors;
- ``{% ph_field form.title %}``: one field: label, widget (with the right Bootstrap class and
  ``is-invalid``), help text and errors;
- ``{{ form.title|ph_widget }}``: the widget alone, styled (the one place Bootstrap's classes
  are put on widgets, filters' forms included);
- ``{% status_badge obj.status obj.get_status_display %}``: a coloured badge for a status or kind;
- ``{% progress_bar task.progress %}``: a labelled progress bar;
- ``{% rollup_line program.rollup %}``: a program's progress bar and task counts on one line.

Dates in the Vietnamese official form are :mod:`core.dates`'s.
"""

from django import forms, template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from core import access
from core.forms import CONFIRM_FIELD, MAIN

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


@register.inclusion_tag("core/includes/_form.html")
def render_form(form, part: str = MAIN, small: bool = False, row: bool = False):
    """A form or formset row drawn from its declared layout (see :mod:`core.forms`)."""
    warnings = getattr(form, "warnings", None)
    return {
        "form": form,
        # The warnings and their confirmation box, drawn once, above the first part.
        "confirm": form[CONFIRM_FIELD] if warnings and part == form._first_part() else None,
        "fieldsets": form.layout(part),
        "hidden": form.layout_hidden_fields(part),
        "small": small,
        "row": row,
    }


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


@register.simple_tag
def progress_bar(value, overdue: bool = False) -> str:
    """A labelled progress bar for a percentage (0-100), on one line, without
    aria-valuemin/max (0 and 100 are a progressbar's defaults). Built here rather than from a
    template: lists draw it on every row, and an inclusion tag's template render is the most
    costly part of a row (a list of 100 programs spent ~4 ms in them)."""
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
    return format_html(
        '<div class="d-flex align-items-center gap-2 ph-progress"><div class="progress flex-grow-1'
        ' ph-progress-thin" role="progressbar" aria-label="{}" aria-valuenow="{}"><div'
        ' class="progress-bar {} ph-w-{}"></div></div><span class="small text-muted text-nowrap'
        ' ph-progress-value">{}%</span></div>',
        gettext("Progress"),
        percent,
        colour,
        percent,
        percent,
    )


@register.simple_tag
def rollup_line(rollup) -> str:
    """One line of a program's progress at a glance, for lists and panels: the progress bar
    and the task counts by class (``rollup``: :class:`programs.progress.Rollup`). Built here
    for the same reason as :func:`progress_bar`: a list draws it on every row."""
    overdue = ""
    if rollup.overdue:
        overdue = format_html(
            ' · <span class="text-danger fw-semibold">{}</span>',
            ngettext("%(counter)s overdue", "%(counter)s overdue", rollup.overdue)
            % {"counter": rollup.overdue},
        )
    return format_html(
        '<div class="ph-rollup-line mt-1" data-testid="rollup"><div class="ph-progress-inline">'
        '{}</div><div class="small text-muted">{}{}</div></div>',
        progress_bar(rollup.progress, rollup.overdue),
        gettext("%(done)s/%(total)s completed") % {"done": rollup.done, "total": rollup.total},
        overdue,
    )


@register.inclusion_tag("core/includes/_sort_header.html", takes_context=True)
def sort_header(context, key: str, label: str, css: str = ""):
    """A list's header cell that sorts by the column ``key`` of the view's ``sort_columns``:
    ascending first, a second click descending; the filters are kept, the page goes back to
    the first."""
    current = context.get("current_sort", "")
    direction = "asc" if current == key else "desc" if current == f"-{key}" else ""
    query = context["request"].GET.copy()
    query["sort"] = f"-{key}" if direction == "asc" else key
    query.pop("page", None)
    return {"label": label, "direction": direction, "url": f"?{query.urlencode()}", "css": css}


@register.simple_tag(takes_context=True)
def page_size_url(context, size: int) -> str:
    """The current list with ``size`` rows per page, from its first page."""
    query = context["request"].GET.copy()
    query["per_page"] = size
    query.pop("page", None)
    return f"?{query.urlencode()}"


@register.inclusion_tag("core/includes/_archive_form.html", takes_context=True)
def archive_form(context, record):
    """The "Archive" button of a record's page (with the change permission), or, on an
    archived record, "Restore" (with the ``restore_<model>`` permission). Posts to the URL
    named ``<app>:<model>_archive`` / ``_restore`` (``core.views.ArchiveView``)."""
    meta = record._meta
    restore = record.archived_at is not None
    action = "restore" if restore else "archive"
    permission = f"{meta.app_label}.{'restore' if restore else 'change'}_{meta.model_name}"
    user = context["request"].user
    return {
        "allowed": user.has_perm(permission, record),
        "restore": restore,
        "url": reverse(f"{meta.app_label}:{meta.model_name}_{action}", args=[record.pk]),
        "csrf_token": context.get("csrf_token"),
        "name": meta.verbose_name,
    }


@register.simple_tag(takes_context=True)
def may(context, action: str, record) -> bool:
    """``{% may "change" object as can_change %}``: whether the signed-in user may do
    ``action`` on ``record``, by the role and the agency scope (:func:`core.access.may`), so a
    page shows "Edit" only where the edit would be allowed."""
    return access.may(context["request"].user, action, type(record), record)


@register.filter
def capped(items):
    """The first :setting:`RELATED_LIST_LIMIT` rows of a related list on a detail page (the
    rest are one "see all" link away: :func:`see_all`)."""
    return list(items)[: settings.RELATED_LIST_LIMIT]


@register.inclusion_tag("core/includes/_see_all.html")
def see_all(items, url_name: str, param: str, value):
    """ "See all (1.716)" under a related list cut by :func:`capped`, linking to the list
    filtered to the record (``url_name?param=value``); nothing when the whole list shows.
    ``items`` is the whole list, or a :class:`core.panels.Capped` list (only its first rows,
    with its ``total``)."""
    count = getattr(items, "total", None)
    if count is None:
        count = len(items)
    if count <= settings.RELATED_LIST_LIMIT:
        return {"url": ""}
    return {"url": f"{reverse(url_name)}?{urlencode({param: value})}", "count": count}
