from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Attachment


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
    list_filter = ("kind", "content_type")
    search_fields = ("original_name", "description")
    readonly_fields = ("media_type", "size", "checksum", "uploaded_by", "uploaded_at")
