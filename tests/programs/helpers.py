"""The POST data of the program and meeting forms in tests: read from the rendered page
(:mod:`tests.formpage`), so a field the page does not draw is not submitted."""

from django.urls import reverse

from programs.models import Program, ReviewMeeting
from tests.formpage import FormPage, reader_client

#: What a new program's form is filled with when a test says nothing else.
NEW_PROGRAM = {
    "kind": "coordination",
    "title": "Chương trình phối hợp thử nghiệm",
    "signed_on": "26/11/2021",
    "period_start": "2021",
    "period_end": "2026",
    "status": "in_force",
}
NEW_TASK = {"status": "not_started", "progress": "0", "recurrence": ""}
NEW_MEETING = {
    "kind": "final_review",
    "title": "Hội nghị tổng kết",
    "held_on": "26/11/2021",
    "place": "Hà Nội",
    "format": "in_person",
}


def program_page(program: Program | None = None) -> FormPage:
    url = (
        reverse("programs:program_update", args=[program.pk])
        if program is not None
        else reverse("programs:program_create")
    )
    return FormPage.open(reader_client(), url)


def program_data(
    program: Program | None = None,
    *,
    agencies=(),
    tasks=(),
    version: int | None = None,
    **fields,
) -> FormPage:
    """What the program form page posts: ``program``'s edit page as rendered (a new program's
    page filled with :data:`NEW_PROGRAM` otherwise), with new signing ``agencies`` in the empty
    party rows (rows added when needed), new ``tasks`` (dicts of field values) added as the
    "Add a task" button does, ``version`` typed over the one the page carries and ``fields``
    overriding the program's own fields."""
    page = program_page(program)
    if program is None:
        page.set_all(NEW_PROGRAM)
    if version is not None:
        page.set("version", version)
    page.set_all(fields)
    empty_rows = [
        index
        for index in range(page.rows("signatories"))
        if not (page.value(f"signatories-{index}-id") or page.value(f"signatories-{index}-agency"))
    ]
    for agency in agencies:
        if empty_rows:
            page.set(f"signatories-{empty_rows.pop(0)}-agency", agency.pk)
        else:
            page.add_row("signatories", {"agency": agency.pk})
    for task in tasks:
        page.add_row("tasks", {**NEW_TASK, **task})
    return page


def meeting_data(meeting: ReviewMeeting | None = None, *, version=None, **fields) -> FormPage:
    """What the meeting form page posts: ``meeting``'s edit page as rendered (a new meeting's
    filled with :data:`NEW_MEETING` otherwise), with ``version`` and ``fields`` typed over."""
    url = (
        reverse("programs:reviewmeeting_update", args=[meeting.pk])
        if meeting is not None
        else reverse("programs:reviewmeeting_create")
    )
    page = FormPage.open(reader_client(), url)
    if meeting is None:
        page.set_all(NEW_MEETING)
    if version is not None:
        page.set("version", version)
    page.set_all(fields)
    return page


def task_data(task, **fields) -> FormPage:
    """What a task's own edit page (``programs:task_update``) posts, with ``fields`` typed
    over."""
    page = FormPage.open(reader_client(), reverse("programs:task_update", args=[task.pk]))
    page.set_all(fields)
    return page
