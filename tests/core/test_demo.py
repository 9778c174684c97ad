"""The demo data: complete against the seed articles, idempotent, and the demo accounts."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from agencies.models import Agency, Official, Position
from core.demo_loader import DemoDataError, load_demo
from directives.models import Directive, DirectiveLink
from programs.demo import data
from programs.models import Program, ReviewMeeting, Signatory, Task, TaskUpdate

EXPECTED_COUNTS = {
    Agency: 37,
    Official: 13,
    Position: 23,
    Directive: 18,
    DirectiveLink: 8,
    Program: 6,
    Signatory: 18,
    # The seed's 15 tasks of 02-CTr and 11 illustrative ones (programs/demo/illustrative.py).
    Task: 26,
    TaskUpdate: 22,
    ReviewMeeting: 4,
}


@pytest.fixture
def summary(db):
    return load_demo()


def directive(identifier: str) -> Directive:
    return Directive.objects.by_identifier(identifier).get()


def program(identifier: str) -> Program:
    return Program.objects.by_identifier(identifier).get()


def names(queryset, attribute: str = "name") -> set[str]:
    return {getattr(row, attribute) for row in queryset}


def history_count() -> int:
    """Every historical record of every model (and of their many-to-many fields)."""
    return sum(
        model._default_manager.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    )


# -- completeness ------------------------------------------------------------------------------


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """The demo data loaded once for a whole class of read-only tests, rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.mark.django_db
class TestSeedFacts:
    """What the loaded data says, checked against the seed articles (read-only tests)."""

    @pytest.fixture
    def summary(self, seeded):
        return seeded

    @pytest.mark.parametrize(("model", "count"), EXPECTED_COUNTS.items(), ids=lambda v: str(v))
    def test_load_demo_creates_every_seed_record(self, summary, model, count):
        assert model.objects.count() == count
        assert summary.get(model).created == count

    def test_invented_tasks_and_updates_are_marked_as_demo_data(self, summary):
        from programs.demo.illustrative import MARK

        assert all(u.note.startswith(MARK) for u in TaskUpdate.objects.all())
        invented = Task.objects.filter(description__startswith=MARK)
        assert invented.count() == 11
        assert all(t.updates.exists() for t in invented)
        # Each invented task stands where its last update left it.
        for task in invented:
            assert task.progress == task.updates.latest().progress

    def test_program_90_as_the_seed_gives_it(self, summary):
        p90 = program("90-CTr/BDVTW-BCSĐBNG")
        assert p90.signed_on == datetime.date(2016, 12, 6)
        assert (p90.period_start, p90.period_end) == (2016, 2021)
        assert p90.status == "completed"
        assert names(a.agency for a in p90.signatories.all()) == {
            "Ban Dân vận Trung ương",
            "Ban cán sự đảng Bộ Ngoại giao",
        }
        # Seed 000 names no signers and no tasks of 90-CTr.
        assert not p90.signatories.filter(official__isnull=False).exists()
        assert not p90.tasks.exists()

    def test_program_02_succeeds_90_and_is_signed_by_both_heads(self, summary):
        p02 = program("02-CTr/BDVTW-BCSĐBNG")
        assert p02.signed_on == datetime.date(2021, 11, 26)
        assert (p02.period_start, p02.period_end) == (2021, 2026)
        assert p02.status == "in_force"
        assert p02.predecessor == program("90-CTr/BDVTW-BCSĐBNG")
        signed = {
            s.agency.name: (s.official.full_name, s.title)
            for s in p02.signatories.select_related("agency", "official")
        }
        assert signed == {
            "Ban Dân vận Trung ương": ("Bùi Thị Minh Hoài", "Trưởng Ban Dân vận Trung ương"),
            "Ban cán sự đảng Bộ Ngoại giao": ("Bùi Thanh Sơn", "Bí thư Ban cán sự đảng"),
        }
        assert names(p02.based_on.all(), "identifier") == {
            "36-NQ/TW",
            "45-CT/TW",
            "14-KL/TW",
            "12-KL/TW",
            "25-NQ/TW",
        }

    def test_signatory_titles_are_the_positions_held_on_the_signing_date(self, summary):
        for signatory in Signatory.objects.filter(official__isnull=False).select_related(
            "program", "official"
        ):
            assert signatory.title
            assert signatory.title == signatory.official.title_on(
                signatory.agency_id, signatory.program.signed_on
            )

    def test_officials_titles(self, summary):
        son = Official.objects.get(full_name="Bùi Thanh Sơn")
        on = datetime.date(2021, 11, 26)
        assert son.title_on(Agency.objects.get(name="Bộ Ngoại giao"), on) == "Bộ trưởng Ngoại giao"
        assert son.title_on(Agency.objects.get(name="Ban Chấp hành Trung ương"), on) == (
            "Ủy viên Ban Chấp hành Trung ương Đảng"
        )
        vu = Official.objects.get(full_name="Nguyễn Minh Vũ")
        titles = names(vu.positions_held(datetime.date(2022, 7, 5)), "title")
        assert titles == {
            "Ủy viên dự khuyết Trung ương Đảng",
            "Phó Bí thư Ban cán sự đảng",
            "Thứ trưởng Thường trực Bộ Ngoại giao",
        }
        # No article dates a title: every position is open at both ends.
        assert not Position.objects.filter(start_date__isnull=False).exists()
        assert not Position.objects.filter(end_date__isnull=False).exists()

    @pytest.mark.parametrize(
        ("identifier", "issued_on", "issuing_body"),
        [
            ("25-NQ/TW", datetime.date(2013, 6, 3), "Ban Chấp hành Trung ương"),
            ("36-NQ/TW", datetime.date(2004, 3, 26), "Bộ Chính trị"),
            ("12-KL/TW", datetime.date(2021, 8, 12), "Bộ Chính trị"),
            ("43-KL/TW", None, "Ban Bí thư"),
            ("14-KL/TW", None, None),
            ("228-QĐ/TW", datetime.date(2014, 2, 7), "Ban Bí thư"),
            ("169/NQ-CP", datetime.date(2021, 12, 31), "Chính phủ"),
            ("34-NQ/TW", datetime.date(2023, 1, 9), "Bộ Chính trị"),
            ("01-ĐA/TW", datetime.date(2022, 3, 3), "Ban Bí thư"),
            ("12-CT/TW", datetime.date(2022, 1, 5), "Ban Bí thư"),
            ("15-CT/TW", datetime.date(2022, 8, 10), "Ban Bí thư"),
            ("21-NQ/TW", datetime.date(2022, 6, 16), "Ban Chấp hành Trung ương"),
            ("14-TT/TU", None, "Ban Thường vụ Thành ủy TP Hồ Chí Minh"),
            ("122- CTr/ĐUB", datetime.date(2013, 9, 12), "Đảng ủy Bộ Ngoại giao"),
            ("1066-KH/ĐUB", datetime.date(2019, 5, 27), "Đảng ủy Bộ Ngoại giao"),
            ("45-KH/ĐUNN", datetime.date(2013, 6, 24), "Đảng ủy Ngoài nước"),
            ("10-CTr/ĐUNN", datetime.date(2013, 8, 14), "Đảng ủy Ngoài nước"),
        ],
    )
    def test_directive_dates_and_issuing_bodies(self, summary, identifier, issued_on, issuing_body):
        found = directive(identifier)
        assert found.issued_on == issued_on
        assert (found.issuing_body.name if found.issuing_body else None) == issuing_body

    def test_implementing_document_keeps_the_canonical_identifier(self, summary):
        assert directive("122-CTr/ĐUB").identifier == "122-CTr/ĐUB"
        assert directive("122-CTr/ĐUB").type_name == "Chương trình hành động"
        assert directive("228-QĐ/TW").type_name == "Quy định"

    @pytest.mark.parametrize(
        ("source", "kind", "targets"),
        [
            ("43-KL/TW", "continues", {"25-NQ/TW"}),
            ("169/NQ-CP", "implements", {"36-NQ/TW", "45-CT/TW", "12-KL/TW"}),
            ("122-CTr/ĐUB", "implements", {"25-NQ/TW"}),
            ("1066-KH/ĐUB", "implements", {"43-KL/TW"}),
            ("45-KH/ĐUNN", "implements", {"25-NQ/TW"}),
            ("10-CTr/ĐUNN", "implements", {"25-NQ/TW"}),
        ],
    )
    def test_directive_links(self, summary, source, kind, targets):
        links = directive(source).outgoing_links.select_related("target")
        assert {(link.kind, link.target.identifier) for link in links} == {
            (kind, target) for target in targets
        }

    def test_final_review_of_program_90(self, summary):
        meeting = ReviewMeeting.objects.get(held_on=datetime.date(2021, 11, 26))
        assert meeting.kind == "final_review"
        assert meeting.place == "Hà Nội"
        assert (meeting.reviewed_from, meeting.reviewed_to) == (2016, 2021)
        assert names(meeting.chairs.all(), "full_name") == {"Bùi Thị Minh Hoài", "Bùi Thanh Sơn"}
        assert list(meeting.programs.all()) == [program("90-CTr/BDVTW-BCSĐBNG")]
        assert list(meeting.signed_programs.all()) == [program("02-CTr/BDVTW-BCSĐBNG")]
        assert (
            meeting.approved_report == "Báo cáo Tổng kết 5 năm thực hiện Chương trình phối hợp 90"
        )
        assert "Ủy ban Nhà nước về người Việt Nam ở nước ngoài" in names(meeting.participants.all())

    def test_review_of_regulation_228_with_63_connection_points(self, summary):
        meeting = ReviewMeeting.objects.get(held_on=datetime.date(2022, 7, 5))
        assert meeting.kind == "final_review"
        assert meeting.format == "hybrid"
        assert meeting.connection_points == 63
        assert list(meeting.directives.all()) == [directive("228-QĐ/TW")]
        assert names(meeting.chairs.all(), "full_name") == {"Bùi Thanh Sơn", "Hoàng Đăng Quang"}
        assert "Nguyễn Minh Vũ" in meeting.conclusions

    def test_working_session_on_resolution_25_and_conclusion_43(self, summary):
        meeting = ReviewMeeting.objects.get(held_on=datetime.date(2024, 7, 25))
        assert meeting.kind == "working_session"
        assert names(meeting.directives.all(), "identifier") == {"25-NQ/TW", "43-KL/TW"}
        assert names(meeting.chairs.all(), "full_name") == {"Phạm Tất Thắng", "Hà Kim Ngọc"}
        assert "Mai Phan Dũng" in meeting.conclusions

    def test_ho_chi_minh_city_signing_conference(self, summary):
        meeting = ReviewMeeting.objects.get(held_on=datetime.date(2024, 11, 1))
        assert meeting.kind == "signing"
        signed = {p.title: p for p in meeting.signed_programs.all()}
        assert set(signed) == {
            "Chương trình hành động phối hợp triển khai công tác đối ngoại nhân dân giai đoạn "
            "2024-2029",
            "Chương trình phối hợp công tác người Việt Nam ở nước ngoài giai đoạn 2024-2029",
        }
        joint = Program.objects.get(kind="joint_action")
        assert (joint.period_start, joint.period_end) == (2024, 2029)
        assert joint.signatories.count() == 8
        assert names(joint.based_on.all(), "identifier") == {"12-CT/TW", "14-TT/TU"}

    def test_other_programs(self, summary):
        laos = Program.objects.get(kind="cooperation_agreement")
        assert (laos.period_start, laos.period_end, laos.signed_on) == (2021, 2025, None)
        assert "Ủy ban Trung ương Mặt trận Lào xây dựng đất nước" in names(
            s.agency for s in laos.signatories.all()
        )
        youth = Program.objects.get(signatories__agency__name="Trung ương Đoàn TNCS Hồ Chí Minh")
        assert (youth.period_start, youth.period_end) == (2022, 2026)
        assert names(s.agency for s in youth.signatories.all()) == {
            "Bộ Ngoại giao",
            "Trung ương Đoàn TNCS Hồ Chí Minh",
        }

    def test_agency_hierarchy_and_succession(self, summary):
        committee = Agency.objects.get(name="Ủy ban Nhà nước về người Việt Nam ở nước ngoài")
        assert committee.parent.name == "Bộ Ngoại giao"
        merged = Agency.objects.get(name="Ban Tuyên giáo và Dân vận Trung ương")
        assert names(merged.predecessors.all()) == {
            "Ban Dân vận Trung ương",
            "Ban Tuyên giáo Trung ương",
        }
        assert Agency.objects.get(short_name="BDVTW").valid_to == datetime.date(2025, 2, 3)
        # The city Front's member organisations are members, not units under it.
        assert not Agency.objects.filter(
            parent__name="Ủy ban MTTQ Việt Nam TP Hồ Chí Minh"
        ).exists()
        assert Agency.objects.filter(notes__contains="Tổ chức thành viên").count() == 7

    def test_tasks_of_program_02(self, summary):
        from programs.demo.illustrative import MARK

        tasks = [
            t
            for t in program("02-CTr/BDVTW-BCSĐBNG").tasks.all()
            if not t.description.startswith(MARK)
        ]
        assert len(tasks) == 15
        assert [t.order for t in tasks] == list(range(1, 16))
        assert tasks[0].title.startswith("Phối hợp tham mưu với Đảng, Nhà nước")
        briefing = next(t for t in tasks if "Đoàn Trưởng cơ quan đại diện" in t.title)
        assert briefing.recurrence == "yearly"
        assert briefing.lead_agency.name == "Ban Dân vận Trung ương"
        exchange = next(t for t in tasks if t.title == "Duy trì trao đổi thông tin định kỳ")
        assert exchange.recurrence == "continuous"
        plan = next(t for t in tasks if t.title.startswith("Xây dựng kế hoạch triển khai cụ thể"))
        assert plan.status == "not_started"
        coordination = next(t for t in tasks if t.title.startswith("Tăng cường phối hợp với"))
        assert names(coordination.coordinating_agencies.all()) == {
            "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
            "Trung ương Đoàn TNCS Hồ Chí Minh",
            "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
            "Liên hiệp các tổ chức hữu nghị Việt Nam",
        }
        assert {t.status for t in tasks} == {"not_started", "in_progress"}
        assert all(t.progress == 0 and t.due_on is None for t in tasks)
        # Lead agencies only where the article names one.
        assert [t for t in tasks if t.lead_agency_id] == [briefing]


# -- idempotence -------------------------------------------------------------------------------


def test_second_run_changes_nothing(summary):
    rows = {model: model.objects.count() for model in EXPECTED_COUNTS}
    versions = sorted(Program.objects.values_list("pk", "version"))
    records = history_count()

    second = load_demo()

    assert not second.changed
    for model, count in EXPECTED_COUNTS.items():
        assert second.get(model).unchanged == count
        assert model.objects.count() == rows[model]
    assert sorted(Program.objects.values_list("pk", "version")) == versions
    assert history_count() == records


def test_second_run_repairs_an_edited_row_and_bumps_its_version(summary):
    task = Task.objects.get(title="Duy trì trao đổi thông tin định kỳ")
    Task.objects.filter(pk=task.pk).update(status="cancelled")
    records = task.history.count()

    second = load_demo()

    task.refresh_from_db()
    assert task.status == "in_progress"
    assert task.version == 2
    assert task.history.count() == records + 1
    assert second.get(Task).updated == 1
    assert second.get(Task).unchanged == 25


def test_second_run_restores_a_removed_relation_in_one_history_record(summary):
    meeting = ReviewMeeting.objects.get(held_on=datetime.date(2021, 11, 26))
    meeting.chairs.remove(Official.objects.get(full_name="Bùi Thanh Sơn"))
    records, version = meeting.history.count(), meeting.version

    second = load_demo()

    meeting.refresh_from_db()
    assert meeting.chairs.count() == 2
    assert meeting.version == version + 1
    assert meeting.history.count() == records + 1
    assert second.get(ReviewMeeting).updated == 1


def test_a_new_row_records_its_relations_in_its_history(summary):
    meeting = ReviewMeeting.objects.get(held_on=datetime.date(2021, 11, 26))
    latest = meeting.history.first()
    assert meeting.history.count() == 2  # created, then its relations
    assert {c.official_id for c in latest.chairs.all()} == set(
        meeting.chairs.values_list("pk", flat=True)
    )


def test_agencies_match_by_folded_name(summary):
    """Old tone placement ("Uỷ") finds the same agency instead of adding a duplicate."""
    committee = Agency.objects.get(name="Ủy ban Nhà nước về người Việt Nam ở nước ngoài")
    committee.name = "Uỷ ban Nhà nước về người Việt Nam ở nước ngoài"
    committee.save()

    second = load_demo()

    assert Agency.objects.count() == EXPECTED_COUNTS[Agency]
    assert second.get(Agency).updated == 1
    committee.refresh_from_db()
    assert committee.name == "Ủy ban Nhà nước về người Việt Nam ở nước ngoài"


def test_a_bad_reference_writes_nothing(db, monkeypatch):
    monkeypatch.setattr(data, "MEETINGS", [{**data.MEETINGS[0], "chairs": ["Không Có Ai"]}])
    with pytest.raises(DemoDataError, match="Không Có Ai"):
        load_demo()
    assert not Agency.objects.exists()
    assert not Program.objects.exists()


def test_load_demo_command_prints_counts(db):
    first, second = StringIO(), StringIO()
    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)
    assert "programs.Program: 6 created, 0 updated, 0 unchanged" in first.getvalue()
    assert "programs.Program: 0 created, 0 updated, 6 unchanged" in second.getvalue()
    assert "nothing changed" in second.getvalue()
