"""Views and view mixins every app shares: the list-view base, the history tab, the home page,
sign-in and the health check."""

import sys

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import InterfaceError, OperationalError, connection
from django.db.models import F, OrderBy
from django.db.models.expressions import BaseExpression
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import defaults, i18n
from django.views.generic import TemplateView, View
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from . import archive, scopes
from .history import history_entries
from .pagecache import CachedPageMixin
from .paginators import CappedPaginator
from .panels import home_panels

TOKEN_CREATED = _("Your API token was created. Copy it now: it is shown only once.")
TOKEN_REVOKED = _("Your API token was revoked: programs using it can no longer connect.")


class PermissionMixin(PermissionRequiredMixin):
    """Model permissions on every view: a signed-in user without the permission gets 403
    (anonymous users never get here: the login middleware sends them to sign in).

    A view about one row (``get_object``) also checks the row against the account's scope
    for each permission it requires (:mod:`core.scopes`: writes on rows of other agencies are
    refused with the reason on the 403 page; reading is never scoped)."""

    raise_exception = True

    def get_object(self, queryset=None):
        record = super().get_object(queryset)
        self.check_record(record)
        return record

    def check_record(self, record) -> None:
        """403 with the reason when the account's scope does not cover ``record`` for one of
        the view's permissions."""
        for permission in self.get_permission_required():
            why = scopes.refusal(self.request.user, record, permission)
            if why is not None:
                raise PermissionDenied(why)


#: The page sizes a list offers (rows per page).
PAGE_SIZES = (10, 25, 50, 100)


class ListControlsForm(forms.Form):
    """How a list is shown, read from the query string: the column it is sorted by
    (``sort``: a key of the view's ``sort_columns``, "-key" for descending) and the rows per
    page (``per_page``). Anything else is ignored: the list keeps its default."""

    sort = forms.ChoiceField(required=False)
    per_page = forms.TypedChoiceField(
        required=False, coerce=int, choices=[(size, size) for size in PAGE_SIZES]
    )

    def __init__(self, *args, sort_keys=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sort"].choices = [
            (f"{sign}{key}", key) for key in sort_keys for sign in ("", "-")
        ]

    def value(self, name):
        return self.cleaned_data.get(name) if self.is_valid() else None


def _ordering(expression, descending: bool) -> OrderBy:
    if not isinstance(expression, BaseExpression):
        expression = F(expression)
    return OrderBy(expression, descending=descending, nulls_last=True)


class FilteredListView(CachedPageMixin, PermissionMixin, FilterView):
    """The one list-view base: a django-filter FilterSet over ``queryset``, sortable by the
    columns it declares, paginated with a page size the user chooses.

    Subclasses declare ``queryset`` (with its ``select_related``/``prefetch_related``),
    ``filterset_class``, ``template_name`` and ``permission_required``, and may declare
    ``sort_columns``: key → the expressions it sorts by (``core.collation.vietnamese("title")``
    for names), e.g. ``{"title": (vietnamese("title"),), "signed": ("signed_on",)}``; the
    template's header cells are ``{% sort_header "title" _("Program") %}``. Templates get
    ``filter`` (the bound FilterSet), ``page_obj``, ``paginator``, ``object_list``,
    ``current_sort``, ``page_sizes`` and ``per_page``; links to other pages keep the filters
    with ``{% querystring page=n %}``. The rows are counted up to ``settings.LIST_COUNT_LIMIT``
    and no further (:class:`core.paginators.CappedPaginator`: past it ``paginator.capped``, the
    list shows "10.000+" and pages the first rows). ``export_url_name`` names the list's export
    view (``core.exports.ExportView``, same queryset and FilterSet): the frame shows Excel and
    CSV buttons that carry the current filters. Lists are read-only pages:
    the per-user page cache keeps them (:mod:`core.pagecache`; ``page_cache = False`` opts out).
    """

    paginate_by = 25
    paginator_class = CappedPaginator
    strict = False
    sort_columns: dict[str, tuple] = {}
    export_url_name: str | None = None

    @cached_property
    def list_controls(self) -> ListControlsForm:
        return ListControlsForm(self.request.GET, sort_keys=tuple(self.sort_columns))

    def get_paginate_by(self, queryset) -> int:
        return self.list_controls.value("per_page") or self.paginate_by

    def sort(self, queryset):
        """``queryset`` in the order the user chose (ties broken by primary key), or as it is."""
        chosen = self.list_controls.value("sort")
        if not chosen:
            return queryset
        descending = chosen.startswith("-")
        columns = self.sort_columns[chosen.lstrip("-")]
        return queryset.order_by(
            *(_ordering(column, descending) for column in columns), _ordering("pk", descending)
        )

    def paginate_queryset(self, queryset, page_size):
        """The chosen order, paged like Django's but a page number out of range or not a
        number shows the nearest page (the last, or the first) instead of a 404 page: a
        bookmarked ``?page=9`` of a list that has shrunk still answers."""
        paginator = self.get_paginator(
            self.sort(queryset),
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            current_sort=self.list_controls.value("sort") or "",
            page_sizes=PAGE_SIZES,
            per_page=self.get_paginate_by(None),
            export_url_name=self.export_url_name,
        )


class ArchiveView(PermissionMixin, SingleObjectMixin, View):
    """Archive a record (``restore=False``) or bring it back (``restore=True``), by POST, then
    go back to its page. Archiving needs the model's change permission, restoring its
    ``restore_<model>`` permission (managers). Configured in each app's URLs:
    ``ArchiveView.as_view(model=Program)``."""

    restore = False
    http_method_names = ["post"]

    def get_permission_required(self):
        meta = self.model._meta
        action = "restore" if self.restore else "change"
        return (f"{meta.app_label}.{action}_{meta.model_name}",)

    def post(self, request, *args, **kwargs):
        record = self.get_object()
        if self.restore:
            archive.restore(record, user=request.user)
            messages.success(
                request, _("“%(record)s” is back from the archive.") % {"record": record}
            )
        else:
            archive.archive(record, user=request.user)
            messages.success(
                request,
                _("“%(record)s” is archived: hidden from lists, search and the home page.")
                % {"record": record},
            )
        return HttpResponseRedirect(record.get_absolute_url())


class HistoryMixin:
    """The history tab of a detail view: the object's django-simple-history records (newest
    first: who, when, reason, field changes), with those of the rows that belong to it.

    A view that names its history page (``history_url_name``, a URL of :func:`history_view`
    taking the object's ``pk``) does not read the history on every view of the page: most
    readers never open the tab, and on a program's page it cost a third of the view. The tab
    then gets ``history_url`` and loads the entries when opened (htmx; without JavaScript the
    link opens the history page). A view without one puts ``history`` in its context."""

    history_limit = 50
    #: The URL name of the object's history page; empty: the history is read with the page.
    history_url_name = ""

    def get_history_related(self) -> list:
        """Historical querysets of rows that belong to the object (shown on its tab too)."""
        return []

    def get_history(self) -> list:
        return history_entries(
            self.object, related=self.get_history_related(), limit=self.history_limit
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.history_url_name:
            context["history_url"] = reverse(self.history_url_name, args=[self.object.pk])
        else:
            context["history"] = self.get_history()
        return context


def history_view(detail_view: type) -> type:
    """The history page of ``detail_view``'s object: the same object lookup, permission and
    scope check and page cache as the detail page, the same entries as its tab, without the
    rest of the page. An htmx request (the tab being opened) gets the list alone; a plain one
    a page of its own."""

    class HistoryView(detail_view):
        def get_template_names(self) -> list[str]:
            if self.request.headers.get("HX-Request"):
                return ["core/includes/_history.html"]
            return ["core/history.html"]

        def get_context_data(self, **kwargs):
            # The detail view's own context (its tables, charts) is not built: only the object.
            context = SingleObjectMixin.get_context_data(self, **kwargs)
            context["history"] = self.get_history()
            return context

    HistoryView.__name__ = HistoryView.__qualname__ = f"{detail_view.__name__}History"
    HistoryView.__doc__ = f"The history page of {detail_view.__name__}'s object."
    return HistoryView


class HomeView(CachedPageMixin, TemplateView):
    """The start page after sign-in: the panels the apps registered (:mod:`core.panels`; today
    programs in force and ending soon, overdue tasks, coming meetings, recent changes) that the
    user may see; a user who may see none gets a notice that the account has no role yet."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, panels=home_panels(self.request.user))


class LoginView(auth_views.LoginView):
    """Django's sign-in, telling development users which demo accounts exist."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, demo_accounts=settings.DEMO_ACCOUNTS_ENABLED)


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a sign-in while the account or the address is locked out
    (``AXES_LOCKOUT_CALLABLE``): the sign-in page's frame with the reason and the wait, 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: the database unreachable (a restart, a failover) answers 503 "try again in
    a moment" with Retry-After; any other error the plain 500 page. Neither page touches the
    database or the request's context."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "5"
        return response
    return HttpResponseServerError(render_to_string("500.html"))


#: The request-size refusals of Django (``DATA_UPLOAD_MAX_MEMORY_SIZE``,
#: ``DATA_UPLOAD_MAX_NUMBER_FIELDS``, ``DATA_UPLOAD_MAX_NUMBER_FILES``).
TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """``handler400``: a form too large for Django's limits gets a page that says so, that
    nothing was saved, and the way back (413), instead of a bare "Bad Request (400)" that
    loses the user's edits without a word; any other bad request Django's own page."""
    if isinstance(exception, TOO_LARGE):
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = ""
        return render(request, "413.html", {"back": back}, status=413)
    return defaults.bad_request(request, exception)


#: Django's language switch, open before signing in too (the sign-in page offers it).
set_language = login_not_required(i18n.set_language)


@login_not_required
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers (and Django admin pages) ask for /favicon.ico whatever the page links. The URL
    is resolved per request: with the manifest storage it exists only after collectstatic."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class APITokenView(TemplateView):
    """The signed-in user's API token: create (or replace) it, or revoke it. The key is shown
    in full once, right after it is created."""

    template_name = "core/api_token.html"

    def get_context_data(self, **kwargs):
        from rest_framework.authtoken.models import Token

        token = Token.objects.filter(user=self.request.user).first()
        return super().get_context_data(**kwargs, token=token)

    def post(self, request):
        from rest_framework.authtoken.models import Token

        Token.objects.filter(user=request.user).delete()
        if request.POST.get("action") == "create":
            token = Token.objects.create(user=request.user)
            messages.success(request, TOKEN_CREATED)
            return self.render_to_response(self.get_context_data(new_key=token.key))
        messages.info(request, TOKEN_REVOKED)
        return redirect("api_token")
