"""Django admin for directives and their links."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import FoldedSearchMixin, VersionedAdminMixin

from .models import Directive, DirectiveLink


class OutgoingLinkInline(admin.TabularInline):
    model = DirectiveLink
    fk_name = "source"
    extra = 1
    autocomplete_fields = ("target",)
    fields = ("kind", "target", "note")
    verbose_name_plural = _("links to older directives")


class IncomingLinkInline(admin.TabularInline):
    model = DirectiveLink
    fk_name = "target"
    extra = 0
    autocomplete_fields = ("source",)
    fields = ("source", "kind", "note")
    verbose_name_plural = _("directives linked to this one")


@admin.register(Directive)
class DirectiveAdmin(VersionedAdminMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ("identifier", "type_name", "issued_on", "issuing_body", "short_title", "status")
    list_filter = ("status", "type_code", ("issuing_body", admin.RelatedOnlyFieldListFilter))
    autocomplete_fields = ("issuing_body",)
    date_hierarchy = "issued_on"
    list_select_related = ("issuing_body",)
    readonly_fields = ("identifier_key", "type_code", "issuer_code", "number")
    fieldsets = [
        (None, {"fields": ("identifier", "type_name", "issuing_body", "issued_on", "status")}),
        (_("Content"), {"fields": ("title", "summary")}),
        (
            _("Parsed identifier"),
            {
                "fields": ("number", "type_code", "issuer_code", "identifier_key"),
                "classes": ("collapse",),
            },
        ),
    ]
    inlines = [OutgoingLinkInline, IncomingLinkInline]

    @admin.display(description=_("title"), ordering="title")
    def short_title(self, obj: Directive) -> str:
        return obj.title if len(obj.title) <= 80 else f"{obj.title[:79]}…"


@admin.register(DirectiveLink)
class DirectiveLinkAdmin(SimpleHistoryAdmin):
    list_display = ("source", "kind", "target", "note")
    list_filter = ("kind",)
    autocomplete_fields = ("source", "target")
    list_select_related = ("source", "target")
    search_fields = ("source__search_key", "target__search_key")
