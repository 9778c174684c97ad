import datetime
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Agency
from agencies.search import search_agencies
from core.search import (
    RANK_EXACT,
    RANK_NAME,
    RANK_NUMBER,
    RANK_PHRASE,
    RANK_PREFIX,
    RANK_WORDS,
    SearchQuery,
    interpret,
    search_documents,
)
from directives.models import Directive
from tests.agencies.factories import (
    AgencyFactory,
    AgencyNameFactory,
    OfficialFactory,
    PositionFactory,
)
from tests.directives.factories import DirectiveFactory
from tests.needs import needs, on_sqlite
from tests.programs.factories import ProgramFactory

needs_postgres_trigrams = needs(
    "PostgreSQL", "trigram indexes are PostgreSQL only" if on_sqlite() else None, deliberate=True
)

# --- reading the query (no database) ------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "key", "number", "type_code"),
    [
        ("NQ 25", "", 25, "NQ"),
        ("25/NQ-TW", "25-nq/tw", 25, "NQ"),
        ("nghị quyết 36", "", 36, "NQ"),
        ("Nghi quyet so 36", "", 36, "NQ"),
        ("90-CTr", "", 90, "CTr"),
        ("90 ctr", "", 90, "CTr"),
        ("122- CTr/ĐUB", "122-ctr/dub", 122, "CTr"),
        ("Nghị quyết số 25-NQ/TW", "25-nq/tw", 25, "NQ"),
        ("Chương trình phối hợp 90", "", 90, "CTr"),
        ("ban dan van", "", None, ""),
    ],
)
def test_interpret(raw, key, number, type_code):
    query = interpret(raw)
    assert (query.identifier_key, query.number, query.type_code) == (key, number, type_code)


def test_interpret_folds_nfd_and_case():
    nfd = unicodedata.normalize("NFD", "BAN DÂN VẬN")
    assert interpret(nfd).folded == "ban dan van"
    assert interpret(nfd).words == ("ban", "dan", "van")


def test_too_short_query_is_empty():
    assert not interpret("a")
    assert not interpret("  ")
    assert interpret("25")  # a bare number is a reference


# --- the seed-like rows --------------------------------------------------------------------


@pytest.fixture
def seeds(db):
    bdv = AgencyFactory(name="Ban Dân vận Trung ương", short_name="BDVTW")
    tgdv = AgencyFactory(name="Ban Tuyên giáo và Dân vận Trung ương", short_name="BTGDVTW")
    AgencyNameFactory(agency=tgdv, name="Ban Tuyên giáo Trung ương", short_name="BTGTW")
    bng = AgencyFactory(name="Bộ Ngoại giao", short_name="BNG")
    dub = AgencyFactory(name="Đảng ủy Bộ Ngoại giao", short_name="ĐUB", parent=bng)
    nq25 = DirectiveFactory(
        identifier="25-NQ/TW",
        issued_on=datetime.date(2013, 6, 3),
        title="Về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận",
    )
    kl43 = DirectiveFactory(
        identifier="43-KL/TW",
        issued_on=datetime.date(2018, 4, 3),
        title="Tiếp tục đẩy mạnh thực hiện Nghị quyết 25-NQ/TW",
    )
    nq36 = DirectiveFactory(
        identifier="36-NQ/TW",
        issued_on=datetime.date(2004, 3, 26),
        title="Về công tác đối với người Việt Nam ở nước ngoài",
    )
    ctr122 = DirectiveFactory(
        identifier="122-CTr/ĐUB",
        issued_on=datetime.date(2013, 9, 12),
        issuing_body=dub,
        title="Chương trình hành động thực hiện Nghị quyết 25-NQ/TW",
    )
    nq25_other_term = DirectiveFactory(
        identifier="25-NQ/TU", issued_on=datetime.date(2020, 1, 1), title="Của Tỉnh ủy"
    )
    ctr90 = ProgramFactory(
        identifier="90-CTr/BDVTW-BCSĐBNG",
        title="Chương trình phối hợp công tác dân vận đối với người Việt Nam ở nước ngoài",
        signed_on=datetime.date(2016, 12, 6),
        period_start=2016,
        period_end=2021,
    )
    ctr02 = ProgramFactory(
        identifier="02-CTr/BDVTW-BCSĐBNG",
        title="Chương trình phối hợp giai đoạn 2021-2026, kế tục Chương trình 90",
    )
    hoai = OfficialFactory(full_name="Bùi Thị Minh Hoài")
    PositionFactory(official=hoai, agency=bdv, title="Trưởng Ban")
    son = OfficialFactory(full_name="Bùi Thanh Sơn")
    return locals()


def search(client, q):
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    return {group.kind: group.results for group in response.context["groups"]}


# --- the search cases of the issue ---------------------------------------------------------


def test_ban_dan_van_finds_the_agency(viewer_client, seeds):
    found = search(viewer_client, "ban dan van")
    # the exact name first; "Ban Tuyên giáo và Dân vận" has all the words, not the phrase
    assert found["agency"] == [seeds["bdv"], seeds["tgdv"]]
    assert [agency.search_rank for agency in found["agency"]] == [RANK_PREFIX, RANK_WORDS]


def test_agencies_come_first_when_a_name_starts_with_the_query(viewer_client, seeds):
    response = viewer_client.get(reverse("search"), {"q": "ban dan van"})
    assert response.context["groups"][0].kind == "agency"


def test_exact_agency_name_or_abbreviation_first(viewer_client, seeds):
    assert search(viewer_client, "bo ngoai giao")["agency"] == [seeds["bng"], seeds["dub"]]
    found = search(viewer_client, "bdvtw")["agency"]
    assert found[0] == seeds["bdv"] and found[0].search_rank == RANK_NAME


def test_words_in_any_order(viewer_client, seeds):
    assert seeds["bdv"] in search(viewer_client, "dan van ban")["agency"]


@pytest.mark.parametrize(
    "q", ["BAN DÂN VẬN", "Ban Dân Vận", unicodedata.normalize("NFD", "Ban Dân vận")]
)
def test_case_and_unicode_form_do_not_matter(viewer_client, seeds, q):
    assert search(viewer_client, q)["agency"][0] == seeds["bdv"]


def test_nfd_finds_an_official(viewer_client, seeds):
    found = search(viewer_client, unicodedata.normalize("NFD", "Minh Hoài"))
    assert found["official"] == [seeds["hoai"]]


def test_former_name_finds_the_agency(viewer_client, seeds):
    found = search(viewer_client, "ban tuyen giao trung uong")
    assert found["agency"] == [seeds["tgdv"]]
    assert found["agency"][0].matched_former_name == "Ban Tuyên giáo Trung ương"


def test_nq_25_citation(viewer_client, seeds):
    found = search(viewer_client, "NQ 25")
    assert found["directive"][:2] == [seeds["nq25_other_term"], seeds["nq25"]]
    assert seeds["nq36"] not in found["directive"]
    # then the texts that cite "Nghị quyết 25"
    assert found["directive"][2:] == [seeds["kl43"], seeds["ctr122"]]  # newest first


def test_state_style_identifier_ranks_exact_hit_first(viewer_client, seeds):
    found = search(viewer_client, "25/NQ-TW")
    directives = found["directive"]
    assert directives[0] == seeds["nq25"]
    assert directives[0].search_rank == RANK_EXACT
    # same number and type from another issuer next, then the texts that cite it
    assert directives[1] == seeds["nq25_other_term"]
    assert set(directives[2:]) == {seeds["kl43"], seeds["ctr122"]}


def test_nghi_quyet_36(viewer_client, seeds):
    assert search(viewer_client, "nghị quyết 36")["directive"] == [seeds["nq36"]]


def test_partial_identifier_90_ctr(viewer_client, seeds):
    found = search(viewer_client, "90-CTr")
    # number and type first, then the program whose title cites "Chương trình 90"
    assert found["program"] == [seeds["ctr90"], seeds["ctr02"]]
    assert [program.search_rank for program in found["program"]] == [RANK_NUMBER, RANK_PHRASE]
    assert "directive" not in found


def test_stray_space_identifier(viewer_client, seeds):
    found = search(viewer_client, "122- CTr/ĐUB")
    assert found["directive"][0] == seeds["ctr122"]
    assert found["directive"][0].search_rank == RANK_EXACT


def test_lookalike_eth_identifier(viewer_client, seeds):
    assert search(viewer_client, "122-CTr/ÐUB")["directive"] == [seeds["ctr122"]]


def test_program_citation(viewer_client, seeds):
    found = search(viewer_client, "Chương trình phối hợp 90")
    assert found["program"][0] == seeds["ctr90"]


def test_full_program_identifier_any_case(viewer_client, seeds):
    found = search(viewer_client, "90-ctr/bdvtw-bcsdbng")
    assert found["program"][0] == seeds["ctr90"]
    assert found["program"][0].search_rank == RANK_EXACT


def test_groups_with_an_exact_hit_come_first(viewer_client, seeds):
    response = viewer_client.get(reverse("search"), {"q": "90-CTr/BDVTW-BCSĐBNG"})
    assert response.context["groups"][0].kind == "program"


def test_text_spans_kinds(viewer_client, seeds):
    found = search(viewer_client, "nguoi viet nam o nuoc ngoai")
    assert found["directive"] == [seeds["nq36"]]
    assert found["program"] == [seeds["ctr90"]]


def test_results_link_to_detail_pages(viewer_client, seeds):
    response = viewer_client.get(reverse("search"), {"q": "dan van"})
    body = response.content.decode()
    assert seeds["bdv"].get_absolute_url() in body
    assert seeds["nq25"].get_absolute_url() in body


def test_nothing_found_and_empty_query(viewer_client, seeds):
    response = viewer_client.get(reverse("search"), {"q": "khong co gi ca"})
    assert response.context["groups"] == []
    assert 'data-testid="no-results"' in response.content.decode()
    response = viewer_client.get(reverse("search"))
    assert response.context["groups"] == []
    assert response.context["too_short"] is False
    assert viewer_client.get(reverse("search"), {"q": "x"}).context["too_short"] is True


def test_more_than_the_limit_links_to_the_list(viewer_client, db):
    DirectiveFactory.create_batch(12, title="Về công tác dân vận")
    response = viewer_client.get(reverse("search"), {"q": "dân vận"})
    group = response.context["groups"][0]
    assert (group.kind, len(group.results), group.has_more) == ("directive", 10, True)
    assert group.more_url == reverse("directives:directive_list") + "?q=d%C3%A2n+v%E1%BA%ADn"


# --- permissions --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "staff", "manager", "admin"])
def test_every_role_may_search(client_for, seeds, role):
    assert search(client_for(role), "dan van")


def test_user_without_a_role_is_refused(client_for, seeds):
    assert client_for("nobody").get(reverse("search"), {"q": "dan van"}).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(reverse("search"), {"q": "dan van"})
    assert response.status_code == 302


# --- the database side ---------------------------------------------------------------------


def test_query_count_is_fixed(viewer_client, django_assert_num_queries, seeds):
    def count():
        viewer_client.get(reverse("search"), {"q": "dan van"})
        with CaptureQueriesContext(connection) as captured:
            viewer_client.get(reverse("search"), {"q": "dan van"})
        return len(captured)

    def add_rows(index):
        agency = AgencyFactory(name=f"Ban Dân vận Tỉnh ủy {index}")
        PositionFactory(agency=agency, official=OfficialFactory(full_name=f"Dân Văn {index}"))
        DirectiveFactory(title=f"Về công tác dân vận {index}")
        ProgramFactory(title=f"Phối hợp dân vận {index}")

    add_rows(0)
    expected = count()
    for index in range(1, 7):
        add_rows(index)
    with django_assert_num_queries(expected):
        response = viewer_client.get(reverse("search"), {"q": "dan van"})
    assert len(response.context["groups"]) == 4


def test_text_uses_contains_on_the_folded_key_not_icontains(db):
    sql = str(search_documents(Directive.objects.all(), interpret("Dân vận")).query)
    assert "search_key" in sql and "LIKE" in sql
    assert "UPPER(" not in sql  # icontains would wrap both sides and miss the index
    assert "%dan van%" in sql and "dân" not in sql  # already folded


def test_same_results_whatever_the_spelling(db, seeds):
    def found(q: str) -> list:
        return list(search_agencies(Agency.objects.all(), interpret(q)))

    assert found("Ban Dân vận") == found("ban dan van") == found("BAN DAN VAN")


@needs_postgres_trigrams
@pytest.mark.django_db
@pytest.mark.parametrize(
    "table",
    [
        "agencies_agency",
        "agencies_agencyname",
        "agencies_official",
        "directives_directive",
        "programs_program",
    ],
)
def test_trigram_index_exists_on_postgresql(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("gin" in d and "search_key gin_trgm_ops" in d for d in definitions), definitions


@needs_postgres_trigrams
@pytest.mark.django_db
def test_postgresql_can_use_the_trigram_index():
    DirectiveFactory.create_batch(5)
    queryset = Directive.objects.filter(search_key__contains="dan van")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "directives_directive_search_key_trgm" in plan


def test_search_query_is_a_value_object():
    assert interpret("NQ 25") == SearchQuery(
        raw="NQ 25", folded="nq 25", words=("nq", "25"), number=25, type_code="NQ"
    )


# --- one search: the global search and every list's text filter ---------------------------


@pytest.mark.parametrize("q", ["90 CTr", "dan van cong tac", "NQ 25", "Chương trình phối hợp 90"])
def test_program_list_finds_what_the_global_search_finds(viewer_client, seeds, q):
    seeds["ctr02"].based_on.add(seeds["nq25"])
    in_search = search(viewer_client, q).get("program", [])
    listed = viewer_client.get(reverse("programs:program_list"), {"q": q}).context["object_list"]
    assert in_search
    assert [p.pk for p in listed] == [p.pk for p in in_search]


def test_90_ctr_and_dan_van_cong_tac_find_program_90_in_the_list(viewer_client, seeds):
    for q in ("90 CTr", "dan van cong tac"):
        listed = viewer_client.get(reverse("programs:program_list"), {"q": q}).context
        assert seeds["ctr90"] in listed["object_list"]


@pytest.mark.parametrize(
    ("url_name", "kind", "q"),
    [
        ("directives:directive_list", "directive", "NQ 25"),
        ("agencies:official_list", "official", "bui"),
    ],
)
def test_other_lists_find_what_the_global_search_finds(viewer_client, seeds, url_name, kind, q):
    in_search = search(viewer_client, q)[kind]
    listed = viewer_client.get(reverse(url_name), {"q": q}).context["object_list"]
    assert [row.pk for row in listed] == [row.pk for row in in_search]


def test_every_app_registers_its_sources():
    from core.search import sources

    kinds = {source.kind: source.model._meta.label for source in sources()}
    assert kinds == {
        "directive": "directives.Directive",
        "program": "programs.Program",
        "agency": "agencies.Agency",
        "official": "agencies.Official",
        "meeting": "programs.ReviewMeeting",
        "task": "programs.Task",
    }


def test_global_search_reads_only_the_first_rows_found_through_a_related_record(db):
    """An agency the query names brings the tasks it leads: the global search reads only the
    first ``limit + 1`` of them (not every one, ranked, to show ten), and shows the same
    tasks, in the same order, as the full search."""
    from django.contrib.auth.models import User

    from core.search import interpret, search_queryset, source_for
    from core.search.registry import global_search
    from programs.models import Task
    from tests.programs.factories import TaskFactory

    agency = AgencyFactory(name="Ban Dân vận Tỉnh ủy Thử")
    for day in range(1, 16):
        TaskFactory(
            title=f"Việc thứ {day}",
            lead_agency=agency,
            program=ProgramFactory(signed_on=datetime.date(2024, 1, day)),
        )
    user = User.objects.create_superuser("root", "root@example.com", "x")
    with CaptureQueriesContext(connection) as queries:
        groups = {group.kind: group for group in global_search(interpret("ban dan van"), user=user)}
    shown = groups["task"].results
    assert len(shown) == 10 and groups["task"].has_more
    everything = list(search_queryset(source_for(Task).base_queryset(), "ban dan van"))
    assert len(everything) == 15
    assert shown == everything[:10]
    task_sql = next(q["sql"] for q in queries if 'FROM "programs_task"' in q["sql"])
    assert "LIMIT 11)" in task_sql  # the related rows are read up to the limit, in a subquery
