"""What every app's admin shares: search that ignores diacritics, case and Unicode form, the
"changed meanwhile" notice on versioned rows, and permissions named in the user's language."""

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import scopes
from .access import CHANGE, DELETE, may
from .concurrency import VERSION_CONFLICT, EditConflict, claim_version
from .identifiers import try_parse_identifier
from .text import fold


class FoldedSearchMixin:
    """Admin search on the model's folded ``search_key``: "ban dan van" finds "Ban Dân vận",
    and for models with identifiers any spelling of an identifier finds its row.

    Also serves the autocomplete widgets that point at the model.
    """

    search_fields = ("search_key",)

    def get_search_results(self, request, queryset, search_term):
        term = fold(search_term)
        if not term:
            return queryset, False
        matches = queryset.filter(search_key__contains=term)
        parsed = try_parse_identifier(search_term)
        if parsed is not None and hasattr(queryset.model, "identifier_key"):
            matches = matches | queryset.filter(identifier_key=parsed.key)
        return matches, False


class ReadOnlyHistoryMixin:
    """Admin pages of historical records only show; the history is kept forever."""

    def has_delete_permission(self, request, obj=None):
        return False


class VersionedAdminForm(forms.ModelForm):
    """An admin form for a :class:`core.models.VersionedModel` row that carries, hidden, the
    version it was opened at, and refuses the save when the row was saved since.

    The check runs in ``clean()``: the admin validates and saves inside one transaction, so
    :func:`core.concurrency.claim_version` locks the row until the save, and the save itself
    only writes over that version. On conflict the form keeps the input, gets the notice as a
    non-field error, keeps the :class:`~core.concurrency.EditConflict` in ``conflict`` (for the
    list of changes) and now carries the current version, so a deliberate second save goes
    through — as the app's forms do.
    """

    #: Inline rows the user did not change are not saved, so they are not checked either.
    check_unchanged = True

    opened_version = forms.IntegerField(
        label=_("version opened"), widget=forms.HiddenInput, required=False, min_value=0
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: EditConflict | None = None
        instance = self.instance
        if instance.pk is not None:
            opened = instance.__dict__.get("_opened_version")
            if opened is None:  # not read from the database: a history "revert" form
                opened = (
                    type(instance)
                    ._default_manager.filter(pk=instance.pk)
                    .values_list("version", flat=True)
                    .first()
                )
            self.fields["opened_version"].initial = opened

    @property
    def changed_data(self) -> list[str]:
        return [name for name in super().changed_data if name != "opened_version"]

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("opened_version")
        if self.instance.pk is None or opened is None:
            return cleaned
        if not self.check_unchanged and not self.has_changed():
            return cleaned
        try:
            with transaction.atomic():
                claim_version(self.instance, expected=opened)
        except EditConflict as conflict:
            self.conflict = conflict
            data = self.data.copy()
            data[self.add_prefix("opened_version")] = str(conflict.current)
            self.data = data
            raise ValidationError(VERSION_CONFLICT, code="conflict") from conflict
        return cleaned


class VersionedInlineAdminForm(VersionedAdminForm):
    check_unchanged = False


def _with_opened_version(fieldsets):
    """``fieldsets`` with the hidden ``opened_version`` added to the first one."""
    fieldsets = [(name, dict(options)) for name, options in fieldsets]
    if fieldsets and "opened_version" not in fieldsets[0][1]["fields"]:
        fieldsets[0][1]["fields"] = (*fieldsets[0][1]["fields"], "opened_version")
    return fieldsets


class VersionedInlineMixin:
    """For the inline admin of a versioned model (a program's tasks): each row carries the
    version it was opened at and a stale row is refused with the notice."""

    form = VersionedInlineAdminForm

    def get_fieldsets(self, request, obj=None):
        return _with_opened_version(super().get_fieldsets(request, obj))


class VersionedAdminMixin:
    """For the ModelAdmin of a :class:`core.models.VersionedModel`: the change form carries the
    version it was opened at, and a save over a newer version is refused with the same
    "changed meanwhile" notice and list of changes as the app's forms
    (:class:`VersionedAdminForm`). Put it before ``SimpleHistoryAdmin`` in the bases."""

    form = VersionedAdminForm
    change_form_template = "admin/core/versioned_change_form.html"

    def get_fieldsets(self, request, obj=None):
        return _with_opened_version(super().get_fieldsets(request, obj))

    def render_change_form(self, request, context, *args, **kwargs):
        forms_shown = [context["adminform"].form] if "adminform" in context else []
        for inline in context.get("inline_admin_formsets", ()):
            forms_shown.extend(inline.formset.forms)
        context["conflicts"] = [
            form.conflict for form in forms_shown if getattr(form, "conflict", None)
        ]
        return super().render_change_form(request, context, *args, **kwargs)


class ScopedAdminMixin:
    """Django admin asks about the row with the agency scope (:mod:`core.scopes`), as the app
    does: a row out of the user's scope shows read-only and cannot be deleted; a row saved so
    that it no longer answers to the user's agency (a new program without their agency among
    its parties or leads) is refused, and the admin's transaction rolls the save back.
    Administrators (``programs.edit_all_agencies``, superusers) are not scoped."""

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return may(request.user, CHANGE, self.model, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return may(request.user, DELETE, self.model, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record = form.instance
        scopes.forget_record(record)  # read again, with the parties and leads just saved
        why = scopes.refusal(request.user, record, None)
        if why is not None:
            raise PermissionDenied(why)


admin.site.empty_value_display = "—"


#: The four permissions Django makes for every model, named as the admin's pickers show them.
DEFAULT_PERMISSION_LABELS = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"),
    "view": _("Can view %(name)s"),
}


def _is_history_model(model) -> bool:
    """A django-simple-history table (its permissions are never given: the history is read
    through the record's own)."""
    return model is None or model.__name__.startswith("Historical")


def permission_label(permission: Permission) -> str:
    """ "Chương trình | chương trình | Có thể thêm chương trình": Django names permissions in
    English in the database ("Can add program"); this names them in the active language,
    from the model's and the app's verbose names (a custom permission by its own name, which
    the app's catalogue translates)."""
    model = permission.content_type.model_class()
    verbose = model._meta.verbose_name
    action, _sep, rest = permission.codename.partition("_")
    if rest == model._meta.model_name and action in DEFAULT_PERMISSION_LABELS:
        name = DEFAULT_PERMISSION_LABELS[action] % {"name": verbose}
    else:
        name = gettext(permission.name)
    app = apps.get_app_config(model._meta.app_label).verbose_name
    return f"{app} | {verbose} | {name}"


class PermissionLabelsMixin:
    """Admin pages with a permission picker (groups, users): the permissions named in the
    user's language, without the history tables' own (never given)."""

    permission_fields = ("permissions", "user_permissions")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in self.permission_fields and field is not None:
            permissions = field.queryset.select_related("content_type")
            kept = [
                p.pk for p in permissions if not _is_history_model(p.content_type.model_class())
            ]
            field.queryset = permissions.filter(pk__in=kept)
            field.label_from_instance = permission_label
        return field


if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(PermissionLabelsMixin, GroupAdmin):
    """Django's group admin (the roles), with the permissions named in Vietnamese."""
