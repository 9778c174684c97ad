"""Search that knows the domain (issue 11), on the demo data: abbreviations both ways, meetings
and tasks, dates, agencies bringing what they signed and lead, renamed and merged bodies,
citations in prose, ranking. Runs on SQLite and on PostgreSQL (``DATABASE_URL``)."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.urls import reverse

from agencies.models import Agency
from core.abbreviations import ABBREVIATIONS
from core.demo_loader import load_demo
from core.roles import VIEWER
from core.search import (
    RANK_ABBREVIATION,
    RANK_EXACT,
    RANK_NAME,
    RANK_NUMBER,
    RANK_PHRASE,
    RANK_PREFIX,
    RANK_RELATED,
    global_search,
    interpret,
    parse_date,
)
from directives.models import Directive
from programs.models import Program, ReviewMeeting, Task
from tests.agencies.factories import AgencyFactory


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for a class of read-only tests and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def viewer(db):
    user = User.objects.create_user("reader", password="pw")
    user.groups.add(Group.objects.get(name=VIEWER))
    return user


def found(viewer, q: str) -> dict[str, list]:
    """Each kind's matches, best first."""
    return {g.kind: g.results for g in global_search(interpret(q), user=viewer, limit=50)}


def titles(rows) -> list[str]:
    return [getattr(row, "title", None) or getattr(row, "name", None) for row in rows]


def agency(name: str) -> Agency:
    return Agency.objects.get(name=name)


def program(identifier: str) -> Program:
    return Program.objects.by_identifier(identifier).get()


def directive(identifier: str) -> Directive:
    return Directive.objects.by_identifier(identifier).get()


MTTQ_HCM = "Ủy ban MTTQ Việt Nam TP Hồ Chí Minh"
MTTQ_TW = "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"
BDV = "Ban Dân vận Trung ương"
MERGED = "Ban Tuyên giáo và Dân vận Trung ương"
FINAL_REVIEW_90 = datetime.date(2021, 11, 26)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestAbbreviations:
    def test_abbreviations_mixed_with_words(self, viewer):
        assert titles(found(viewer, "MTTQ HCM")["agency"])[0] == MTTQ_HCM
        assert titles(found(viewer, "ban to chuc TW")["agency"])[0] == "Ban Tổ chức Trung ương"

    def test_an_abbreviation_finds_the_full_name(self, viewer):
        agencies = titles(found(viewer, "MTTQ")["agency"])
        assert MTTQ_TW in agencies and MTTQ_HCM in agencies
        nvnonn = found(viewer, "NVNONN")
        assert directive("36-NQ/TW") in nvnonn["directive"]
        assert program("90-CTr/BDVTW-BCSĐBNG") in nvnonn["program"]
        assert "Ủy ban Nhà nước về người Việt Nam ở nước ngoài" in titles(nvnonn["agency"])

    @pytest.mark.parametrize("q", ["TP.HCM", "TP HCM", "tp hồ chí minh", "thanh pho HCM"])
    def test_ho_chi_minh_city_in_any_spelling(self, viewer, q):
        result = found(viewer, q)
        assert MTTQ_HCM in titles(result["agency"])
        assert "Thành đoàn TP Hồ Chí Minh" in titles(result["agency"])
        assert datetime.date(2024, 11, 1) in [m.held_on for m in result["meeting"]]

    def test_the_full_name_finds_a_record_written_with_the_abbreviation(self, viewer):
        # The agency's name writes "MTTQ" and "TP": the full words find it.
        q = "uy ban mat tran to quoc viet nam thanh pho ho chi minh"
        assert titles(found(viewer, q)["agency"]) == [MTTQ_HCM]
        assert MTTQ_HCM in titles(found(viewer, "mặt trận tổ quốc")["agency"])
        # The programs' identifiers write BDVTW: the board's name finds them.
        programs = found(viewer, "ban dan van trung uong")["program"]
        assert program("90-CTr/BDVTW-BCSĐBNG") in programs

    def test_a_new_agency_is_found_by_its_initials_without_editing_the_table(self, viewer):
        assert "bcdtn" not in ABBREVIATIONS
        AgencyFactory(name="Ban Chỉ đạo Tây Nguyên")
        result = found(viewer, "BCĐTN")["agency"]
        assert titles(result) == ["Ban Chỉ đạo Tây Nguyên"]
        assert result[0].search_rank == RANK_ABBREVIATION

    def test_the_agency_list_uses_the_same_matching(self, client, viewer):
        client.force_login(viewer)
        response = client.get(reverse("agencies:agency_list"), {"q": "MTTQ HCM"})
        assert response.context["paginator"].count == len(found(viewer, "MTTQ HCM")["agency"])


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestMeetingsAndTasks:
    def test_hoi_nghi_tong_ket_finds_the_review_meetings_words_in_any_order(self, viewer):
        for q in ("hoi nghi tong ket", "tong ket hoi nghi"):
            meetings = found(viewer, q)["meeting"]
            assert {m.held_on for m in meetings} == {FINAL_REVIEW_90, datetime.date(2022, 7, 5)}

    def test_a_meeting_by_place_and_by_conclusions(self, viewer):
        assert [m.held_on for m in found(viewer, "Nguyễn Minh Vũ")["meeting"]] == [
            datetime.date(2022, 7, 5)
        ]
        assert FINAL_REVIEW_90 in [m.held_on for m in found(viewer, "ha noi")["meeting"]]

    def test_a_task_by_title_and_by_description(self, viewer):
        tasks = found(viewer, "trao doi thong tin dinh ky")["task"]
        assert titles(tasks)[0] == "Duy trì trao đổi thông tin định kỳ"
        by_description = found(viewer, "quyen loi thiet than")["task"]
        assert titles(by_description) == [
            "Đổi mới công tác vận động, chăm lo đối với đồng bào Việt Nam ở nước ngoài"
        ]

    def test_results_are_grouped_by_kind(self, viewer):
        groups = global_search(interpret("nguoi viet nam o nuoc ngoai"), user=viewer)
        kinds = [group.kind for group in groups]
        assert len(kinds) == len(set(kinds))
        assert {"directive", "program", "agency", "meeting", "task"} <= set(kinds)

    def test_the_meeting_list_finds_what_the_global_search_finds(self, client, viewer):
        client.force_login(viewer)
        for q in ("tong ket hoi nghi", "26/11/2021", "TP.HCM"):
            listed = client.get(reverse("programs:reviewmeeting_list"), {"q": q})
            assert {m.pk for m in listed.context["object_list"]} == {
                m.pk for m in found(viewer, q)["meeting"]
            }


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestDates:
    @pytest.mark.parametrize(
        "q",
        [
            "26/11/2021",
            "26-11-2021",
            "26.11.2021",
            "26 11 2021",
            "ngày 26 tháng 11 năm 2021",
            "Hà Nội, ngày 26 tháng 11 năm 2021",
        ],
    )
    def test_what_happened_that_day(self, viewer, q):
        result = found(viewer, q)
        assert result["meeting"][0].held_on == FINAL_REVIEW_90
        assert result["meeting"][0].search_rank == RANK_EXACT
        assert result["program"] == [program("02-CTr/BDVTW-BCSĐBNG")]

    def test_day_first_without_leading_zeros(self, viewer):
        assert found(viewer, "6/12/2016")["program"] == [program("90-CTr/BDVTW-BCSĐBNG")]
        assert found(viewer, "3/6/2013")["directive"][0] == directive("25-NQ/TW")
        assert found(viewer, "ngày 03 tháng 6 năm 2013")["directive"][0] == directive("25-NQ/TW")

    def test_tasks_due_that_day(self, viewer):
        task = Task.objects.get(title="Duy trì trao đổi thông tin định kỳ")
        task.due_on = datetime.date(2025, 3, 15)
        task.save()
        assert found(viewer, "15/03/2025")["task"] == [task]

    @pytest.mark.parametrize("raw", ["31/02/2021", "26/13/2021", "2021", "26/11"])
    def test_not_a_day(self, raw):
        assert parse_date(raw) is None


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestAgencies:
    def test_an_agency_brings_what_it_signed_and_leads(self, viewer):
        result = found(viewer, "ban dan van")
        assert titles(result["agency"])[0] == BDV
        signed = {p.pk for p in Program.objects.filter(signatories__agency__name=BDV)}
        assert signed and signed <= {p.pk for p in result["program"]}
        led = {t.pk for t in Task.objects.filter(lead_agency__name=BDV)}
        assert led and led <= {t.pk for t in result["task"]}

    def test_signed_by_an_agency_found_by_its_abbreviation(self, viewer):
        result = found(viewer, "MTTQ HCM")
        joint = Program.objects.get(kind="joint_action")
        assert joint in result["program"]
        assert next(p for p in result["program"] if p == joint).search_rank == RANK_RELATED

    def test_a_merged_body_and_its_successor_each_with_its_name(self, viewer):
        result = found(viewer, "BDVTW")["agency"]
        assert titles(result) == [BDV, MERGED]
        old, new = result
        assert old.search_rank == RANK_NAME
        assert new.search_rank == RANK_RELATED

    def test_the_successor_s_name_finds_the_bodies_merged_into_it(self, viewer):
        result = found(viewer, "ban tuyen giao va dan van")["agency"]
        assert titles(result) == [MERGED, BDV, "Ban Tuyên giáo Trung ương"]
        assert [a.successor_id for a in result[1:]] == [agency(MERGED).pk] * 2

    def test_the_hit_shows_the_name_it_had_and_the_successor(self, client, viewer):
        client.force_login(viewer)
        response = client.get(reverse("search"), {"q": "BDVTW"})
        old, new = {g.kind: g.hits for g in response.context["groups"]}["agency"]
        assert old.title == BDV and any(MERGED in note for note in old.notes)
        assert new.title == MERGED and any(BDV in note for note in new.notes)
        body = response.content.decode()
        assert BDV in body and MERGED in body


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestCitationsInProse:
    @pytest.mark.parametrize(
        ("q", "identifier"),
        [
            ("43-KL/TW.", "43-KL/TW"),
            ("12-KL/TW,", "12-KL/TW"),
            ("(25-NQ/TW)", "25-NQ/TW"),
            ("“36-NQ/TW”", "36-NQ/TW"),
            ("theo Kết luận số 43-KL/TW, ...", "43-KL/TW"),
            ("thực hiện Nghị quyết số 25-NQ/TW của Bộ Chính trị", "25-NQ/TW"),
        ],
    )
    def test_identifiers_survive_the_sentence(self, viewer, q, identifier):
        first = found(viewer, q)["directive"][0]
        assert (first, first.search_rank) == (directive(identifier), RANK_EXACT)

    @pytest.mark.parametrize(
        ("q", "identifier"),
        [("KL-43", "43-KL/TW"), ("KL 43", "43-KL/TW"), ("NQ số 25", "25-NQ/TW")],
    )
    def test_short_citations(self, viewer, q, identifier):
        first = found(viewer, q)["directive"][0]
        assert (first, first.search_rank) == (directive(identifier), RANK_NUMBER)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestRanking:
    def test_exact_identifier_first_then_texts_citing_it(self, viewer):
        directives = found(viewer, "25-NQ/TW")["directive"]
        assert directives[0] == directive("25-NQ/TW") and directives[0].search_rank == RANK_EXACT
        assert all(d.search_rank > RANK_EXACT for d in directives[1:])
        groups = global_search(interpret("25-NQ/TW"), user=viewer)
        assert groups[0].kind == "directive"

    def test_exact_name_then_abbreviation_then_words(self, viewer):
        AgencyFactory(name="Mặt trận Tổ quốc")  # the abbreviation's full form, exactly
        AgencyFactory(name="Ủy ban MTTQ tỉnh Lào Cai")  # the abbreviation as written
        ranks = {a.name: a.search_rank for a in found(viewer, "MTTQ")["agency"]}
        assert ranks["Mặt trận Tổ quốc"] == RANK_NAME
        assert ranks[MTTQ_TW] == RANK_ABBREVIATION  # through the table, not as typed
        assert ranks["Ủy ban MTTQ tỉnh Lào Cai"] == RANK_PHRASE
        ordered = list(ranks.values())
        assert ordered == sorted(ordered)

    def test_a_name_that_starts_with_the_words(self, viewer):
        first = found(viewer, "ban dan van")["agency"][0]
        assert (first.name, first.search_rank) == (BDV, RANK_PREFIX)

    def test_every_word_is_required_in_any_order(self, viewer):
        assert BDV in titles(found(viewer, "van dan ban")["agency"])
        assert "agency" not in found(viewer, "ban dan van khongcotu")

    def test_meetings_searched_by_a_date_rank_before_text(self, viewer):
        meetings = found(viewer, "26/11/2021")["meeting"]
        assert meetings[0] == ReviewMeeting.objects.get(held_on=FINAL_REVIEW_90)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL only")
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "column"),
    [
        (Task, "search_key"),
        (Task, "initials_key"),
        (ReviewMeeting, "search_key"),
        (ReviewMeeting, "initials_key"),
        (Program, "initials_key"),
        (Directive, "initials_key"),
        (Agency, "initials_key"),
    ],
)
def test_postgresql_serves_the_new_keys_from_trigram_indexes(model, column):
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = model.objects.filter(**{f"{column}__contains": "mttq"}).order_by().explain()
        cursor.execute("SET enable_seqscan = on")
    assert f"{table}_{column}_trgm" in plan
