"""The scope of an account and what "my work" reads from it."""

import datetime

from agencies.models import UserProfile
from core.roles import VIEWER
from programs.models import MeetingKind
from tests.conftest import make_user
from tests.programs.factories import TaskUpdateFactory
from tests.work.conftest import TODAY, days
from work.selectors import calendar_events, scope_for, stale_programs, work_for
from work.services import follow_set


def test_the_scope_is_the_agency_with_its_units_and_the_follows(users, world):
    scope = scope_for(users["staff"])
    assert scope.agency_ids == {world["ban"].pk, world["unit"].pk}
    assert not scope.program_ids
    follow_set(user=users["staff"], record=world["q"], following=True)
    assert scope_for(users["staff"]).program_ids == {world["q"].pk}


def test_an_account_without_agency_or_follows_has_no_work(users, world):
    scope = scope_for(make_user("no-agency", VIEWER, agency=None))
    assert scope.empty
    assert work_for(scope, today=TODAY, days=30).coming_count == 0


def test_my_work_lists_the_agency_s_tasks_meetings_and_reviews(users, world):
    work = work_for(scope_for(users["staff"]), today=TODAY, days=30)
    assert [t.title for t in work.due] == ["Việc của Vụ A1"]  # a unit under the agency
    assert [t.title for t in work.overdue] == ["Việc quá hạn"]
    assert [m.title for m in work.meetings] == ["Hội nghị của Ban A"]
    assert work.reviews == []  # P's reviews are years away


def test_following_a_program_brings_its_tasks(users, world):
    follow_set(user=users["staff"], record=world["q"], following=True)
    work = work_for(scope_for(users["staff"]), today=TODAY, days=30)
    assert [t.title for t in work.due] == ["Việc của Bộ B", "Việc của Vụ A1"]
    follow_set(user=users["staff"], record=world["q"], following=False)
    work = work_for(scope_for(users["staff"]), today=TODAY, days=30)
    assert [t.title for t in work.due] == ["Việc của Vụ A1"]


def test_following_a_directive_brings_its_programs_and_meetings(users, world):
    from tests.directives.factories import DirectiveFactory

    directive = DirectiveFactory()
    world["q"].based_on.add(directive)
    world["other_meeting"].directives.add(directive)
    follow_set(user=users["viewer"], record=directive, following=True)
    work = work_for(scope_for(users["viewer"]), today=TODAY, days=30)
    assert [t.title for t in work.due] == ["Việc của Bộ B", "Việc của Vụ A1"]
    assert [m.title for m in work.meetings] == ["Hội nghị khác"]


def test_reviews_coming_follow_the_schedule(users, world):
    p = world["p"]
    p.interim_review_on, p.interim_review_by_hand = days(10), True
    p.save()
    work = work_for(scope_for(users["staff"]), today=TODAY, days=30)
    assert [(r.program, r.kind, r.on) for r in work.reviews] == [
        (p, MeetingKind.INTERIM_REVIEW, days(10))
    ]


def test_stale_programs_have_no_update_for_the_set_number_of_days(users, world, settings):
    settings.STALE_PROGRAM_DAYS = 90
    scope = scope_for(users["staff"])
    assert list(stale_programs(scope, today=TODAY)) == [world["p"]]  # signed 400 days ago
    TaskUpdateFactory(task=world["overdue"], reported_on=days(-10), progress=10)
    assert list(stale_programs(scope, today=TODAY)) == []
    settings.STALE_PROGRAM_DAYS = 5
    assert list(stale_programs(scope, today=TODAY)) == [world["p"]]


def age_history(hours: int = 1) -> None:
    """Date the history written so far ``hours`` back (the rows were made long ago)."""
    from django.db.models import F

    from programs.models import Program, ReviewMeeting, Task

    for model in (Program, Task, ReviewMeeting):
        model.history.update(history_date=F("history_date") - datetime.timedelta(hours=hours))


def test_what_changed_since_the_last_visit(users, world):
    from django.utils import timezone

    age_history()
    before = timezone.now()
    world["overdue"].title = "Việc quá hạn (sửa)"
    world["overdue"].save()
    world["other_task"].title = "Việc của Bộ B (sửa)"  # not in the account's scope
    world["other_task"].save()
    work = work_for(scope_for(users["staff"]), today=TODAY, days=30, since=before)
    assert [record.title for record in work.changes] == ["Việc quá hạn (sửa)"]
    later = work_for(scope_for(users["staff"]), today=TODAY, days=30, since=timezone.now())
    assert later.changes == []


def test_calendar_events_have_stable_uids(users, world):
    events = calendar_events(scope_for(users["staff"]), today=TODAY)
    uids = {event.uid.split("@")[0] for event in events}
    p = world["p"]
    assert f"task-{world['overdue'].pk}" in uids
    assert f"task-{world['other_task'].pk}" not in uids
    assert f"meeting-{world['meeting'].pk}" in uids
    assert f"program-{p.pk}-interim_review" not in uids  # far away: 2060
    p.final_review_on, p.final_review_by_hand = days(100), True
    p.save()
    again = calendar_events(scope_for(users["staff"]), today=TODAY)
    assert {e.uid for e in events} < {e.uid for e in again}
    assert any(e.uid.startswith(f"program-{p.pk}-final_review@") for e in again)
    assert all(isinstance(e.on, datetime.date) for e in again)


def test_the_agency_scope_reads_the_profile(users, world):
    UserProfile.objects.filter(user=users["staff"]).update(agency=world["unit"])
    assert scope_for(users["staff"]).agency_ids == {world["unit"].pk}
