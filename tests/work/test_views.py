"""The pages of the work app: "my work" (and its panel on the home page), follow buttons,
the calendar feed and its address, the digest switch and the unsubscribe link."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from core.roles import VIEWER
from tests.agencies.factories import AgencyFactory
from tests.conftest import make_user
from tests.programs.factories import ProgramFactory, SignatoryFactory, TaskFactory
from tests.work.conftest import days, set_agency
from work.models import Follow, Preferences
from work.services import unsubscribe_token, visit_record


def test_my_work_page(client_for, world):
    response = client_for("staff").get(reverse("work:my_work"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Việc của Vụ A1" in content and "Việc quá hạn" in content
    assert "Hội nghị của Ban A" in content
    assert "Việc của Bộ B" not in content
    assert "Chương trình P" in content  # stale: no update since it was signed 400 days ago


def test_the_home_page_shows_my_work_first_for_an_account_with_an_agency(client_for, world):
    response = client_for("staff").get(reverse("home"))
    panels = response.context["panels"]
    assert panels[0].name == "my_work"
    assert panels[0].content.count == 2  # one due, one overdue
    assert 'data-testid="due-task"' in response.content.decode()
    # An account with neither agency nor follows does not get the panel.
    viewer_panels = _client(make_user("no-agency", VIEWER, agency=None)).get(reverse("home"))
    viewer_panels = viewer_panels.context["panels"]
    assert "my_work" not in [shown.name for shown in viewer_panels]


def test_my_work_query_count_is_fixed(client_for, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("staff")
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("work:my_work"))
    for n in range(6):
        program = ProgramFactory(period_start=2020, period_end=2099, signed_on=days(-300))
        SignatoryFactory(program=program, agency=world["ban"])
        TaskFactory(program=program, lead_agency=world["ban"], due_on=days(n + 1))
        TaskFactory(program=program, lead_agency=world["unit"], due_on=days(-n - 1))
    with django_assert_max_num_queries(len(captured)):
        response = client.get(reverse("work:my_work"))
    assert len(response.context["work"].due) == 7


def test_visits_and_language(users):
    user = users["staff"]
    start = timezone.now()
    first = visit_record(user=user, language="en", now=start)
    assert (first.previous_seen_at, first.language) == (None, "en")
    same = visit_record(user=user, language="en", now=start + datetime.timedelta(minutes=10))
    assert same.previous_seen_at is None  # the same visit
    later = start + datetime.timedelta(hours=3)
    second = visit_record(user=user, language="vi", now=later)
    assert second.previous_seen_at == start + datetime.timedelta(minutes=10)
    assert second.language == "vi"


def test_the_page_records_the_language_used(client_for, world):
    client = client_for("staff")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.get(reverse("work:my_work"))
    assert Preferences.objects.get(user__username="staff").language == "en"


@pytest.mark.parametrize("kind", ["program", "directive"])
def test_follow_and_unfollow_from_the_record_s_page(client_for, world, kind):
    from tests.directives.factories import DirectiveFactory

    record = world["q"] if kind == "program" else DirectiveFactory()
    client = client_for("viewer")
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'data-testid="follow"' in page
    url = reverse("work:follow", args=[kind, record.pk])
    response = client.post(url, {"following": "1", "next": record.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    client.post(url, {"following": "1"})  # twice: one follow
    assert Follow.objects.filter(user__username="viewer", **{kind: record}).count() == 1
    assert 'data-testid="unfollow"' in client.get(record.get_absolute_url()).content.decode()
    assert str(record) in client.get(reverse("work:my_work")).content.decode()
    client.post(url, {"following": "0", "next": "https://evil.example/"})
    assert not Follow.objects.filter(user__username="viewer").exists()


def test_follow_refuses_get_unknown_kinds_and_strangers(client_for, world, client):
    signed_in = client_for("viewer")
    url = reverse("work:follow", args=["program", world["p"].pk])
    assert signed_in.get(url).status_code == 405
    assert signed_in.post(reverse("work:follow", args=["agency", 1])).status_code == 404
    nobody = Client()
    nobody.force_login(_nobody())  # signed in, no role: may not read programs
    assert nobody.post(url, {"following": "1"}).status_code == 403
    assert not Follow.objects.exists()


def _nobody():
    from django.contrib.auth.models import User

    return User.objects.get(username="nobody")


def test_the_calendar_feed(client_for, world, client):
    staff = client_for("staff")
    page = staff.get(reverse("work:my_work")).content.decode()
    assert 'data-testid="calendar-create"' in page
    staff.post(reverse("work:calendar_token"), {"action": "renew"})
    token = Preferences.objects.get(user__username="staff").calendar_token
    assert token and len(token) >= 40
    url = reverse("work:calendar", args=[token])
    assert url in staff.get(reverse("work:my_work")).content.decode()

    response = Client().get(url)  # no session: calendar applications fetch it on their own
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["version"]) == "2.0"
    events = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    task = events[f"task-{world['due_unit'].pk}"]
    assert task.decoded("dtstart") == world["due_unit"].due_on
    assert task.decoded("dtend") == world["due_unit"].due_on + datetime.timedelta(days=1)
    assert str(task["summary"]) == "Việc của Vụ A1"
    assert f"meeting-{world['meeting'].pk}" in events
    assert f"task-{world['other_task'].pk}" not in events
    # The same UIDs on the next fetch.
    again = Calendar.from_ical(Client().get(url).content)
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == {
        str(e["uid"]) for e in calendar.walk("VEVENT")
    }

    staff.post(reverse("work:calendar_token"), {"action": "renew"})
    assert Client().get(url).status_code == 404  # the old address is closed
    new = Preferences.objects.get(user__username="staff").calendar_token
    assert Client().get(reverse("work:calendar", args=[new])).status_code == 200
    staff.post(reverse("work:calendar_token"), {"action": "revoke"})
    assert Client().get(reverse("work:calendar", args=[new])).status_code == 404


def test_the_digest_switch_and_the_unsubscribe_link(client_for, users):
    staff = client_for("staff")
    staff.post(reverse("work:digest"), {"digest": "0"})
    assert not Preferences.objects.get(user=users["staff"]).digest
    staff.post(reverse("work:digest"), {"digest": "1"})
    assert Preferences.objects.get(user=users["staff"]).digest

    url = reverse("work:unsubscribe", args=[unsubscribe_token(users["staff"])])
    anonymous = Client(enforce_csrf_checks=True)
    page = anonymous.get(url)
    assert page.status_code == 200 and 'data-testid="unsubscribe-confirm"' in page.content.decode()
    assert Preferences.objects.get(user=users["staff"]).digest  # a GET changes nothing
    done = anonymous.post(url)  # one click, no session, no CSRF token (RFC 8058)
    assert 'data-testid="unsubscribed"' in done.content.decode()
    assert not Preferences.objects.get(user=users["staff"]).digest
    bad = reverse("work:unsubscribe", args=[unsubscribe_token(users["staff"]) + "x"])
    assert anonymous.get(bad).status_code == 404


def test_an_account_without_agency_sees_a_notice(db):
    content = (
        _client(make_user("no-agency", VIEWER, agency=None))
        .get(reverse("work:my_work"))
        .content.decode()
    )
    assert 'data-testid="no-agency"' in content


def test_units_are_counted_in_the_heading(client_for, users):
    ban = AgencyFactory(name="Ban C")
    AgencyFactory(name="Vụ C1", parent=ban)
    set_agency(users["staff"], ban)
    content = client_for("staff").get(reverse("work:my_work")).content.decode()
    assert "Ban C" in content


def _client(user):
    client = Client()
    client.force_login(user)
    return client
