"""Review report records: what a new report proposes, edits that refuse a stale version, the
final report's lock and number, and the export through the report jobs."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.concurrency import EditConflict
from reports import services
from reports.models import (
    DocumentForm,
    JobStatus,
    ReportKind,
    ReviewReport,
    ReviewStatus,
)
from reports.proposals import propose
from tests.agencies.factories import AgencyFactory, OfficialFactory, PositionFactory
from tests.programs.factories import ProgramFactory, SignatoryFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2021, 11, 26)


def test_proposals_for_the_90_ctr_final_review(seed):
    proposal = propose(ReportKind.PROGRAM_FINAL_REVIEW, seed["ctr90"])
    report = proposal.report
    assert proposal.meeting == seed["final"]
    assert (report.as_of, report.report_date, report.approved_at) == (DAY, DAY, seed["final"])
    assert report.form == DocumentForm.PARTY  # both issuing bodies are party bodies
    assert report.place == "Hà Nội"
    assert (report.reviewed_from, report.reviewed_to, report.period_years) == (2016, 2021, 5)
    assert report.symbol == "BC/BDVTW-BCSĐBNG"
    assert report.number == "" and report.status == ReviewStatus.DRAFT
    assert [row.agency for row in proposal.issuers] == [seed["bdv"], seed["bcs"]]
    assert proposal.issuers[0].signer == seed["hoai"]
    assert proposal.issuers[1].authority == "T/M BAN CÁN SỰ ĐẢNG BỘ NGOẠI GIAO"
    # The meeting's other participants, then the archive line.
    assert report.recipients.splitlines() == [
        "Bộ Ngoại giao",
        "Ủy ban Nhà nước về người Việt Nam ở nước ngoài",
        "Lưu Văn phòng",
    ]


def test_mixed_or_state_issuers_take_the_state_form_and_the_parent_seat(seed):
    ministry = AgencyFactory(name="Bộ Ngoại giao thử", short_name="BNGT", seat="Hà Nội")
    unit = AgencyFactory(name="Cục thử", parent=ministry)
    youth = AgencyFactory(name="Trung ương Đoàn thử", kind="mass_org")
    program = ProgramFactory(identifier="", period_start=2022, period_end=2026, signed_on=None)
    SignatoryFactory(program=program, agency=unit, order=1)
    SignatoryFactory(program=program, agency=youth, order=2)
    deputy = OfficialFactory(full_name="Nguyễn Văn Phó")
    PositionFactory(official=deputy, agency=unit, title="Phó Cục trưởng")
    report = propose(ReportKind.PROGRAM_FINAL_REVIEW, program, as_of=DAY).report
    assert report.form == DocumentForm.STATE
    assert report.place == "Hà Nội"  # the unit has no seat: its ministry's
    assert report.period_years == 5  # 2022-2026 counted inclusive, not 4
    assert report.symbol.startswith("BC-")
    issuers = propose(ReportKind.PROGRAM_FINAL_REVIEW, program, as_of=DAY).issuers
    assert issuers[0].authority == "KT. CỤC THỬ" and issuers[0].signer_name == "Nguyễn Văn Phó"


def test_create_saves_proposals_and_given_values_win(seed, users):
    report = services.review_report_create(
        kind=ReportKind.PROGRAM_FINAL_REVIEW,
        subject=seed["ctr90"],
        created_by=users["manager"],
        place="Thành phố Hồ Chí Minh",
        period_years=6,
    )
    assert report.pk and report.version == 1
    assert report.place == "Thành phố Hồ Chí Minh" and report.period_years == 6
    assert report.issuers.count() == 2


def test_update_refuses_a_stale_version_and_lists_the_change(seed, users):
    report = services.review_report_create(
        kind=ReportKind.PROGRAM_FINAL_REVIEW, subject=seed["ctr90"]
    )
    opened = report.version
    services.review_report_update(report=report, expected_version=opened, lessons="Một bài học.")
    stale = ReviewReport.objects.get(pk=report.pk)
    with pytest.raises(EditConflict) as caught:
        services.review_report_update(report=stale, expected_version=opened, lessons="Khác.")
    assert any(change.field == "lessons" for change in caught.value.changes)
    assert ReviewReport.objects.get(pk=report.pk).lessons == "Một bài học."
    assert report.history.count() == 2


def test_update_replaces_issuers_and_parts(seed):
    report = services.review_report_create(
        kind=ReportKind.PROGRAM_FINAL_REVIEW, subject=seed["ctr90"]
    )
    services.review_report_update(
        report=report,
        expected_version=report.version,
        issuers=[{"agency": seed["bcs"], "authority": "T/M BAN CÁN SỰ ĐẢNG", "signer_name": "X"}],
        parts=[{"heading": "Thông tin, tuyên truyền", "text": "Kết quả."}, {"heading": ""}],
    )
    assert [row.agency for row in report.issuers.all()] == [seed["bcs"]]
    assert [part.heading for part in report.parts.all()] == ["Thông tin, tuyên truyền"]
    with pytest.raises(ValidationError):
        services.review_report_update(report=report, expected_version=report.version, issuers=[])


def test_finalize_needs_a_number_then_locks_the_report(seed):
    report = services.review_report_create(
        kind=ReportKind.PROGRAM_FINAL_REVIEW, subject=seed["ctr90"]
    )
    with pytest.raises(ValidationError) as caught:
        services.review_report_finalize(
            report=report, number=" ", report_date=DAY, expected_version=report.version
        )
    assert caught.value.message_dict["number"] == [str(services.FINAL_NEEDS_NUMBER)]
    services.review_report_finalize(
        report=report, number="02", report_date=DAY, expected_version=report.version
    )
    report.refresh_from_db()
    assert report.status == ReviewStatus.FINAL and report.number == "02" and report.finalized_at
    with pytest.raises(ValidationError) as locked:
        services.review_report_update(report=report, expected_version=report.version, lessons="x")
    assert locked.value.messages == [str(services.FINAL_IS_LOCKED)]


def test_database_keeps_drafts_unnumbered_and_finals_dated(seed):
    report = services.review_report_create(
        kind=ReportKind.PROGRAM_FINAL_REVIEW, subject=seed["ctr90"]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewReport.objects.filter(pk=report.pk).update(number="5")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewReport.objects.filter(pk=report.pk).update(status="final", report_date=None)


def test_export_queues_a_job_per_version(seed, users, django_capture_on_commit_callbacks):
    report = services.review_report_create(
        kind=ReportKind.PROGRAM_FINAL_REVIEW, subject=seed["ctr90"]
    )
    with django_capture_on_commit_callbacks(execute=False):
        job, created = services.review_report_export(report=report, requested_by=users["manager"])
        again, created_again = services.review_report_export(report=report, requested_by=None)
    assert created and not created_again and again.pk == job.pk
    assert job.review_report == report and job.status == JobStatus.QUEUED
    assert job.parameters["review_report"] == report.pk
    assert job.parameters["version"] == report.version
    services.review_report_update(report=report, expected_version=report.version, lessons="x")
    with django_capture_on_commit_callbacks(execute=False):
        newer, created_newer = services.review_report_export(report=report, requested_by=None)
    assert created_newer and newer.pk != job.pk
