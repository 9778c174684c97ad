import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.agencies.factories import (
    AgencyFactory,
    AgencyNameFactory,
    OfficialFactory,
    PositionFactory,
)
from tests.conftest import HOME_AGENCY
from tests.directives.factories import DirectiveFactory
from tests.programs.factories import (
    ProgramFactory,
    ReviewMeetingFactory,
    SignatoryFactory,
    TaskFactory,
)

READERS = ["viewer", "staff", "manager", "admin"]
D = datetime.date


@pytest.fixture
def tree(db):
    """Bộ Ngoại giao with two units (one with a unit of its own), and two more roots."""
    bng = AgencyFactory(name="Bộ Ngoại giao", short_name="BNG")
    uban = AgencyFactory(name="Ủy ban Nhà nước về người Việt Nam ở nước ngoài", parent=bng)
    dub = AgencyFactory(name="Đảng ủy Bộ Ngoại giao", short_name="ĐUB", parent=bng)
    vu = AgencyFactory(name="Vụ Công tác", parent=uban)
    bdv = AgencyFactory(name="Ban Dân vận Trung ương", short_name="BDVTW", valid_to=D(2025, 2, 28))
    tgdv = AgencyFactory(name="Ban Tuyên giáo và Dân vận Trung ương", valid_from=D(2025, 3, 1))
    bdv.successor = tgdv
    bdv.save()
    return {"bng": bng, "uban": uban, "dub": dub, "vu": vu, "bdv": bdv, "tgdv": tgdv}


def queries_for(client, url, params=None) -> int:
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        client.get(url, params)
    return len(captured)


def flatten(nodes, depth=0):
    for node in nodes:
        yield depth, node.agency.name, node.matched
        yield from flatten(node.children, depth + 1)


# --- permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [*READERS, "nobody"])
@pytest.mark.parametrize(
    "view", ["agency_list", "agency_detail", "official_list", "official_detail"]
)
def test_views_by_role(client_for, tree, role, view):
    official = PositionFactory(agency=tree["bng"]).official
    args = {"agency_detail": [tree["bng"].pk], "official_detail": [official.pk]}.get(view, [])
    response = client_for(role).get(reverse(f"agencies:{view}", args=args))
    assert response.status_code == (200 if role in READERS else 403)


def test_anonymous_is_sent_to_sign_in(client, tree):
    response = client.get(reverse("agencies:agency_list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_admin_link_only_for_administrators(client_for, tree):
    url = reverse("agencies:agency_detail", args=[tree["bng"].pk])
    admin_url = reverse("admin:agencies_agency_change", args=[tree["bng"].pk])
    assert admin_url not in client_for("staff").get(url).content.decode()
    assert admin_url in client_for("admin").get(url).content.decode()


# --- the tree ------------------------------------------------------------------------------


def test_tree_nests_units_in_vietnamese_order(viewer_client, tree):
    response = viewer_client.get(reverse("agencies:agency_list"))
    rows = [row for row in flatten(response.context["tree"]) if row[1] != HOME_AGENCY]
    assert rows == [
        (0, "Ban Dân vận Trung ương", True),
        (0, "Ban Tuyên giáo và Dân vận Trung ương", True),
        (0, "Bộ Ngoại giao", True),
        (1, "Đảng ủy Bộ Ngoại giao", True),  # Đ after D, before U
        (1, "Ủy ban Nhà nước về người Việt Nam ở nước ngoài", True),
        (2, "Vụ Công tác", True),
    ]
    body = response.content.decode()
    assert tree["vu"].get_absolute_url() in body
    assert "28/02/2025" in body  # ended, with its successor
    assert tree["tgdv"].get_absolute_url() in body


def test_tree_filter_keeps_parents_for_context(viewer_client, tree):
    response = viewer_client.get(reverse("agencies:agency_list"), {"q": "vu cong tac"})
    assert list(flatten(response.context["tree"])) == [
        (0, "Bộ Ngoại giao", False),
        (1, "Ủy ban Nhà nước về người Việt Nam ở nước ngoài", False),
        (2, "Vụ Công tác", True),
    ]
    assert response.context["match_count"] == 1


def test_tree_filter_by_former_name(viewer_client, tree):
    AgencyNameFactory(agency=tree["tgdv"], name="Ban Tuyên giáo Trung ương")
    response = viewer_client.get(
        reverse("agencies:agency_list"), {"q": "Ban Tuyên giáo Trung ương"}
    )
    # The body that bore the name, and (issue 11: either name finds both) the board that
    # merged into it.
    assert [name for _d, name, matched in flatten(response.context["tree"]) if matched] == [
        "Ban Dân vận Trung ương",
        "Ban Tuyên giáo và Dân vận Trung ương",
    ]


def test_tree_in_force_on(viewer_client, tree):
    response = viewer_client.get(reverse("agencies:agency_list"), {"in_force_on": "01/01/2024"})
    matched = [name for _d, name, matched in flatten(response.context["tree"]) if matched]
    assert "Ban Dân vận Trung ương" in matched
    assert "Ban Tuyên giáo và Dân vận Trung ương" not in matched


def test_tree_no_match(viewer_client, tree):
    response = viewer_client.get(reverse("agencies:agency_list"), {"q": "khong ton tai"})
    assert response.context["tree"] == []


@pytest.mark.parametrize("params", [{}, {"q": "bo"}])
def test_tree_query_count_is_fixed(viewer_client, django_assert_num_queries, tree, params):
    url = reverse("agencies:agency_list")
    expected = queries_for(viewer_client, url, params)
    parent = tree["vu"]
    for index in range(10):  # wider and deeper
        parent = AgencyFactory(name=f"Bộ phận {index}", parent=parent if index % 2 else None)
    with django_assert_num_queries(expected):
        response = viewer_client.get(url, params)
    assert len(list(flatten(response.context["tree"]))) >= 11


# --- agency detail -------------------------------------------------------------------------


def test_agency_detail_shows_everything(viewer_client, tree):
    uban = tree["uban"]
    current = PositionFactory(agency=uban, title="Phó Chủ nhiệm", start_date=D(2020, 1, 1))
    former = PositionFactory(
        agency=uban, title="Chủ nhiệm", start_date=D(2015, 1, 1), end_date=D(2019, 12, 31)
    )
    program = ProgramFactory(identifier="90-CTr/BDVTW-BCSĐBNG", title="Phối hợp dân vận")
    SignatoryFactory(program=program, agency=uban, official=current.official, title="Phó Chủ nhiệm")
    task = TaskFactory(lead_agency=uban, title="Tổ chức gặp mặt đầu năm", progress=40)
    AgencyNameFactory(agency=uban, name="Ủy ban về người Việt Nam ở nước ngoài (cũ)")
    directive = DirectiveFactory(identifier="14-TT/TU", issuing_body=uban)

    response = viewer_client.get(reverse("agencies:agency_detail", args=[uban.pk]))
    assert response.context["ancestors"] == [tree["bng"]]
    assert response.context["current_positions"] == [current]
    assert response.context["past_positions"] == [former]
    body = response.content.decode()
    for text in [
        tree["bng"].get_absolute_url(),  # parent chain
        tree["vu"].get_absolute_url(),  # unit
        current.official.get_absolute_url(),
        "01/01/2020",
        "31/12/2019",
        "90-CTr/BDVTW-BCSĐBNG",
        task.title,
        "Ủy ban về người Việt Nam ở nước ngoài (cũ)",
        directive.get_absolute_url(),
    ]:
        assert text in body, text


def test_agency_detail_parent_chain_top_first(viewer_client, tree):
    response = viewer_client.get(reverse("agencies:agency_detail", args=[tree["vu"].pk]))
    assert response.context["ancestors"] == [tree["bng"], tree["uban"]]


def test_agency_detail_successor_and_predecessors(viewer_client, tree):
    response = viewer_client.get(reverse("agencies:agency_detail", args=[tree["bdv"].pk]))
    assert response.context["in_force"] is False
    assert tree["tgdv"].get_absolute_url() in response.content.decode()
    response = viewer_client.get(reverse("agencies:agency_detail", args=[tree["tgdv"].pk]))
    assert 'data-testid="predecessors"' in response.content.decode()
    assert tree["bdv"].get_absolute_url() in response.content.decode()


def test_agency_detail_history(viewer_client, tree):
    bng = tree["bng"]
    bng.short_name = "BNGiao"
    bng._change_reason = "Sửa viết tắt"
    bng.save()
    response = viewer_client.get(reverse("agencies:agency_detail", args=[bng.pk]))
    assert response.context["history"][0].reason == "Sửa viết tắt"
    assert "Sửa viết tắt" in response.content.decode()


def test_agency_detail_query_count_is_fixed(viewer_client, django_assert_num_queries, tree):
    agency = tree["uban"]
    url = reverse("agencies:agency_detail", args=[agency.pk])

    def add_rows():
        PositionFactory(agency=agency, start_date=D(2020, 1, 1))
        PositionFactory(agency=agency, end_date=D(2019, 1, 1))
        SignatoryFactory(agency=agency)
        TaskFactory(lead_agency=agency)
        AgencyFactory(parent=agency)
        AgencyNameFactory(agency=agency)
        AgencyFactory(successor=agency)
        DirectiveFactory(issuing_body=agency)

    add_rows()
    expected = queries_for(viewer_client, url)
    for _ in range(5):
        add_rows()
    with django_assert_num_queries(expected):
        response = viewer_client.get(url)
    assert len(response.context["current_positions"]) == 6


# --- officials -----------------------------------------------------------------------------


@pytest.fixture
def hoai(tree):
    official = OfficialFactory(full_name="Bùi Thị Minh Hoài")
    PositionFactory(
        official=official, agency=tree["bdv"], title="Trưởng Ban", start_date=D(2021, 4, 1)
    )
    PositionFactory(
        official=official,
        agency=tree["bng"],
        title="Phó Trưởng Ban",
        start_date=D(2016, 1, 1),
        end_date=D(2021, 3, 31),
    )
    return official


def test_official_list_shows_current_positions(viewer_client, hoai):
    response = viewer_client.get(reverse("agencies:official_list"), {"q": "minh hoai"})
    assert list(response.context["object_list"]) == [hoai]
    body = response.content.decode()
    assert "Trưởng Ban, Ban Dân vận Trung ương" in body
    assert "Phó Trưởng Ban" not in body


def test_official_detail_shows_positions_programs_and_meetings(viewer_client, hoai, tree):
    program = ProgramFactory(identifier="02-CTr/BDVTW-BCSĐBNG", signed_on=D(2021, 11, 26))
    SignatoryFactory(program=program, agency=tree["bdv"], official=hoai, title="Trưởng Ban")
    meeting = ReviewMeetingFactory(title="Hội nghị tổng kết 5 năm Chương trình 90")
    meeting.chairs.add(hoai)
    response = viewer_client.get(reverse("agencies:official_detail", args=[hoai.pk]))
    assert [p.title for p in response.context["positions"]] == ["Trưởng Ban", "Phó Trưởng Ban"]
    assert [p.title for p in response.context["current_positions"]] == ["Trưởng Ban"]
    body = response.content.decode()
    for text in [
        "01/04/2021",
        "31/03/2021",
        "02-CTr/BDVTW-BCSĐBNG",
        "Hội nghị tổng kết 5 năm Chương trình 90",
        tree["bdv"].get_absolute_url(),
    ]:
        assert text in body, text


def test_official_list_query_count_is_fixed(viewer_client, django_assert_num_queries, tree):
    url = reverse("agencies:official_list")
    PositionFactory(agency=tree["bng"])
    expected = queries_for(viewer_client, url)
    for _ in range(8):
        PositionFactory(agency=AgencyFactory())
    with django_assert_num_queries(expected):
        response = viewer_client.get(url)
    assert len(response.context["object_list"]) == 9


def test_official_detail_query_count_is_fixed(viewer_client, django_assert_num_queries, hoai):
    url = reverse("agencies:official_detail", args=[hoai.pk])

    def add_rows():
        PositionFactory(official=hoai, agency=AgencyFactory())
        SignatoryFactory(official=hoai)
        ReviewMeetingFactory().chairs.add(hoai)

    add_rows()
    expected = queries_for(viewer_client, url)
    for _ in range(5):
        add_rows()
    with django_assert_num_queries(expected):
        response = viewer_client.get(url)
    assert len(response.context["positions"]) == 8


def test_edit_in_administration_only_for_admins(client_for, db):
    from tests.agencies.factories import AgencyFactory, OfficialFactory

    for obj, admin_name in ((AgencyFactory(), "agency"), (OfficialFactory(), "official")):
        admin_url = reverse(f"admin:agencies_{admin_name}_change", args=[obj.pk])
        assert admin_url in client_for("admin").get(obj.get_absolute_url()).content.decode()
        assert admin_url not in client_for("staff").get(obj.get_absolute_url()).content.decode()
