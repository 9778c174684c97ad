"""Django admin for the administrators who maintain agencies, officials and positions."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import FoldedSearchMixin, PermissionLabelsMixin
from core.forms import ConfirmMixin
from core.text import fold

from .models import Agency, AgencyName, Official, Position, UserProfile


class PositionInline(admin.TabularInline):
    model = Position
    extra = 1
    autocomplete_fields = ("official", "agency")
    fields = ("official", "agency", "title", "start_date", "end_date", "order")


class AgencyPositionInline(PositionInline):
    fk_name = "agency"
    verbose_name_plural = _("positions at this agency")


class OfficialPositionInline(PositionInline):
    fk_name = "official"
    verbose_name_plural = _("positions held")


class AgencyNameInline(admin.TabularInline):
    model = AgencyName
    extra = 0
    fields = ("name", "short_name", "valid_from", "valid_to")


class ChildAgencyInline(admin.TabularInline):
    model = Agency
    fk_name = "parent"
    extra = 0
    fields = ("name", "short_name", "kind")
    show_change_link = True
    verbose_name_plural = _("units under this agency")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class InForceListFilter(admin.SimpleListFilter):
    title = _("in force")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", _("in force today")), ("no", _("no longer in force"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.in_force()
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.in_force().values("pk"))
        return queryset


class AgencyAdminForm(ConfirmMixin, forms.ModelForm):
    """An agency whose name nearly repeats a live sibling's is a warning to confirm."""

    class Meta:
        model = Agency
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "valid_from",
            "valid_to",
            "successor",
            "notes",
            "seat",
        ]


@admin.register(Agency)
class AgencyAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    form = AgencyAdminForm
    # Readable at 1,366 px beside the admin's menu and filters: the parents and the short name
    # in the name's cell (a parent column repeated them), the kind without its explanation in
    # brackets, the dates in force in one column; measured by tests/e2e/test_admin.py.
    list_display = ("hierarchy_name", "kind_label", "validity", "unit_count")

    class Media:
        css = {"all": ("css/admin-agencies.css",)}

    list_filter = ("kind", InForceListFilter, ("parent", admin.RelatedOnlyFieldListFilter))
    autocomplete_fields = ("parent", "successor")
    fieldsets = [
        # "confirmed" is hidden until the name nearly repeats a sibling's (a warning).
        (None, {"fields": ("name", "confirmed", "short_name", "kind", "parent", "seat")}),
        (_("Validity and succession"), {"fields": ("valid_from", "valid_to", "successor")}),
        (_("Notes"), {"fields": ("notes",)}),
    ]
    inlines = [AgencyNameInline, ChildAgencyInline, AgencyPositionInline]
    list_select_related = ("parent__parent",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(units=Count("children"))

    @admin.display(description=_("agency (hierarchy)"), ordering="name")
    def hierarchy_name(self, obj: Agency):
        """The agency with its parents, nearest last, and its short name: "Bộ Ngoại giao ›
        Ủy ban Nhà nước về … (UBNV)"."""
        chain = [obj.parent.parent, obj.parent] if obj.parent else []
        parents = " › ".join(str(agency) for agency in chain if agency is not None)
        short = (
            format_html(' <span class="quiet">({})</span>', obj.short_name)
            if obj.short_name
            else ""
        )
        if not parents:
            return format_html("{}{}", obj.name, short)
        return format_html('<span class="quiet">{} ›</span> {}{}', parents, obj.name, short)

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj: Agency) -> str:
        """ "Cơ quan Đảng" for "Cơ quan Đảng (cấp ủy, ban đảng, ban cán sự đảng)"."""
        return str(obj.get_kind_display()).split(" (")[0]

    @admin.display(description=_("in force"), ordering="valid_from")
    def validity(self, obj: Agency) -> str:
        if not (obj.valid_from or obj.valid_to):
            return "—"
        ends = [f"{day:%d/%m/%Y}" if day else "…" for day in (obj.valid_from, obj.valid_to)]
        return " – ".join(ends)

    @admin.display(description=_("units"), ordering="units")
    def unit_count(self, obj):
        return obj.units


@admin.register(Official)
class OfficialAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ("full_name", "current_titles")
    inlines = [OfficialPositionInline]
    fields = ("full_name", "notes")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("positions__agency")

    @admin.display(description=_("titles (all positions)"))
    def current_titles(self, obj: Official) -> str:
        return "; ".join(f"{p.title}, {p.agency}" for p in obj.positions.all())


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ("official", "title", "agency", "start_date", "end_date")
    list_filter = (("agency", admin.RelatedOnlyFieldListFilter),)
    autocomplete_fields = ("official", "agency")
    list_select_related = ("official", "agency")
    search_fields = ("official__search_key", "agency__search_key")
    date_hierarchy = "start_date"

    def get_search_results(self, request, queryset, search_term):
        """Search the official's and the agency's folded names, whatever the diacritics."""
        return super().get_search_results(request, queryset, fold(search_term))


class UserProfileInline(admin.StackedInline):
    """The account's profile (agency, official) on Django's user page."""

    model = UserProfile
    can_delete = False
    min_num = 1
    max_num = 1
    autocomplete_fields = ("agency", "official")
    fields = ("agency", "official")
    verbose_name_plural = _("account profile")


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


class AccountPasswordForm(AdminPasswordChangeForm):
    """Django's admin password form, whose help text Django joins to a sentence left in English
    (its "If disabled, the current password for this user will be lost." is not marked for
    translation): the same text and markup (the page's script shows and hides the warning by
    its id), translated."""

    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


@admin.register(User)
class AccountAdmin(PermissionLabelsMixin, UserAdmin):
    """Django's user admin with the profile inline; every account saved here has a profile."""

    change_password_form = AccountPasswordForm
    inlines = [UserProfileInline]
    list_display = (*UserAdmin.list_display, "agency")
    list_select_related = ("profile__agency",)

    @admin.display(description=_("agency"), ordering="profile__agency__name")
    def agency(self, user) -> str:
        profile = getattr(user, "profile", None)
        return str(profile.agency) if profile and profile.agency else ""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        UserProfile.objects.for_user(form.instance)
