from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Attachment
from .registry import ATTACHABLE


def _attachable_types() -> Q:
    """The content types of the records that take attachments (attachments.registry), not
    every table of the project (history tables, sessions, sign-in logs)."""
    query = Q(pk__in=[])
    for label in ATTACHABLE:
        app_label, model = label.split(".")
        query |= Q(app_label=app_label, model=model)
    return query


class AttachableTypeFilter(admin.SimpleListFilter):
    title = _("kind of record")
    parameter_name = "content_type"

    def lookups(self, request, model_admin):
        types = ContentType.objects.filter(_attachable_types())
        return [(ct.pk, ct.model_class()._meta.verbose_name) for ct in types]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(content_type_id=self.value())
        return queryset


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = (
        "original_name",
        "kind",
        "content_type",
        "object_id",
        "uploaded_by",
        "uploaded_at",
    )
    list_filter = ("kind", AttachableTypeFilter)
    search_fields = ("original_name", "description")
    readonly_fields = ("media_type", "size", "checksum", "uploaded_by", "uploaded_at")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            kwargs["queryset"] = ContentType.objects.filter(_attachable_types())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
