"""What the programs app shows on pages it does not own (registered with :mod:`core.panels`):

- the home page's panels: programs in force, programs ending within 12 months, overdue tasks,
  meetings coming up, reviews the programs' schedules place in the next 90 days, recent
  changes;
- on an agency's page the programs it signed and the tasks it leads, on an official's page the
  programs signed and the meetings chaired, on a directive's page the programs based on it and
  the meetings that reviewed it (the lower apps' views load these prefetches; their templates
  read the reverse relations).
"""

from django.db.models import F, signals
from django.utils.translation import gettext_lazy as _

from core.panels import (
    CappedPrefetch,
    HomePanel,
    panels_changed,
    register_home_panel,
    register_related,
)

from . import selectors
from .models import Program, ReviewMeeting, Signatory, Task, TaskUpdate

VIEW_PROGRAM = "programs.view_program"

for panel in (
    HomePanel(
        name="in_force",
        title=_("Programs in force"),
        stat_label=_("Programs in force"),
        template="programs/includes/_home_in_force.html",
        load=selectors.in_force_panel,
        permission=VIEW_PROGRAM,
        shared=True,
        order=10,
    ),
    HomePanel(
        name="ending_soon",
        title=_("Period ends within 12 months"),
        stat_label=_("Ending within 12 months"),
        template="programs/includes/_home_ending_soon.html",
        load=selectors.ending_soon_panel,
        permission=VIEW_PROGRAM,
        shared=True,
        order=20,
        column="side",
    ),
    HomePanel(
        name="overdue_tasks",
        title=_("Overdue tasks"),
        stat_label=_("Overdue tasks"),
        template="programs/includes/_home_overdue_tasks.html",
        load=selectors.overdue_tasks_panel,
        permission=VIEW_PROGRAM,
        shared=True,
        order=30,
    ),
    HomePanel(
        name="programs_timeline",
        title=_("Programs by period"),
        template="programs/includes/_home_timeline.html",
        load=selectors.timeline_panel,
        permission=VIEW_PROGRAM,
        order=15,
        shared=True,
    ),
    HomePanel(
        name="overdue_by_agency",
        title=_("Overdue tasks per lead agency"),
        template="programs/includes/_home_overdue_by_agency.html",
        load=selectors.overdue_by_agency_panel,
        permission=VIEW_PROGRAM,
        order=35,
        column="side",
        shared=True,
    ),
    HomePanel(
        name="upcoming_meetings",
        title=_("Meetings coming up"),
        stat_label=_("Meetings coming up"),
        template="programs/includes/_home_upcoming_meetings.html",
        load=selectors.upcoming_meetings_panel,
        permission=VIEW_PROGRAM,
        shared=True,
        order=40,
        column="side",
    ),
    HomePanel(
        name="reviews_coming",
        title=_("Reviews coming (90 days)"),
        template="programs/includes/_home_reviews_coming.html",
        load=selectors.reviews_coming_panel,
        permission=VIEW_PROGRAM,
        order=45,
        column="side",
        shared=True,
    ),
    HomePanel(
        name="recent_changes",
        title=_("Recent changes"),
        template="programs/includes/_home_recent_changes.html",
        load=selectors.recent_changes_panel,
        permission=VIEW_PROGRAM,
        shared=True,
        order=50,
        column="side",
    ),
):
    register_home_panel(panel)

# Every panel above shows the same rows to everyone who may view programs: cached for all of
# them, and forgotten when a program, task, progress update or meeting is saved or deleted.
for _model in (Program, Task, TaskUpdate, ReviewMeeting):
    for _signal in (signals.post_save, signals.post_delete):
        _signal.connect(panels_changed, sender=_model, dispatch_uid=f"home-panels-{_model}")
signals.m2m_changed.connect(
    panels_changed, sender=ReviewMeeting.programs.through, dispatch_uid="home-panels-reviewed"
)


# Each list below is capped on the detail page (RELATED_LIST_LIMIT rows and "see all (N)"):
# only the rows shown are loaded, and the total is counted when longer.
def _signatures(*related: str) -> CappedPrefetch:
    return CappedPrefetch(
        "signatures",
        Signatory.objects.select_related(*related).order_by(
            F("program__signed_on").desc(nulls_last=True), "pk"
        ),
    )


register_related("agencies.Agency", "signatures", lambda: _signatures("program", "official"))
register_related(
    "agencies.Agency",
    "led_tasks",
    lambda: CappedPrefetch(
        "led_tasks",
        Task.objects.live()
        .filter(program__archived_at__isnull=True)
        .select_related("program")
        .order_by(F("due_on").asc(nulls_last=True), "pk"),
        # Counted as the agency's live tasks (index-only on task_live_lead_due) less those of
        # the few archived programs (program_archived): the same rows, without joining 9,000
        # tasks to every program (11 ms → 1.5 ms at national scale).
        count_queryset=Task.objects.live().exclude(program__in=Program.objects.archived()),
    ),
)
register_related("agencies.Official", "signatures", lambda: _signatures("program", "agency"))
register_related(
    "agencies.Official",
    "chaired_meetings",
    lambda: CappedPrefetch("chaired_meetings", ReviewMeeting.objects.order_by("-held_on", "pk")),
)
register_related(
    "directives.Directive",
    "programs",
    lambda: CappedPrefetch("programs", Program.objects.all()),
)
register_related(
    "directives.Directive",
    "review_meetings",
    lambda: CappedPrefetch("review_meetings", ReviewMeeting.objects.order_by("held_on", "pk")),
)
