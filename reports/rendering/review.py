"""The data a review report prints, as of its as-of day (docs/reports.md, "The document").

:func:`review_report_data` turns a :class:`ReviewReport` (saved, or an unsaved proposal) with
its issuing bodies and results parts into plain, display-ready values: the header of the form
(party or state), the subject line, the narrative sections in the order of a review report, the
figures read from the records **as of** ``report.as_of`` (nothing dated after it: task updates,
meetings, implementing documents and successor programs dated later are left out), the
signature blocks, the recipients and the appendices. The renderer prints only these values and
fingerprints them.

How a task is counted as of day D (the Government Office's classification) is
:func:`programs.progress.task_as_of`, and the figures are :func:`programs.progress.rollup`'s,
the roll-up the program page, the list and the home page show (docs/progress.md): progress
is the mean weighted by each task's weight; cancelled tasks are left out and counted apart.
"""

import datetime
import re

from django.db.models import Prefetch

from agencies.models import Official
from core.dates import vietnamese_date, vietnamese_place_date
from directives.models import DirectiveLink, LinkKind
from programs.charts import task_status_chart
from programs.models import Program, ReviewMeeting, Task, TaskUpdate
from programs.progress import (
    CANCELLED,
    DONE_UNDATED,
    LATE,
    ON_TIME,
    OVERDUE,
    WITHIN,
    rollup_states,
    task_as_of,
)
from programs.progress import TaskState as TaskAsOf

from ..models import DocumentForm, ReportKind, ReviewReport, ReviewReportIssuer
from . import labels
from .data import nfc

EMPTY_MARK = "[Chưa có nội dung: phần này cần được bổ sung trước khi trình ký.]"
UNSIGNED_MARK = "[Chưa xác định người ký]"
#: The blank left for the registry's number on a draft.
BLANK_NUMBER = "\u00a0" * 8
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]

CLASS_LABEL = {
    ON_TIME: "Hoàn thành đúng hạn",
    LATE: "Hoàn thành quá hạn",
    DONE_UNDATED: "Hoàn thành (chưa ghi ngày)",
    WITHIN: "Đang thực hiện, trong hạn",
    OVERDUE: "Chưa hoàn thành, quá hạn",
    CANCELLED: "Đã hủy",
}


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _join(names: list[str]) -> str:
    """ "A", "A và B", "A, B và C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} và {names[-1]}"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in re.split(r"\n+", text or "") if line.strip()]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(BLANK_NUMBER, " ")).strip()


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else ""


def _tasks_of(programs_ids: list[int]) -> list[Task]:
    return list(
        Task.objects.live()  # an archived task is out of the report, as out of the page
        .filter(program_id__in=programs_ids)
        .select_related("lead_agency")
        .prefetch_related(
            "lead_agency__former_names",
            Prefetch("updates", queryset=TaskUpdate.objects.order_by("-reported_on", "-pk")),
        )
        .order_by("program_id", "order", "pk")
    )


def classify(states: list[TaskAsOf]) -> dict:
    """The figures of :func:`programs.progress.rollup_states` as the document prints them."""
    result = rollup_states(states)
    return {
        **result.counts,
        "total": result.total,
        "done": result.done,
        "open": result.open,
        "done_pct": _percent(result.done, result.total),
        "open_pct": _percent(result.open, result.total),
        "overdue_pct": _percent(result.overdue, result.total),
        "average_progress": f"{result.progress}%" if result.progress is not None else "",
    }


def _by_lead_agency(states: list[TaskAsOf], on: datetime.date) -> list[dict]:
    groups: dict[int | None, list[TaskAsOf]] = {}
    names: dict[int | None, str] = {None: "Chưa xác định cơ quan chủ trì"}
    for state in states:
        lead = state.task.lead_agency
        key = lead.pk if lead else None
        if lead:
            names[key] = lead.name_on(on)
        groups.setdefault(key, []).append(state)
    rows = []
    for key, group in groups.items():
        counts = classify(group)
        if counts["total"]:
            rows.append({"agency": names[key], **counts})
    rows.sort(key=lambda row: (row["agency"] == names[None], row["agency"]))
    return rows


def _figures_sentences(counts: dict, on: str, what: str) -> list[str]:
    """The classification in words; nothing about progress or completion when no task is
    tracked (no "0%", no "all completed")."""
    if not counts["total"]:
        return [
            f"Tính đến ngày {on}, chưa có nhiệm vụ nào của {what} được theo dõi trong hệ "
            "thống, nên báo cáo không nêu số liệu thống kê nhiệm vụ."
        ]
    done_detail = [f"{counts[ON_TIME]} đúng hạn", f"{counts[LATE]} quá hạn"]
    if counts[DONE_UNDATED]:
        done_detail.append(f"{counts[DONE_UNDATED]} chưa ghi nhận ngày hoàn thành")
    sentences = [
        f"Tính đến ngày {on}, {what} có {counts['total']} nhiệm vụ được theo dõi. "
        f"Đã hoàn thành {counts['done']} nhiệm vụ ({counts['done_pct']}), trong đó "
        f"{', '.join(done_detail)}. Chưa hoàn thành {counts['open']} nhiệm vụ "
        f"({counts['open_pct']}), trong đó {counts[WITHIN]} còn trong hạn, "
        f"{counts[OVERDUE]} quá hạn. Tiến độ bình quân của các nhiệm vụ đạt "
        f"{counts['average_progress']}."
    ]
    if counts[CANCELLED]:
        sentences.append(f"Ngoài ra có {counts[CANCELLED]} nhiệm vụ đã hủy, không tính ở trên.")
    return sentences


def _meeting_row(meeting: ReviewMeeting) -> dict:
    chairs = [official.full_name for official in meeting.chairs.all()]
    return {
        "held_on": _date(meeting.held_on),
        "kind": labels.MEETING_KIND.get(meeting.kind, meeting.kind),
        "title": meeting.title,
        "place": meeting.place
        or labels.MEETING_FORMAT.get(meeting.format, "")
        + (f", {meeting.connection_points} điểm cầu" if meeting.connection_points else ""),
        "chairs": ", ".join(chairs),
    }


def _meetings(queryset, report: ReviewReport) -> list[ReviewMeeting]:
    """Meetings held by the as-of day, except the one the report is written for."""
    queryset = queryset.filter(held_on__lte=report.as_of)
    if report.approved_at_id:
        queryset = queryset.exclude(pk=report.approved_at_id)
    return list(
        queryset.prefetch_related(
            Prefetch("chairs", queryset=Official.objects.order_by("pk"))
        ).order_by("held_on", "pk")
    )


def _header(report: ReviewReport, issuers: list[ReviewReportIssuer]) -> dict:
    party = report.form == DocumentForm.PARTY
    on = report.report_date or report.as_of
    agencies = [row.agency for row in issuers]
    superiors: list[str] = []
    for agency in agencies:
        parent = agency.parent
        if parent is not None and parent not in agencies:
            name = parent.name_on(on).upper()
            if name not in superiors:
                superiors.append(name)
    number = report.number if report.is_final else ""
    symbol = report.symbol or "BC"
    if party:
        joined = f"{number}-{symbol}" if number else f"{BLANK_NUMBER}-{symbol}"
        number_line = f"Số {joined}"
    else:
        joined = f"{number}/{symbol}" if number else f"{BLANK_NUMBER}/{symbol}"
        number_line = f"Số: {joined}"
    return {
        "party": party,
        "superiors": superiors,
        "issuers": [agency.name_on(on).upper() for agency in agencies],
        "number_line": number_line,
        "number_joined": joined,
        "place_date": vietnamese_place_date(report.place, on),
    }


def _subject_phrase(report: ReviewReport) -> tuple[str, str]:
    """(the subject as the subject line names it, as the opening names it)."""
    if report.program_id:
        program = report.program
        kind = labels.PROGRAM_KIND.get(program.kind, "Chương trình phối hợp")
        title = program.title
        number = f" số {program.identifier}" if program.identifier else ""
        if title.casefold().startswith(kind.casefold()):
            phrase = f"{kind}{number}{title[len(kind) :]}"
        else:
            phrase = f"{kind}{number} {title[:1].lower()}{title[1:]}"
        period = "-".join(str(y) for y in (program.period_start, program.period_end) if y)
        if period and period not in phrase:
            phrase += f" giai đoạn {period}"
        return phrase, phrase
    directive = report.directive
    citation = f"{directive.type_name} số {directive.identifier}".strip()
    issued = f" ngày {_date(directive.issued_on)}" if directive.issued_on else ""
    issuer = f" của {directive.issuing_body.name}" if directive.issuing_body_id else ""
    about = f" {directive.title[:1].lower()}{directive.title[1:]}" if directive.title else ""
    # Directives continuing it are reviewed with it (seed 001: "Nghị quyết 25 và Kết luận 43").
    continued = DirectiveLink.objects.filter(target=directive, kind=LinkKind.CONTINUES)
    also = "".join(
        f" và {link.source.type_name} số {link.source.identifier}"
        for link in continued.select_related("source").order_by("source__issued_on", "pk")
        if link.source.issued_on is None or link.source.issued_on <= report.as_of
    )
    phrase = f"{citation}{issued}{issuer}{about}{also}"
    return phrase, phrase


def subject_line(report: ReviewReport) -> str:
    """The trích yếu: the record's own, else "Tổng kết 5 năm thực hiện Chương trình …"."""
    if report.subject_line:
        return report.subject_line
    phrase, _ = _subject_phrase(report)
    years = f"{report.period_years} năm " if report.period_years else ""
    if report.kind == ReportKind.PROGRAM_FINAL_REVIEW:
        verb = "Tổng kết"
    elif report.kind == ReportKind.PROGRAM_INTERIM_REVIEW:
        verb = "Sơ kết"
    else:
        verb = "Kết quả"
    if not years:
        return f"{verb} việc thực hiện {phrase}"
    return f"{verb} {years}thực hiện {phrase}"


def _opening(report: ReviewReport, issuer_names: list[str]) -> list[str]:
    if report.opening:
        return _paragraphs(report.opening)
    _, phrase = _subject_phrase(report)
    who = _join(issuer_names) or "Cơ quan"
    span = "-".join(str(y) for y in (report.reviewed_from, report.reviewed_to) if y)
    span = f" (giai đoạn {span})" if span and report.program_id else ""
    if report.program_id:
        program = report.program
        parties = _join([s.agency.name_on(program.signed_on) for s in program.signatories.all()])
        signed = f"Ngày {_date(program.signed_on)}, " if program.signed_on else ""
        first = f"{signed}{parties} đã ký {phrase} (sau đây gọi là Chương trình)."
        first = first[:1].upper() + first[1:]
        verb = "tổng kết" if report.kind == ReportKind.PROGRAM_FINAL_REVIEW else "sơ kết"
        years = f" {report.period_years} năm" if report.period_years else ""
        return [
            first,
            f"{who} báo cáo kết quả {verb}{years} thực hiện Chương trình{span}, số liệu tính "
            f"đến ngày {_date(report.as_of)}, như sau:",
        ]
    years = f" {report.period_years} năm" if report.period_years else ""
    return [
        f"Thực hiện {phrase}, {who} báo cáo kết quả{years} thực hiện, số liệu tính đến ngày "
        f"{_date(report.as_of)}, như sau:"
    ]


def _item(heading: str, texts: list[str], *, draft: bool, auto: list[str] | None = None):
    """One numbered part of a section; None when empty on a final report."""
    paragraphs = [*texts, *(auto or [])]
    if not paragraphs:
        if not draft:
            return None
        return {"heading": heading, "paragraphs": [], "empty": True}
    return {"heading": heading, "paragraphs": paragraphs, "empty": False}


def _section(title: str, items: list, *, draft: bool, intro: list[str] | None = None):
    items = [item for item in items if item is not None]
    intro = intro or []
    if not items and not intro:
        if not draft:
            return None
        return {"title": title, "intro": [], "items": [], "empty": True}
    return {"title": title, "intro": intro, "items": items, "empty": False}


def _number(sections: list) -> list[dict]:
    numbered = []
    for numeral, section in zip(ROMAN, [s for s in sections if s is not None], strict=False):
        items = []
        for n, item in enumerate(section["items"], start=1):
            items.append({**item, "heading": f"{n}. {item['heading']}" if item["heading"] else ""})
        numbered.append({**section, "title": f"{numeral}. {section['title']}", "items": items})
    return numbered


def _program_figures(report: ReviewReport) -> tuple[list[str], list[dict], dict]:
    """(sentences for section II, appendices, counts) of a program report."""
    program = report.program
    on = report.as_of
    states = [task_as_of(task, on) for task in _tasks_of([program.pk])]
    counts = classify(states)
    rollup = rollup_states(states)
    sentences = _figures_sentences(counts, _date(on), "Chương trình")
    meetings = _meetings(program.review_meetings.all(), report)
    appendices: list[dict] = []
    if counts["total"] or counts[CANCELLED]:
        appendices.append(
            {
                "kind": "agencies",
                "title": "KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO CƠ QUAN CHỦ TRÌ",
                "rows": _by_lead_agency(states, on),
                "totals": counts,
                # The program page's chart of the same figures (inline SVG, drawn by
                # WeasyPrint); its text is the document's.
                "chart": str(task_status_chart(rollup, labels=CLASS_LABEL)).replace(
                    "<svg ", '<svg font-family="Report Serif" ', 1
                ),
            }
        )
        appendices.append(
            {
                "kind": "tasks",
                "title": "DANH MỤC NHIỆM VỤ VÀ KẾT QUẢ THỰC HIỆN",
                "rows": [
                    {
                        "title": s.task.title,
                        "lead": s.task.lead_agency.name_on(on) if s.task.lead_agency else "",
                        "due": _date(s.task.due_on) or labels.RECURRENCE.get(s.task.recurrence, ""),
                        "result": CLASS_LABEL[s.klass],
                        "completed_on": _date(s.completed_on),
                        "progress": f"{s.progress}%",
                    }
                    for s in states
                ],
            }
        )
    if meetings:
        appendices.append(
            {
                "kind": "meetings",
                "title": "CÁC HỘI NGHỊ, BUỔI LÀM VIỆC ĐÃ TỔ CHỨC",
                "rows": [_meeting_row(m) for m in meetings],
            }
        )
        sentences.append(
            f"Trong quá trình thực hiện, đã tổ chức {len(meetings)} hội nghị, buổi làm việc "
            "về Chương trình."
        )
    else:
        sentences.append(
            f"Tính đến ngày {_date(on)}, chưa ghi nhận hội nghị, buổi làm việc nào về "
            "Chương trình ngoài hội nghị này."
            if report.approved_at_id
            else f"Tính đến ngày {_date(on)}, chưa ghi nhận hội nghị, buổi làm việc nào về "
            "Chương trình."
        )
    return sentences, appendices, counts


def _directive_figures(report: ReviewReport) -> tuple[list[str], list[dict], dict]:
    directive = report.directive
    on = report.as_of
    continued = [
        link.source
        for link in DirectiveLink.objects.filter(target=directive, kind=LinkKind.CONTINUES)
        .select_related("source")
        .order_by("source__issued_on", "pk")
        if link.source.issued_on is None or link.source.issued_on <= on
    ]
    family = [directive.pk, *(d.pk for d in continued)]
    implementing = [
        link.source
        for link in DirectiveLink.objects.filter(target_id__in=family, kind=LinkKind.IMPLEMENTS)
        .select_related("source__issuing_body")
        .order_by("source__issued_on", "source_id")
        if link.source.issued_on is None or link.source.issued_on <= on
    ]
    programs = list(
        Program.objects.filter(based_on__in=family)
        .exclude(signed_on__gt=on)
        .distinct()
        .order_by("signed_on", "pk")
    )
    states_by_program: dict[int, list[TaskAsOf]] = {}
    for task in _tasks_of([p.pk for p in programs]):
        states_by_program.setdefault(task.program_id, []).append(task_as_of(task, on))
    meetings = _meetings(ReviewMeeting.objects.filter(directives__in=family).distinct(), report)
    all_states = [s for states in states_by_program.values() for s in states]
    counts = classify(all_states)
    sentences = []
    if implementing:
        sentences.append(
            f"Tính đến ngày {_date(on)}, đã ban hành {len(implementing)} văn bản triển khai "
            "thực hiện (Phụ lục 1)."
        )
    if programs:
        sentences.append(
            f"Có {len(programs)} chương trình phối hợp thực hiện dựa trên văn bản này (Phụ lục 2)."
        )
        if counts["total"]:
            sentences.extend(_figures_sentences(counts, _date(on), "các chương trình"))
    if meetings:
        sentences.append(f"Đã tổ chức {len(meetings)} hội nghị, buổi làm việc (Phụ lục 3).")
    if not sentences:
        sentences.append(
            f"Tính đến ngày {_date(on)}, chưa ghi nhận văn bản triển khai, chương trình phối "
            "hợp hay hội nghị nào về việc thực hiện."
        )
    appendices = []
    if implementing:
        appendices.append(
            {
                "kind": "documents",
                "title": "VĂN BẢN TRIỂN KHAI THỰC HIỆN",
                "rows": [
                    {
                        "type_name": d.type_name,
                        "identifier": d.identifier,
                        # Short identifiers stay on one line (and extract whole); a long
                        # one may wrap rather than run into the next column.
                        "short": len(d.identifier) <= 20,
                        "issuer": d.issuing_body.name_on(d.issued_on) if d.issuing_body else "",
                        "issued_on": _date(d.issued_on),
                        "title": d.title,
                    }
                    for d in implementing
                ],
            }
        )
    if programs:
        rows = []
        for program in programs:
            program_counts = classify(states_by_program.get(program.pk, []))
            rows.append(
                {
                    "title": f"{program.identifier} {program.title}".strip(),
                    "period": program.period_label.replace("–", "-"),
                    "total": program_counts["total"],
                    "done": program_counts["done"],
                    "overdue": program_counts[OVERDUE],
                }
            )
        appendices.append(
            {"kind": "programs", "title": "CHƯƠNG TRÌNH PHỐI HỢP THỰC HIỆN", "rows": rows}
        )
    if meetings:
        appendices.append(
            {
                "kind": "meetings",
                "title": "CÁC HỘI NGHỊ, BUỔI LÀM VIỆC ĐÃ TỔ CHỨC",
                "rows": [_meeting_row(m) for m in meetings],
            }
        )
    return sentences, appendices, counts


def _successor_sentence(report: ReviewReport) -> list[str]:
    if not report.program_id:
        return []
    successors = report.program.successors.filter(signed_on__lte=report.as_of).order_by(
        "signed_on", "pk"
    )
    return [
        f"Ngày {_date(p.signed_on)}, các bên đã ký "
        f"{labels.PROGRAM_KIND.get(p.kind, 'Chương trình phối hợp')}"
        f"{' số ' + p.identifier if p.identifier else ''} giai đoạn "
        f"{p.period_label.replace('–', '-')}."
        for p in successors
    ]


def _signature(row: ReviewReportIssuer, on: datetime.date, *, draft: bool) -> dict:
    """A signature block; one with nobody named yet keeps the body's name (and, on a draft, a
    mark), so a joint report still shows a block per issuing body."""
    authority = row.authority.upper()
    title = row.signer_title.upper()
    if not authority and not title:
        title = row.agency.name_on(on).upper()
    return {
        "authority": authority,
        "title": title,
        "name": row.signer_name or (UNSIGNED_MARK if draft else ""),
    }


def _recipients(report: ReviewReport) -> list[str]:
    lines = [
        line.strip().lstrip("-").strip().rstrip(";.").strip()
        for line in report.recipients.splitlines()
    ]
    lines = [line for line in lines if line]
    return [f"- {line}{'.' if n == len(lines) - 1 else ';'}" for n, line in enumerate(lines)]


def review_report_data(
    report: ReviewReport,
    issuers: list[ReviewReportIssuer],
    parts: list,
) -> dict:
    """Everything the review report prints (see the module docstring)."""
    draft = not report.is_final
    on = report.report_date or report.as_of
    issuer_names = [row.agency.name_on(on) for row in issuers]
    if report.program_id:
        figures, appendices, counts = _program_figures(report)
    else:
        figures, appendices, counts = _directive_figures(report)
    for n, appendix in enumerate(appendices, start=1):
        appendix["number"] = n
    refs = ", ".join(f"Phụ lục {a['number']}" for a in appendices)
    if refs and report.program_id:
        figures.append(f"Số liệu chi tiết tại {refs} kèm theo Báo cáo.")
    result_items = [
        _item("Kết quả thực hiện các nhiệm vụ", [], draft=draft, auto=figures),
        *(
            _item(part.heading, _paragraphs(part.text), draft=draft)
            for part in parts
            if part.heading
        ),
    ]
    sections = _number(
        [
            _section(
                "CÔNG TÁC TỔ CHỨC THỰC HIỆN",
                [],
                draft=draft,
                intro=_paragraphs(report.organisation),
            ),
            _section(
                "KẾT QUẢ THỰC HIỆN",
                result_items,
                draft=draft,
                intro=_paragraphs(report.results),
            ),
            _section(
                "ĐÁNH GIÁ CHUNG",
                [
                    _item("Ưu điểm", _paragraphs(report.strengths), draft=draft),
                    _item("Hạn chế", _paragraphs(report.shortcomings), draft=draft),
                    _item("Nguyên nhân", _paragraphs(report.causes), draft=draft),
                    _item("Bài học kinh nghiệm", _paragraphs(report.lessons), draft=draft),
                ],
                draft=draft,
            ),
            _section(
                "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
                [],
                draft=draft,
                intro=[*_successor_sentence(report), *_paragraphs(report.directions)],
            ),
            _section(
                "KIẾN NGHỊ, ĐỀ XUẤT",
                [],
                draft=draft,
                intro=_paragraphs(report.recommendations),
            ),
        ]
    )
    # A draft marks an empty section or part; the section II figures never count as content
    # people wrote, so "results" stays marked when only they are there.
    header = _header(report, issuers)
    data = nfc(
        {
            "report": "review",
            "kind": report.kind,
            "draft": draft,
            "form": report.form,
            "as_of": _date(report.as_of),
            "header": header,
            "title": "BÁO CÁO",
            "subtitle": subject_line(report),
            "opening": _opening(report, issuer_names),
            "sections": sections,
            "empty_mark": EMPTY_MARK,
            "signatures": [_signature(row, on, draft=draft) for row in issuers],
            "signature_rows": [],
            "recipients": _recipients(report),
            "appendices": appendices,
            "appendix_ref": f"(Kèm theo Báo cáo số {_squeeze(header['number_joined'])} "
            f"{vietnamese_date(on)})",
            "task_total": counts["total"],
            "issuers": issuer_names,
        }
    )
    # A joint report: the blocks two by two, side by side, names on one line.
    blocks = data["signatures"]
    data["signature_rows"] = [blocks[n : n + 2] for n in range(0, len(blocks), 2)]
    return data
