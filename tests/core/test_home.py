"""The home page: programs in force and ending soon, overdue tasks, coming meetings, recent
changes."""

import datetime

import pytest
from django.urls import reverse

from programs.models import ProgramStatus, TaskStatus
from tests.conftest import UNREACHABLE_CACHE
from tests.programs.factories import ProgramFactory, ReviewMeetingFactory, TaskFactory

TODAY = datetime.date.today()


def _rows(n):
    for index in range(n):
        program = ProgramFactory(
            signed_on=TODAY - datetime.timedelta(days=400),
            period_start=TODAY.year - 2,
            period_end=TODAY.year + (index % 3),
        )
        TaskFactory(program=program, due_on=TODAY - datetime.timedelta(days=index + 1))
        ReviewMeetingFactory(held_on=TODAY + datetime.timedelta(days=index + 3))


def test_home_panels(viewer_client, db):
    in_force = ProgramFactory(
        title="Đang hiệu lực",
        signed_on=TODAY.replace(year=TODAY.year - 3),
        period_end=TODAY.year + 3,
    )
    in_force.period_start = TODAY.year - 3
    in_force.save()
    ending = ProgramFactory(
        title="Sắp hết hạn",
        signed_on=TODAY.replace(year=TODAY.year - 4),
        period_start=TODAY.year - 4,
        period_end=TODAY.year,
    )
    ProgramFactory(
        title="Bản dự thảo",
        status=ProgramStatus.DRAFT,
        period_start=TODAY.year,
        period_end=TODAY.year,
    )
    overdue = TaskFactory(
        program=in_force, title="Nhiệm vụ quá hạn", due_on=TODAY - datetime.timedelta(days=3)
    )
    TaskFactory(
        program=in_force, title="Nhiệm vụ còn hạn", due_on=TODAY + datetime.timedelta(days=3)
    )
    TaskFactory(
        program=in_force,
        title="Nhiệm vụ đã xong",
        due_on=TODAY - datetime.timedelta(days=3),
        status=TaskStatus.DONE,
        progress=100,
    )
    coming = ReviewMeetingFactory(
        title="Hội nghị sắp tới", held_on=TODAY + datetime.timedelta(days=10)
    )
    ReviewMeetingFactory(title="Hội nghị đã qua", held_on=TODAY - datetime.timedelta(days=10))

    response = viewer_client.get(reverse("home"))
    panels = {shown.name: shown.content for shown in response.context["panels"]}
    assert list(panels) == [
        "my_work",  # the viewer's account has an agency
        "in_force",
        "programs_timeline",
        "ending_soon",
        "overdue_tasks",
        "overdue_by_agency",
        "upcoming_meetings",
        "reviews_coming",
        "recent_changes",
    ]
    assert panels["overdue_by_agency"].count == 1
    shown = next(p for p in panels["in_force"].items if p == in_force)
    assert (shown.rollup.total, shown.rollup.overdue) == (3, 1)
    assert set(panels["in_force"].items) == {in_force, ending}
    assert panels["ending_soon"].items == [ending]
    assert panels["overdue_tasks"].items == [overdue]
    assert panels["upcoming_meetings"].items == [coming]
    counts = [panels[name].count for name in ("in_force", "ending_soon", "overdue_tasks")]
    assert counts == [2, 1, 1]
    assert panels["upcoming_meetings"].count == 1
    content = response.content.decode()
    assert "Nhiệm vụ quá hạn" in content
    assert "Hội nghị sắp tới" in content
    assert "Bản dự thảo" in content  # in recent changes, though not in force


def test_recent_changes_show_who_and_why(client_for, users, db):
    program = ProgramFactory(title="Chương trình được sửa")
    program.title = "Chương trình đã sửa"
    program._change_reason = "Sửa lỗi chính tả"
    program._history_user = users["staff"]
    program.save()
    content = client_for("viewer").get(reverse("home")).content.decode()
    assert "Sửa lỗi chính tả" in content
    assert "Chương trình đã sửa" in content
    assert "staff" in content


def test_home_query_count_fixed(viewer_client, db, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _rows(2)
    with CaptureQueriesContext(connection) as captured:
        viewer_client.get(reverse("home"))
    _rows(12)
    with django_assert_num_queries(len(captured)):
        response = viewer_client.get(reverse("home"))
    panels = {shown.name: shown.content for shown in response.context["panels"]}
    assert len(panels["overdue_tasks"].items) == 8


@pytest.mark.parametrize("role", ["viewer", "staff", "manager", "admin"])
def test_home_for_readers(client_for, role):
    response = client_for(role).get(reverse("home"))
    assert response.status_code == 200
    assert response.context["panels"]


def test_home_for_a_user_without_role(client_for):
    response = client_for("nobody").get(reverse("home"))
    assert response.status_code == 200
    assert response.context["panels"] == []
    assert 'data-testid="no-role"' in response.content.decode()


@pytest.mark.parametrize(("role", "shown"), [("viewer", False), ("staff", True)])
def test_new_program_button_only_for_editors(client_for, role, shown):
    content = client_for(role).get(reverse("home")).content.decode()
    assert (reverse("programs:program_create") in content) is shown


@pytest.fixture
def cached_panels(settings):
    from django.core.cache import cache

    settings.HOME_PANEL_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_shared_panels_come_from_the_cache_and_a_save_refreshes_them(
    client_for, cached_panels, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _rows(2)
    viewer = client_for("viewer")
    with CaptureQueriesContext(connection) as first:
        viewer.get(reverse("home"))
    with CaptureQueriesContext(connection) as second:
        response = viewer.get(reverse("home"))
    assert len(second) <= len(first) - 8  # two queries a panel for the four counted panels
    assert response.context["panels"][2].content.count == 2
    # Another reader gets the same cached panels; a save anywhere is seen at once.
    TaskFactory(due_on=TODAY - datetime.timedelta(days=30))
    response = client_for("staff").get(reverse("home"))
    overdue = {shown.name: shown.content for shown in response.context["panels"]}
    assert overdue["overdue_tasks"].count == 3


def test_a_panel_that_is_not_shared_is_never_cached(users, cached_panels):
    from core.panels import _HOME_PANELS, HomePanel, PanelContent, home_panels

    calls = []

    def load(*, today, limit):
        calls.append(today)
        return PanelContent(items=[])

    panel = HomePanel("mine", "Mine", "x.html", load, "programs.view_program", order=999)
    _HOME_PANELS[panel.name] = panel
    try:
        home_panels(users["viewer"])
        home_panels(users["staff"])
    finally:
        del _HOME_PANELS[panel.name]
    assert len(calls) == 2


def test_home_page_and_saves_work_when_the_cache_is_unreachable(viewer_client, settings):
    """The shared panels' cache (Redis in production) is a speed-up: with nothing listening
    where it should be, the page reads the panels from the database and a save goes through."""
    settings.CACHES = UNREACHABLE_CACHE
    settings.HOME_PANEL_CACHE_SECONDS = 30
    program = ProgramFactory(title="Chương trình khi Redis ngừng")
    program.title = "Chương trình đã sửa khi Redis ngừng"
    program.save()  # forgets the cached panels: must not fail on the cache
    response = viewer_client.get(reverse("home"))
    assert response.status_code == 200
    assert "in_force" in [shown.name for shown in response.context["panels"]]


def test_the_charts_and_reviews_panels_are_cached_too(client_for, cached_panels, monkeypatch):
    """The timeline, overdue-per-agency and reviews panels show everyone the same: cached like
    the counted panels (the overdue chart counts every overdue task of the country)."""
    import dataclasses

    from core.panels import _HOME_PANELS

    loads = []
    for name in ("programs_timeline", "overdue_by_agency", "reviews_coming"):
        panel = _HOME_PANELS[name]

        def counted(*, _load=panel.load, _name=name, **kwargs):
            loads.append(_name)
            return _load(**kwargs)

        monkeypatch.setitem(_HOME_PANELS, name, dataclasses.replace(panel, load=counted))
    _rows(2)
    client_for("viewer").get(reverse("home"))
    response = client_for("staff").get(reverse("home"))
    shown = {panel.name for panel in response.context["panels"]}
    assert {"programs_timeline", "overdue_by_agency", "reviews_coming"} <= shown
    assert sorted(loads) == ["overdue_by_agency", "programs_timeline", "reviews_coming"]


def test_cached_panels_are_kept_per_language(users, cached_panels):
    from django.utils import translation

    from core.panels import home_panels

    _rows(2)

    def chart_title(language):
        with translation.override(language):
            panels = {shown.name: shown for shown in home_panels(users["viewer"])}
        return panels["programs_timeline"].content.items[0].title

    assert chart_title("vi") != chart_title("en")
    assert chart_title("en") == "Programs by period"
