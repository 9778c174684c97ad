"""The work app's pages: "my work", following a record, the digest switch, the calendar
feed (by its secret address, no session) and unsubscribing from the digest (by the signed
link of a mail, no session)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from core.access import VIEW, may
from core.views import PermissionMixin
from directives.models import Directive
from programs.models import Program
from programs.selectors import REVIEWS_AHEAD_DAYS

from . import services
from .calendar import calendar_feed
from .models import Follow, Preferences
from .selectors import scope_for, work_for

FOLLOWED = _("You follow “%(record)s”: its tasks, reviews and meetings come into your work.")
UNFOLLOWED = _("You no longer follow “%(record)s”.")
CALENDAR_RENEWED = _("Your calendar has a new address: the old one no longer works.")
CALENDAR_REVOKED = _("Your calendar address is closed.")
DIGEST_ON = _("You will get the daily digest by e-mail.")
DIGEST_OFF = _("You will no longer get the daily digest.")

FOLLOWABLE = {"program": Program, "directive": Directive}


class MyWorkView(PermissionMixin, TemplateView):
    """The signed-in account's work (:func:`work.selectors.work_for`): its agency's tasks due
    within ``WORK_AHEAD_DAYS``, overdue tasks, reviews and meetings coming, stale programs,
    what changed since its last visit, what it follows, its calendar feed and digest."""

    template_name = "work/my_work.html"
    permission_required = "programs.view_program"

    def get_context_data(self, **kwargs):
        user = self.request.user
        preferences = services.visit_record(user=user, language=self.request.LANGUAGE_CODE)
        scope = scope_for(user)
        work = work_for(
            scope,
            today=timezone.localdate(),
            days=settings.WORK_AHEAD_DAYS,
            review_days=REVIEWS_AHEAD_DAYS,
            since=preferences.previous_seen_at,
        )
        follows = Follow.objects.filter(user=user).select_related("program", "directive")
        calendar_url = ""
        if preferences.calendar_token:
            calendar_url = self.request.build_absolute_uri(
                reverse("work:calendar", args=[preferences.calendar_token])
            )
        return super().get_context_data(
            **kwargs,
            work=work,
            scope=scope,
            preferences=preferences,
            follows=list(follows),
            calendar_url=calendar_url,
            stale_days=settings.STALE_PROGRAM_DAYS,
            ahead_days=settings.WORK_AHEAD_DAYS,
            review_days=REVIEWS_AHEAD_DAYS,
            has_agency=bool(scope.agency_ids),
        )


class FollowView(View):
    """Follow or stop following a program or directive the account may read (POST
    ``following=1`` or ``0``), then back to where the button was."""

    http_method_names = ["post"]

    def post(self, request, kind: str, pk: int):
        model = FOLLOWABLE.get(kind)
        if model is None:
            raise Http404
        record = get_object_or_404(model, pk=pk)
        if not may(request.user, VIEW, model, record):
            return HttpResponse(status=403)
        following = request.POST.get("following") == "1"
        services.follow_set(user=request.user, record=record, following=following)
        messages.success(request, (FOLLOWED if following else UNFOLLOWED) % {"record": record})
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = record.get_absolute_url()
        return HttpResponseRedirect(back)


class CalendarTokenView(View):
    """Give the account's calendar feed a new secret address (``action=renew``) or close it
    (``action=revoke``)."""

    http_method_names = ["post"]

    def post(self, request):
        if request.POST.get("action") == "revoke":
            services.calendar_token_revoke(user=request.user)
            messages.info(request, CALENDAR_REVOKED)
        else:
            services.calendar_token_renew(user=request.user)
            messages.success(request, CALENDAR_RENEWED)
        return redirect(reverse("work:my_work") + "#calendar")


class DigestView(View):
    """Turn the account's daily digest on (``digest=1``) or off."""

    http_method_names = ["post"]

    def post(self, request):
        enabled = request.POST.get("digest") == "1"
        services.digest_set(user=request.user, enabled=enabled)
        messages.info(request, DIGEST_ON if enabled else DIGEST_OFF)
        return redirect(reverse("work:my_work") + "#digest")


@login_not_required
def calendar_view(request, token: str) -> HttpResponse:
    """The iCalendar feed of the account whose secret ``token`` is in the address (no
    session: calendar applications fetch it on their own); 404 once renewed or revoked."""
    preferences = (
        Preferences.objects.select_related("user")
        .filter(calendar_token=token, user__is_active=True)
        .first()
    )
    if not token or preferences is None:
        raise Http404
    with translation.override(preferences.language):
        body = calendar_feed(preferences.user, today=timezone.localdate())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="phoihop.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@method_decorator(login_not_required, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(TemplateView):
    """Stop the digest from the link in a mail, without signing in: the page asks to confirm
    (a GET changes nothing: mail scanners follow links), the POST unsubscribes. The signed
    token is the authority, not a session, so the POST needs no CSRF token; mail programs'
    one-click unsubscribe (RFC 8058, ``List-Unsubscribe-Post``) posts to the same address."""

    template_name = "work/unsubscribe.html"

    def get_user(self):
        user = services.user_for_unsubscribe_token(self.kwargs["token"])
        if user is None:
            raise Http404
        return user

    def get(self, request, token: str):
        user = self.get_user()
        preferences = services.preferences_for(user)
        context = self.get_context_data(account=user, done=not preferences.digest)
        return self.render_to_response(context)

    def post(self, request, token: str):
        user = self.get_user()
        services.digest_set(user=user, enabled=False)
        return self.render_to_response(self.get_context_data(account=user, done=True))
