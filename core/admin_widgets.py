"""A fix for Django's admin autocomplete widgets: re-showing a refused form whose autocomplete
field was posted a value that is not an id (``?coordinating_agencies=abc``) raised ``ValueError``
(a server error) while rendering the selected options. The values that cannot be ids of the
related model are left out of that rendering; the form still shows its "select a valid choice"
error. Installed once from :meth:`core.apps.CoreConfig.ready`."""

from django.contrib.admin import widgets
from django.core.exceptions import ValidationError

_original_optgroups = widgets.AutocompleteMixin.optgroups


def _valid_values(widget, value) -> list:
    remote = widget.field.remote_field
    target = remote.model._meta.get_field(
        getattr(remote, "field_name", None) or remote.model._meta.pk.name
    )
    valid = []
    for item in value:
        try:
            target.to_python(item)
        except (ValidationError, TypeError, ValueError):
            continue
        valid.append(item)
    return valid


def _optgroups(self, name, value, attr=None):
    return _original_optgroups(self, name, _valid_values(self, value), attr)


def install() -> None:
    widgets.AutocompleteMixin.optgroups = _optgroups
