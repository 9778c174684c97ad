"""What a new review report proposes, read from the records (docs/reports.md, "Proposals").

A manager starts a report from a program or a directive; everything the form of the document
needs is proposed here and stays correctable on the record: the as-of day and the report date
(the review meeting's date when there is one), the issuing bodies (the program's signing
parties; for a directive, the bodies that issued documents implementing it), the form (party
when every issuing body is a party body, else state), the place (the first issuing body's
seat), the years reviewed and the period length in the title, the number's symbol, a signer
for each issuing body (from the officials' positions on the report date) and the recipients
(the review meeting's other participants, then the archive line).

:func:`propose` returns unsaved rows; ``reports.services.review_report_create`` saves them, and
the ``render_report`` command renders them as a draft when no record exists yet.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.utils import timezone

from agencies.models import Agency, AgencyKind, Position
from core.text import fold
from directives.models import Directive, DirectiveLink, LinkKind
from programs.models import MeetingKind, Program, ReviewMeeting

from .models import DocumentForm, ReportKind, ReviewReport, ReviewReportIssuer, ReviewStatus

#: Title openings of the head of a body, folded; a deputy's title starts with "pho" or is
#: "thu truong" (deputy minister).
_HEAD_TITLES = ("truong", "bi thu", "bo truong", "chu tich", "chu nhiem", "tong bi thu")
_DEPUTY_TITLES = ("pho ", "thu truong")
#: Bodies whose leadership is collective: their head signs "TM."/"T/M" on the body's behalf.
_COLLECTIVE = (
    "ban can su dang",
    "dang uy",
    "dang doan",
    "ban thuong vu",
    "ban chap hanh",
    "uy ban",
)
STATE_ARCHIVE_LINE = "Lưu: VT"
PARTY_ARCHIVE_LINE = "Lưu Văn phòng"


@dataclass
class Proposal:
    """An unsaved report with its issuing bodies (each with a proposed signer)."""

    report: ReviewReport
    issuers: list[ReviewReportIssuer] = field(default_factory=list)
    meeting: ReviewMeeting | None = None


def _years_between(start: datetime.date, end: datetime.date) -> int:
    return max(1, round((end - start).days / 365.25))


def _review_meeting(kind: str, subject, on_or_after: datetime.date | None = None):
    """The meeting that reviews ``subject`` for a report of ``kind``: the latest final (or
    interim) review of a program, the latest meeting reviewing a directive."""
    if isinstance(subject, Program):
        wanted = (
            MeetingKind.FINAL_REVIEW
            if kind == ReportKind.PROGRAM_FINAL_REVIEW
            else MeetingKind.INTERIM_REVIEW
        )
        meetings = subject.review_meetings.filter(kind=wanted)
    else:
        meetings = subject.review_meetings.all()
    if on_or_after is not None:
        meetings = meetings.filter(held_on__gte=on_or_after)
    return meetings.prefetch_related("participants").order_by("-held_on", "-pk").first()


def issuing_agencies(kind: str, subject, as_of: datetime.date) -> list[Agency]:
    """A program's signing parties in their order; for a directive, the bodies that issued the
    documents implementing it (by as_of), else the directive's own issuing body."""
    if isinstance(subject, Program):
        return [s.agency for s in subject.signatories.select_related("agency").order_by("order")]
    agencies: list[Agency] = []
    links = (
        DirectiveLink.objects.filter(target=subject, kind=LinkKind.IMPLEMENTS)
        .select_related("source__issuing_body")
        .order_by("source__issued_on", "source_id")
    )
    for link in links:
        body = link.source.issuing_body
        issued = link.source.issued_on
        if body is not None and body not in agencies and (issued is None or issued <= as_of):
            agencies.append(body)
    if not agencies and subject.issuing_body_id:
        agencies.append(subject.issuing_body)
    return agencies


def propose_form(agencies: list[Agency]) -> str:
    """Party form when every issuing body is a party body; state form otherwise (the safe
    default for mixed issuers, DOCUMENT_FORM "Which form")."""
    if agencies and all(a.kind == AgencyKind.PARTY_BODY for a in agencies):
        return DocumentForm.PARTY
    return DocumentForm.STATE


def agency_code(agency: Agency) -> str:
    """The agency's short name, or the initials of its name ("Bộ Ngoại giao" → "BNG")."""
    if agency.short_name:
        return agency.short_name
    return "".join(word[0] for word in agency.name.split() if word[:1].isalpha()).upper()


def propose_symbol(agencies: list[Agency], form: str, subject) -> str:
    """ "BC/BDVTW-BCSĐBNG" (party) or "BC-BNG-TWĐ" (state); a program's own issuer code when
    its issuers are the program's parties."""
    codes = "-".join(agency_code(a) for a in agencies)
    if isinstance(subject, Program) and subject.issuer_code:
        parties = [s.agency_id for s in subject.signatories.all()]
        if parties == [a.pk for a in agencies]:
            codes = subject.issuer_code
    return f"BC/{codes}" if form == DocumentForm.PARTY else f"BC-{codes}"


def _rank(title: str) -> int:
    folded = fold(title)
    if folded.startswith(_DEPUTY_TITLES):
        return 1
    if folded.startswith(_HEAD_TITLES):
        return 0
    return 2


def propose_signer(agency: Agency, on: datetime.date, form: str) -> dict:
    """The official to sign for ``agency`` on ``on``: whoever holds its head position then (a
    deputy otherwise), with the authority line of the form."""
    positions = list(Position.objects.held_on(on).filter(agency=agency).select_related("official"))
    positions.sort(key=lambda p: (_rank(p.title), p.order, p.pk))
    party = form == DocumentForm.PARTY
    collective = fold(agency.name).startswith(_COLLECTIVE)
    authority = ""
    if collective:
        authority = f"{'T/M' if party else 'TM.'} {agency.name.upper()}"
    if not positions:
        return {"authority": authority, "signer": None, "signer_title": "", "signer_name": ""}
    chosen = positions[0]
    if not collective and _rank(chosen.title) == 1:
        authority = f"{'K/T' if party else 'KT.'} {agency.name.upper()}"
    return {
        "authority": authority,
        "signer": chosen.official,
        "signer_title": chosen.title,
        "signer_name": chosen.official.full_name,
    }


def propose_years(
    kind: str, subject, *, as_of: datetime.date, report_date: datetime.date
) -> tuple[int | None, int | None, int | None]:
    """(reviewed_from, reviewed_to, years in the title).

    A final review names the program's whole period: from the signing day to the end of its
    last year, rounded (90-CTr, signed 6/12/2016 for 2016-2021, is "5 năm"), or without a
    signing day the years counted inclusive (2021-2025 is "5 năm", never end minus start). An
    interim review counts the years from the signing day (or the period's first year) to the
    as-of day. A directive counts whole years since its issue.
    """
    if isinstance(subject, Directive):
        if subject.issued_on is None:
            return None, as_of.year, None
        years = max(1, math.floor((as_of - subject.issued_on).days / 365.25))
        return subject.issued_on.year, as_of.year, years
    start, end = subject.period_start, subject.period_end
    final = kind == ReportKind.PROGRAM_FINAL_REVIEW
    if final:
        # The whole period, however early the final review is held.
        reviewed_to = end or as_of.year
        if subject.signed_on and end:
            years = _years_between(subject.signed_on, datetime.date(end, 12, 31))
        elif start and end:
            years = end - start + 1
        else:
            years = None
        return start or (subject.signed_on.year if subject.signed_on else None), reviewed_to, years
    began = subject.signed_on or (datetime.date(start, 1, 1) if start else None)
    if began is None:
        return None, as_of.year, None
    return start or began.year, as_of.year, _years_between(began, as_of)


def propose_recipients(meeting: ReviewMeeting | None, issuers: list[Agency], form: str) -> str:
    """The review meeting's other participating bodies, then the archive line."""
    lines = []
    if meeting is not None:
        issuer_ids = {a.pk for a in issuers}
        lines = [a.name for a in meeting.participants.all() if a.pk not in issuer_ids]
    lines.append(PARTY_ARCHIVE_LINE if form == DocumentForm.PARTY else STATE_ARCHIVE_LINE)
    return "\n".join(lines)


def propose(
    kind: str,
    subject: Program | Directive,
    *,
    as_of: datetime.date | None = None,
    report_date: datetime.date | None = None,
    place: str | None = None,
    form: str | None = None,
) -> Proposal:
    """An unsaved draft report of ``kind`` about ``subject`` with everything proposed; given
    values win over proposals. Without ``as_of`` the data is counted up to the review meeting
    when there is one (the report is written for it), else up to today."""
    meeting = _review_meeting(kind, subject, on_or_after=as_of)
    if as_of is None:
        as_of = meeting.held_on if meeting else timezone.localdate()
    if report_date is None:
        report_date = meeting.held_on if meeting and meeting.held_on >= as_of else as_of
    agencies = issuing_agencies(kind, subject, as_of)
    form = form or propose_form(agencies)
    if place is None:
        place = next((a.seat_or_parents() for a in agencies if a.seat_or_parents()), "")
    reviewed_from, reviewed_to, years = propose_years(
        kind, subject, as_of=as_of, report_date=report_date
    )
    report = ReviewReport(
        kind=kind,
        program=subject if isinstance(subject, Program) else None,
        directive=subject if isinstance(subject, Directive) else None,
        status=ReviewStatus.DRAFT,
        reviewed_from=reviewed_from,
        reviewed_to=reviewed_to,
        period_years=years,
        as_of=as_of,
        form=form,
        place=place,
        report_date=report_date,
        symbol=propose_symbol(agencies, form, subject),
        recipients=propose_recipients(meeting, agencies, form),
        approved_at=meeting if meeting and meeting.held_on >= as_of else None,
    )
    issuers = [
        ReviewReportIssuer(agency=agency, order=n, **propose_signer(agency, report_date, form))
        for n, agency in enumerate(agencies)
    ]
    return Proposal(report=report, issuers=issuers, meeting=meeting)
