"""Every form declares its layout, and the layout names exactly the form's fields."""

import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.template import Context, Template

from core.forms import FORMSET_FIELDS, FieldSet, LayoutMixin

#: Forms that no page draws field by field, with the reason.
NOT_DRAWN = {
    # Posted by one "Export report" button per kind, each with the kind in a hidden input.
    "reports.forms.ReportRequestForm": "one button per report kind",
}


def project_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in a ``forms`` module of the project's own apps."""
    found = []
    for config in apps.get_app_configs():
        if Path(config.path).parent != Path(settings.BASE_DIR):  # Django's and libraries'
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, forms.BaseForm)
                and cls.__module__ == module.__name__
                and cls not in (forms.Form, forms.ModelForm)
                and not cls.__name__.endswith("Mixin")  # pieces of forms, not forms
            ):
                found.append(cls)
    return found


FORM_CLASSES = project_form_classes()


def test_the_project_forms_are_found():
    names = {cls.__name__ for cls in FORM_CLASSES}
    assert {"ProgramForm", "TaskForm", "DirectiveForm", "DirectiveLinkForm"} <= names


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda cls: cls.__name__)
def test_every_field_of_every_form_is_in_its_fieldsets(form_class):
    label = f"{form_class.__module__}.{form_class.__name__}"
    if label in NOT_DRAWN:
        return
    assert issubclass(form_class, LayoutMixin), f"{label} declares no fieldsets"
    fields = {name for name, field in form_class.base_fields.items() if not field.widget.is_hidden}
    placed = form_class.layout_names()
    assert fields - placed == set(), f"{label}: fields missing from its fieldsets"
    assert placed - set(form_class.base_fields) - FORMSET_FIELDS == set(), (
        f"{label}: fieldsets name fields the form does not have"
    )


class Sample(LayoutMixin, forms.Form):
    fieldsets = (FieldSet("title", name="Main"), FieldSet("reason", part="end"))

    title = forms.CharField()
    reason = forms.CharField(required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    forgotten = forms.CharField(required=False)


def render(form, part="main") -> str:
    template = Template("{% load ph %}{% render_form form part=part %}")
    return template.render(Context({"form": form, "part": part}))


def test_render_form_draws_the_layout_hidden_fields_and_what_the_layout_forgot():
    main = render(Sample())
    assert '<legend class="h5 mb-3">Main</legend>' in main
    for name in ("title", "secret", "forgotten"):
        assert f'name="{name}"' in main
    assert 'name="reason"' not in main
    end = render(Sample(), part="end")
    assert 'name="reason"' in end
    assert 'name="title"' not in end and 'name="secret"' not in end
