"""The "my work" panel at the top of the home page (per account, :mod:`core.panels`): the
account's tasks due within ``WORK_AHEAD_DAYS``, its overdue tasks and the reviews coming,
with a link to the whole page. Hidden for an account with no agency and no follows."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.panels import HomePanel, PanelContent, register_home_panel
from programs.selectors import REVIEWS_AHEAD_DAYS

from .selectors import scope_for, work_for


def my_work_panel(*, today, limit, user) -> PanelContent | None:
    scope = scope_for(user)
    if scope.empty:
        return None
    work = work_for(
        scope,
        today=today,
        days=settings.WORK_AHEAD_DAYS,
        review_days=REVIEWS_AHEAD_DAYS,
        stale=False,
        limit=limit,
    )
    return PanelContent(
        items=[work],
        count=len(work.due) + len(work.overdue),
        url=reverse("work:my_work"),
        alert=bool(work.overdue),
    )


register_home_panel(
    HomePanel(
        name="my_work",
        title=_("My work"),
        stat_label=_("My tasks due or overdue"),
        template="work/includes/_home_my_work.html",
        load=my_work_panel,
        permission="programs.view_program",
        order=1,
        per_user=True,
    )
)
