"""Every URL pattern × every role has a declared outcome (issue 15).

The patterns come from the URL resolver (app, admin, accounts, i18n, health); their arguments are
filled from the demo data. Each is fetched (GET) as anonymous, viewer, staff, manager and admin
and the answer is compared with :data:`EXPECTED`. A pattern missing from the table fails the
suite, so a new URL is declared (and its access policy thought about) before it ships; a
declared pattern that no longer exists fails too.

Outcomes: a status code as text, and for a redirect where it goes: ``302 login`` (the sign-in
page), ``302 admin-login`` (the admin's sign-in), ``302 home``, ``302`` (elsewhere).

Every HTML page answered 200 is also checked for the Content-Security-Policy header and for
inline scripts, styles and style attributes (the policy forbids them).

``PHOIHOP_MATRIX_PRINT=1`` prints the observed table (to review before declaring a change).
"""

import os
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token

from agencies.models import Official
from attachments.services import attachment_add
from core.demo_loader import load_demo
from core.roles import ADMIN, MANAGER, STAFF, VIEWER
from directives.models import Directive
from programs.models import Program, ReviewMeeting, Task
from reports.models import JobStatus, ReviewReport
from tests.conftest import make_user
from tests.programs.factories import TaskUpdateFactory
from tests.reports.factories import ReportJobFactory
from work.services import calendar_token_renew, unsubscribe_token

ROLES = ("anonymous", VIEWER, STAFF, MANAGER, ADMIN)

# Outcome rows, in the order of ROLES.
PUBLIC = ("200",) * 5
SIGNED_IN = ("302 login", "200", "200", "200", "200")
STAFF_EDITS = ("302 login", "403", "200", "200", "200")
MANAGER_ONLY = ("302 login", "403", "403", "200", "200")
POST_ONLY = ("302 login", "403", "403", "405", "405")
# The admin site: administrators only (is_staff); other signed-in users are sent to its sign-in.
ADMIN_SITE = ("302 admin-login",) * 4 + ("200",)
ADMIN_NOT_FOUND = ("302 admin-login",) * 4 + ("404",)
# A model's admin pages are not exempt from the sign-in requirement: anonymous users go to the
# site's sign-in page first.
ADMIN_PAGE = ("302 login",) + ("302 admin-login",) * 3 + ("200",)
ADMIN_PAGE_DENIED = ("302 login",) + ("302 admin-login",) * 3 + ("403",)
ADMIN_PAGE_REDIRECT = ("302 login",) + ("302 admin-login",) * 3 + ("302",)

APP_INDEX = "admin/^(?P<app_label>…)/$"


def route_key(route: str) -> str:
    """The route text as declared: the admin's app index by one name whatever apps it lists."""
    return APP_INDEX if route.startswith("admin/^(?P<app_label>") else route


#: The declared outcome of every URL pattern (the resolver's route text) for each role.
EXPECTED: dict[str, tuple[str, ...]] = {
    "accounts/login/": ("200", "302 home", "302 home", "302 home", "302 home"),
    "accounts/logout/": ("302 login",) + ("405",) * 4,
    # The language switch works before signing in too (the sign-in page offers it).
    "i18n/setlang/": ("302 home",) * 5,
    "": ("302 login", "200", "200", "200", "200"),
    "search/": SIGNED_IN,
    "autocomplete/<slug:name>/": SIGNED_IN,
    "healthz": PUBLIC,
    "favicon.ico": ("301",) * 5,
    # Programs, tasks and meetings: everyone with a role reads, staff and up edit.
    "programs/": SIGNED_IN,
    "programs/new/": STAFF_EDITS,
    "programs/<int:pk>/": SIGNED_IN,
    "programs/<int:pk>/history/": SIGNED_IN,  # the history tab's page: as the record's
    "programs/<int:pk>/edit/": STAFF_EDITS,
    "programs/tasks/<int:task_pk>/updates/new/": STAFF_EDITS,
    "programs/<int:program_pk>/tasks/new/": STAFF_EDITS,
    "programs/tasks/<int:pk>/edit/": STAFF_EDITS,
    "programs/meetings/": SIGNED_IN,
    "programs/meetings/new/": STAFF_EDITS,
    "programs/meetings/<int:pk>/": SIGNED_IN,
    "programs/meetings/<int:pk>/history/": SIGNED_IN,  # the history tab's page: as the record's
    "programs/meetings/<int:pk>/edit/": STAFF_EDITS,
    "directives/": SIGNED_IN,
    "directives/new/": STAFF_EDITS,
    "directives/<int:pk>/": SIGNED_IN,
    "directives/<int:pk>/history/": SIGNED_IN,  # the history tab's page: as the record's
    "directives/<int:pk>/edit/": STAFF_EDITS,
    "agencies/": SIGNED_IN,
    "agencies/<int:pk>/": SIGNED_IN,
    "agencies/<int:pk>/history/": SIGNED_IN,  # the history tab's page: as the record's
    "agencies/officials/": SIGNED_IN,
    "agencies/officials/<int:pk>/": SIGNED_IN,
    "agencies/officials/<int:pk>/history/": SIGNED_IN,  # the history tab's page: as the record's
    # Reports: managers (export permission) only; request and retry are POST only.
    "reports/": MANAGER_ONLY,
    "reports/<int:pk>/": MANAGER_ONLY,
    "reports/<int:pk>/status/": MANAGER_ONLY,
    "reports/<int:pk>/retry/": POST_ONLY,
    "reports/<int:pk>/download/": MANAGER_ONLY,
    "reports/request/<str:subject_type>/<int:pk>/": POST_ONLY,
    # The admin site: administrators only (is_staff); everyone else is sent to its sign-in.
    "admin/": ADMIN_SITE,
    "admin/login/": ("200", "200", "200", "200", "302"),
    "admin/logout/": ("302 admin-login", "302", "302", "302", "405"),
    "admin/password_change/": ADMIN_SITE,
    "admin/password_change/done/": ADMIN_SITE,
    "admin/autocomplete/": ("302 admin-login",) * 4 + ("403",),  # 403 without its parameters
    "admin/jsi18n/": ADMIN_SITE,
    "admin/r/<path:content_type_id>/<path:object_id>/": ("302 admin-login",) * 4 + ("302",),
    # The admin's app index (its pattern lists the installed apps with models in the admin).
    APP_INDEX: ADMIN_SITE,
    "admin/(?P<url>.*)$": ADMIN_NOT_FOUND,
    "admin/auth/user/<id>/password/": ADMIN_PAGE,
}
# Each registered model's admin pages: the list, add, change, delete, history (Django's and
# django-simple-history's) and the bare object URL (a redirect to change).
ADMIN_MODELS = [
    "auth/group",
    "auth/user",
    "agencies/agency",
    "agencies/official",
    "agencies/position",
    "directives/directive",
    "directives/directivelink",
    "programs/program",
    "programs/task",
    "programs/taskupdate",
    "programs/reviewmeeting",
    "reports/reportjob",
]
for _model in ADMIN_MODELS:
    for _suffix in (
        "",
        "add/",
        "<path:object_id>/history/",
        "<path:object_id>/delete/",
        "<path:object_id>/change/",
    ):
        EXPECTED[f"admin/{_model}/{_suffix}"] = ADMIN_PAGE
    EXPECTED[f"admin/{_model}/<path:object_id>/"] = ADMIN_PAGE_REDIRECT
    if _model not in ("auth/group", "auth/user", "reports/reportjob"):
        EXPECTED[f"admin/{_model}/^([^/]+)/history/([^/]+)/$"] = ADMIN_PAGE
# Sign-in records (django-axes): administrators read them and delete an attempt to lift a
# lockout; nobody adds or edits them by hand.
for _model in ("axes/accessattempt", "axes/accesslog", "axes/accessfailurelog"):
    for _suffix in ("", "<path:object_id>/change/", "<path:object_id>/history/"):
        EXPECTED[f"admin/{_model}/{_suffix}"] = ADMIN_PAGE
    for _suffix in ("add/", "<path:object_id>/delete/"):
        EXPECTED[f"admin/{_model}/{_suffix}"] = ADMIN_PAGE_DENIED
    EXPECTED[f"admin/{_model}/<path:object_id>/"] = ADMIN_PAGE_REDIRECT
EXPECTED["admin/axes/accessattempt/<path:object_id>/delete/"] = ADMIN_PAGE
# Attachments and API tokens are managed on the records' pages and the user's token page; their
# admin pages are for superusers only (the admin role holds no permission on them).
for _model in ("attachments/attachment", "authtoken/tokenproxy"):
    for _suffix in ("", "add/", "<path:object_id>/change/", "<path:object_id>/delete/"):
        EXPECTED[f"admin/{_model}/{_suffix}"] = ADMIN_PAGE_DENIED
    EXPECTED[f"admin/{_model}/<path:object_id>/history/"] = ADMIN_PAGE_DENIED
    EXPECTED[f"admin/{_model}/<path:object_id>/"] = ADMIN_PAGE_REDIRECT
EXPECTED["admin/attachments/attachment/^([^/]+)/history/([^/]+)/$"] = ADMIN_PAGE_DENIED
# The REST API: 401 without credentials (a client, not a browser: no redirect to sign in); the
# pages' permissions otherwise (report jobs: managers); its schema and documentation pages for
# every signed-in user.
API_DENIED = ("401",) + ("200",) * 4
for _resource in ("agencies", "directives", "meetings", "officials", "programs", "tasks"):
    for _route in ("/$", "/(?P<pk>[^/.]+)/$"):
        EXPECTED[f"api/^{_resource}{_route}"] = API_DENIED
    EXPECTED[f"api/^{_resource}/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$"] = API_DENIED
    EXPECTED[f"api/^{_resource}\\.(?P<format>[a-z0-9]+)/?$"] = API_DENIED
for _route in (
    "/$",
    "/(?P<pk>[^/.]+)/$",
    "/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$",
    "\\.(?P<format>[a-z0-9]+)/?$",
):
    EXPECTED[f"api/^task-updates{_route}"] = API_DENIED
    EXPECTED[f"api/^report-jobs{_route}"] = ("401", "403", "403", "200", "200")
for _route in ("api/", "api/<drf_format_suffix:format>", "api/docs/", "api/schema/"):
    EXPECTED[_route] = API_DENIED
EXPECTED.update(
    {
        "accounts/api-token/": SIGNED_IN,
        # Archive (staff) and restore (managers): POST only.
        "programs/<int:pk>/archive/": ("302 login", "403") + ("405",) * 3,
        "programs/<int:pk>/restore/": ("302 login", "403", "403", "405", "405"),
        "programs/meetings/<int:pk>/archive/": ("302 login", "403") + ("405",) * 3,
        "programs/meetings/<int:pk>/restore/": ("302 login", "403", "403", "405", "405"),
        "directives/<int:pk>/archive/": ("302 login", "403") + ("405",) * 3,
        "directives/<int:pk>/restore/": ("302 login", "403", "403", "405", "405"),
        # The task list reads; its bulk changes are POST only, staff and up.
        "programs/tasks/": SIGNED_IN,
        "programs/tasks/<int:pk>/": SIGNED_IN,
        "programs/tasks/<int:pk>/history/": SIGNED_IN,
        "programs/tasks/bulk/": ("302 login", "403") + ("405",) * 3,
        # Exports of the lists: whoever reads the list (report jobs: managers).
        "agencies/export.<str:fmt>": SIGNED_IN,
        "agencies/officials/export.<str:fmt>": SIGNED_IN,
        "directives/export.<str:fmt>": SIGNED_IN,
        "programs/export.<str:fmt>": SIGNED_IN,
        "programs/meetings/export.<str:fmt>": SIGNED_IN,
        "reports/export.<str:fmt>": MANAGER_ONLY,
        # Imports: staff and up; a template a role may not import is not offered (404).
        "imports/": STAFF_EDITS,
        "imports/template/<str:kind>.<str:fmt>": ("302 login", "404", "200", "200", "200"),
        # Attachments: readers of the record fetch the file; adding and removing are POST only.
        "attachments/<int:pk>/": SIGNED_IN,
        "attachments/<int:pk>/delete/": ("302 login",) + ("405",) * 4,
        "attachments/<str:label>/<int:pk>/add/": ("302 login",) + ("405",) * 4,
        # Review reports: everyone reads; staff compose (start is POST only); managers mark
        # final and export (POST only).
        "reports/reviews/": SIGNED_IN,
        "reports/reviews/<int:pk>/": SIGNED_IN,
        "reports/reviews/<int:pk>/history/": SIGNED_IN,  # the history tab's page: as the report's
        "reports/reviews/<int:pk>/edit/": STAFF_EDITS,
        "reports/reviews/<int:pk>/export/": POST_ONLY,
        "reports/reviews/<int:pk>/final/": MANAGER_ONLY,
        "reports/reviews/start/<str:subject_type>/<int:pk>/": ("302 login", "403") + ("405",) * 3,
    }
)
# "My work" (issue 12): every signed-in reader; following, the calendar address and the
# digest switch are POST only; the calendar feed and the unsubscribe page answer anyone with
# the secret token (calendar applications and mail readers have no session).
EXPECTED.update(
    {
        "work/": SIGNED_IN,
        "work/follow/<str:kind>/<int:pk>/": ("302 login",) + ("405",) * 4,
        "work/calendar/": ("302 login",) + ("405",) * 4,
        "work/digest/": ("302 login",) + ("405",) * 4,
        "work/calendar/<str:token>.ics": PUBLIC,
        "work/unsubscribe/<str:token>/": PUBLIC,
    }
)
# Report jobs are made by the app, never typed in or deleted by hand in the admin.
EXPECTED["admin/reports/reportjob/add/"] = ADMIN_PAGE_DENIED
EXPECTED["admin/reports/reportjob/<path:object_id>/delete/"] = ADMIN_PAGE_DENIED


def url_patterns(patterns=None, prefix="", namespace=""):
    """(route text, pattern, namespace) of every URL pattern, resolvers expanded."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry, namespace


def admin_object(route: str):
    """The model instance an admin object route is about (its first row)."""
    app_label, model_name = route.split("/")[1:3]
    model = ContentType.objects.get(app_label=app_label, model=model_name).model_class()
    return model._default_manager.order_by("pk").first()


def url_for(route: str, pattern: URLPattern, namespace: str, rows: dict) -> str:
    """A URL of the pattern, its arguments taken from real rows."""
    name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
    app_kwargs = {
        "programs/<int:pk>/": {"pk": rows["program"].pk},
        "programs/<int:pk>/edit/": {"pk": rows["program"].pk},
        "programs/tasks/<int:task_pk>/updates/new/": {"task_pk": rows["task"].pk},
        "programs/<int:program_pk>/tasks/new/": {"program_pk": rows["program"].pk},
        "programs/tasks/<int:pk>/": {"pk": rows["task"].pk},
        "programs/tasks/<int:pk>/edit/": {"pk": rows["task"].pk},
        "autocomplete/<slug:name>/": {"name": "agency"},
        "programs/meetings/<int:pk>/": {"pk": rows["meeting"].pk},
        "programs/meetings/<int:pk>/edit/": {"pk": rows["meeting"].pk},
        "directives/<int:pk>/": {"pk": rows["directive"].pk},
        "directives/<int:pk>/edit/": {"pk": rows["directive"].pk},
        "agencies/<int:pk>/": {"pk": rows["official"].positions.first().agency_id},
        "agencies/officials/<int:pk>/": {"pk": rows["official"].pk},
        "programs/tasks/<int:pk>/history/": {"pk": rows["task"].pk},
        "agencies/<int:pk>/history/": {"pk": rows["official"].positions.first().agency_id},
        "agencies/officials/<int:pk>/history/": {"pk": rows["official"].pk},
        "reports/request/<str:subject_type>/<int:pk>/": {
            "subject_type": "program",
            "pk": rows["program"].pk,
        },
    }
    if route in app_kwargs:
        return reverse(name, kwargs=app_kwargs[route])
    for prefix, row in (
        ("programs/meetings/<int:pk>/", "meeting"),
        ("programs/<int:pk>/", "program"),
        ("directives/<int:pk>/", "directive"),
    ):
        if route.startswith(prefix):
            return reverse(name, kwargs={"pk": rows[row].pk})
    if route.endswith("export.<str:fmt>"):
        return reverse(name, kwargs={"fmt": "csv"})
    if route == "imports/template/<str:kind>.<str:fmt>":
        return reverse(name, kwargs={"kind": "programs", "fmt": "xlsx"})
    if route.startswith("attachments/<int:pk>/"):
        return reverse(name, kwargs={"pk": rows["attachment"].pk})
    if route == "attachments/<str:label>/<int:pk>/add/":
        return reverse(name, kwargs={"label": "programs.program", "pk": rows["program"].pk})
    if route == "reports/reviews/start/<str:subject_type>/<int:pk>/":
        return reverse(name, kwargs={"subject_type": "program", "pk": rows["program"].pk})
    if route.startswith("reports/reviews/<int:pk>/"):
        return reverse(name, kwargs={"pk": rows["review"].pk})
    if route.startswith("api/"):
        kwargs = {}
        if "(?P<pk>" in route:
            resource = route.split("^")[1].split("/")[0].split("\\")[0]
            kwargs["pk"] = rows[API_ROWS[resource]].pk
        if "format" in route:
            kwargs["format"] = "json"
        return reverse(name, kwargs=kwargs)
    if route.startswith("reports/<int:pk>/"):
        return reverse(name, kwargs={"pk": rows["job"].pk})
    if route == "work/follow/<str:kind>/<int:pk>/":
        return reverse(name, kwargs={"kind": "program", "pk": rows["program"].pk})
    if route == "work/calendar/<str:token>.ics":
        return reverse(name, kwargs={"token": rows["calendar_token"]})
    if route == "work/unsubscribe/<str:token>/":
        return reverse(name, kwargs={"token": unsubscribe_token(rows["user"])})
    if route == "admin/r/<path:content_type_id>/<path:object_id>/":
        content_type = ContentType.objects.get_for_model(Program)
        return reverse(name, args=[content_type.pk, rows["program"].pk])
    if route == "admin/auth/user/<id>/password/":
        return reverse(name, args=[rows["user"].pk])
    if route == APP_INDEX:
        return reverse(name, kwargs={"app_label": "programs"})
    if route == "admin/(?P<url>.*)$":
        return "/admin/no-such-page/"
    if "^([^/]+)/history/([^/]+)/$" in route:
        instance = admin_object(route)
        record = instance.history.order_by("pk").first()
        return reverse(name, args=[instance.pk, record.pk])
    if "<path:object_id>" in route:
        instance = admin_object(route)
        base = "/" + route.split("<path:object_id>")[0]
        return base + str(instance.pk) + route.split("<path:object_id>")[1]
    return reverse(name) if name else "/" + route


#: The row whose API detail URL each API resource is fetched at.
API_ROWS = {
    "agencies": "agency",
    "directives": "directive",
    "meetings": "meeting",
    "officials": "official",
    "programs": "program",
    "report-jobs": "job",
    "task-updates": "update",
    "tasks": "task",
}


def outcome(response) -> str:
    code = str(response.status_code)
    if response.status_code not in (301, 302, 303):
        return code
    location = response["Location"]
    if location.startswith(reverse("admin:login")):
        return f"{code} admin-login"
    if location.startswith(reverse("login")):
        return f"{code} login"
    if location == reverse("home"):
        return f"{code} home"
    return code


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)


def csp_problems(url: str, response) -> list[str]:
    """What breaks the strict policy on an HTML page: a missing header, inline code."""
    if "text/html" not in response.get("Content-Type", ""):
        return []
    problems = []
    if "Content-Security-Policy" not in response:
        problems.append(f"{url}: no Content-Security-Policy header")
    html = response.content.decode()
    for what, pattern in (
        ("inline script", INLINE_SCRIPT),
        ("inline style", INLINE_STYLE),
        ("event handler attribute", INLINE_HANDLER),
    ):
        found = pattern.search(html)
        if found:
            problems.append(f"{url}: {what} {html[found.start() : found.start() + 80]!r}")
    return problems


@pytest.fixture
def rows(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    program = Program.objects.order_by("pk").first()
    job = ReportJobFactory(program=program, status=JobStatus.DONE)
    job.file.save("matrix.pdf", ContentFile(b"%PDF-1.7 matrix"), save=True)
    update = TaskUpdateFactory(task=Task.objects.order_by("pk").first())
    admin_user = make_user("matrix-attacher", ADMIN)
    attachment = attachment_add(
        record=program,
        file=SimpleUploadedFile("ban-ky.pdf", b"%PDF-1.7 matrix"),
        kind="other",
        user=admin_user,
    )
    Token.objects.create(user=admin_user)
    seen = {"username": "someone", "ip_address": "10.0.0.1", "user_agent": "test"}
    AccessAttempt.objects.create(**seen, failures_since_start=1)
    AccessLog.objects.create(**seen)
    AccessFailureLog.objects.create(**seen)
    user = make_user("matrix-subject", None)
    user.groups.add(Group.objects.get(name=VIEWER))
    LogEntry.objects.log_actions(user_id=user.pk, queryset=[program], action_flag=2)
    return {
        "program": program,
        "task": Task.objects.select_related("lead_agency").order_by("pk").first(),
        "meeting": ReviewMeeting.objects.order_by("pk").first(),
        "directive": Directive.objects.order_by("pk").first(),
        "official": Official.objects.order_by("pk").first(),
        "job": job,
        "user": user,
        "update": update,
        "attachment": attachment,
        "agency": Official.objects.order_by("pk").first().positions.first().agency,
        "review": ReviewReport.objects.order_by("pk").first(),
        "calendar_token": calendar_token_renew(user=user),
    }


def test_every_url_pattern_has_a_declared_outcome_for_every_role(rows):
    routes = {
        route_key(route): (pattern, namespace) for route, pattern, namespace in url_patterns()
    }
    undeclared = sorted(set(routes) - set(EXPECTED))
    gone = sorted(set(EXPECTED) - set(routes))
    if os.environ.get("PHOIHOP_MATRIX_PRINT"):
        EXPECTED.update(dict.fromkeys(undeclared, ("?",) * 5))
        undeclared = []
    assert not undeclared, f"URL patterns without a declared outcome: {undeclared}"
    assert not gone, f"declared URL patterns that no longer exist: {gone}"

    clients = {"anonymous": Client()}
    # The accounts belong to a signing party of the program the URLs are about, as the demo
    # accounts do (scoped permissions; tests/core/test_scopes.py covers the other agencies).
    party = rows["program"].signatories.order_by("pk").first().agency
    for role in ROLES[1:]:
        clients[role] = Client()
        clients[role].force_login(make_user(f"matrix-{role}", role, agency=party))
    observed, mismatches, csp = {}, [], []
    for route, (pattern, namespace) in sorted(routes.items()):
        url = url_for(route, pattern, namespace, rows)
        got = []
        for role in ROLES:
            response = clients[role].get(url)
            got.append(outcome(response))
            if response.status_code == 200:
                csp.extend(csp_problems(url, response))
        observed[route] = tuple(got)
        if tuple(got) != EXPECTED[route]:
            mismatches.append(f"{route} ({url}): expected {EXPECTED[route]}, got {tuple(got)}")
    if os.environ.get("PHOIHOP_MATRIX_PRINT"):
        for route, got in observed.items():
            print(f"{route!r}: {got},")
    print(f"\nURL matrix: {len(routes)} patterns × {len(ROLES)} roles = {len(routes) * 5} checks")
    assert not mismatches, "\n".join(mismatches)
    assert User.objects.filter(username="matrix-admin", is_staff=True).exists()
    if os.environ.get("PHOIHOP_CSP_CHECK", "1") == "1":
        assert not csp, "\n".join(sorted(set(csp))[:40])
