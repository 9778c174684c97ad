"""Report jobs in Django admin: read-mostly, for administrators tracing a failed export."""

from django.contrib import admin

from core.admin import ScopedAdminMixin

from .models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "pk",
        "kind",
        "program",
        "directive",
        "status",
        "progress",
        "requested_by",
        "created_at",
        "finished_at",
        "size",
    )
    list_filter = ("status", "kind")
    list_select_related = ("program", "directive", "requested_by")
    search_fields = ("program__identifier", "directive__identifier", "error")
    readonly_fields = (
        "request_key",
        "task_id",
        "attempts",
        "checksum",
        "fingerprint",
        "size",
        "pages",
        "created_at",
        "started_at",
        "finished_at",
        "file",
    )
    raw_id_fields = ("program", "directive", "requested_by")
    date_hierarchy = "created_at"
