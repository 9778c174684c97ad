"""Building the POST data of the program and meeting forms in tests."""

from programs.models import Program, ReviewMeeting


def _management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def program_data(
    program: Program | None = None,
    *,
    agencies=(),
    tasks=(),
    version: int | None = None,
    **fields,
) -> dict:
    """POST data for the program form: ``program``'s current values (when editing) with its
    existing signatories and tasks unchanged, new signing ``agencies``, new ``tasks`` (dicts)
    and ``fields`` overriding the program's own fields."""
    data = {
        "identifier": "",
        "kind": "coordination",
        "title": "Chương trình phối hợp thử nghiệm",
        "signed_on": "26/11/2021",
        "period_start": "2021",
        "period_end": "2026",
        "status": "in_force",
        "summary": "",
        "reason": "",
    }
    existing_signatories, existing_tasks = [], []
    if program is not None:
        data.update(
            identifier=program.identifier,
            kind=program.kind,
            title=program.title,
            signed_on=program.signed_on.strftime("%d/%m/%Y") if program.signed_on else "",
            period_start=str(program.period_start or ""),
            period_end=str(program.period_end or ""),
            status=program.status,
            summary=program.summary,
            version=str(program.version if version is None else version),
        )
        data["based_on"] = [str(d.pk) for d in program.based_on.all()]
        if program.predecessor_id:
            data["predecessor"] = str(program.predecessor_id)
        existing_signatories = list(program.signatories.all())
        existing_tasks = list(program.tasks.all())
    data.update(dict(fields.items()))

    data.update(
        _management(
            "signatories", len(existing_signatories) + len(agencies), len(existing_signatories)
        )
    )
    for index, signatory in enumerate(existing_signatories):
        data[f"signatories-{index}-id"] = str(signatory.pk)
        data[f"signatories-{index}-program"] = str(program.pk)
        data[f"signatories-{index}-agency"] = str(signatory.agency_id)
        data[f"signatories-{index}-official"] = str(signatory.official_id or "")
        data[f"signatories-{index}-title"] = signatory.title
    for offset, agency in enumerate(agencies):
        index = len(existing_signatories) + offset
        data[f"signatories-{index}-agency"] = str(agency.pk)

    data.update(_management("tasks", len(existing_tasks) + len(tasks), len(existing_tasks)))
    for index, task in enumerate(existing_tasks):
        data.update(
            {
                f"tasks-{index}-id": str(task.pk),
                f"tasks-{index}-program": str(program.pk),
                f"tasks-{index}-title": task.title,
                f"tasks-{index}-lead_agency": str(task.lead_agency_id or ""),
                f"tasks-{index}-due_on": task.due_on.strftime("%d/%m/%Y") if task.due_on else "",
                f"tasks-{index}-recurrence": task.recurrence,
                f"tasks-{index}-status": task.status,
                f"tasks-{index}-progress": str(task.progress),
                f"tasks-{index}-description": task.description,
                f"tasks-{index}-version": str(task.version),
            }
        )
        coordinating = [str(a.pk) for a in task.coordinating_agencies.all()]
        if coordinating:
            data[f"tasks-{index}-coordinating_agencies"] = coordinating
    for offset, task_fields in enumerate(tasks):
        index = len(existing_tasks) + offset
        defaults = {"status": "not_started", "progress": "0", "recurrence": ""}
        for key, value in {**defaults, **task_fields}.items():
            data[f"tasks-{index}-{key}"] = value
    return data


def meeting_data(meeting: ReviewMeeting | None = None, *, version=None, **fields) -> dict:
    """POST data for the meeting form: ``meeting``'s values (when editing) with ``fields``."""
    data = {
        "kind": "final_review",
        "title": "Hội nghị tổng kết",
        "held_on": "26/11/2021",
        "place": "Hà Nội",
        "format": "in_person",
        "connection_points": "",
        "reviewed_from": "",
        "reviewed_to": "",
        "conclusions": "",
        "approved_report": "",
        "reason": "",
    }
    if meeting is not None:
        data.update(
            kind=meeting.kind,
            title=meeting.title,
            held_on=meeting.held_on.strftime("%d/%m/%Y"),
            place=meeting.place,
            format=meeting.format,
            connection_points=str(meeting.connection_points or ""),
            reviewed_from=str(meeting.reviewed_from or ""),
            reviewed_to=str(meeting.reviewed_to or ""),
            conclusions=meeting.conclusions,
            approved_report=meeting.approved_report,
            version=str(meeting.version if version is None else version),
        )
        for name in ("programs", "directives", "chairs", "participants", "signed_programs"):
            data[name] = [str(pk) for pk in getattr(meeting, name).values_list("pk", flat=True)]
    data.update(fields)
    return data
