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


def names(response) -> list[str]:
    return [agency.name for agency in response.context["object_list"]]


def test_top_level_agencies_by_kind_with_unit_counts(viewer_client, tree):
    response = viewer_client.get(reverse("agencies:agency_list"))
    rows = [name for name in names(response) if name != HOME_AGENCY]
    # Top-level agencies only, in Vietnamese order; units are behind their parent's link.
    assert rows == [
        "Ban Dân vận Trung ương",
        "Ban Tuyên giáo và Dân vận Trung ương",
        "Bộ Ngoại giao",
    ]
    counts = {row.name: row.unit_count for row in response.context["object_list"]}
    assert counts["Bộ Ngoại giao"] == 2
    assert counts["Ban Dân vận Trung ương"] == 0
    body = response.content.decode()
    assert f'href="?parent={tree["bng"].pk}"' in body
    assert tree["vu"].get_absolute_url() not in body
    assert "28/02/2025" in body  # ended, with its successor
    assert tree["tgdv"].get_absolute_url() in body


def test_top_level_agencies_are_grouped_by_kind_in_kind_order(viewer_client, db):
    AgencyFactory(name="Ủy ban Trung ương MTTQ Việt Nam", kind="front")
    AgencyFactory(name="Ban Dân vận Trung ương", kind="party_body")
    AgencyFactory(name="Bộ Ngoại giao", kind="state_body")
    response = viewer_client.get(reverse("agencies:agency_list"))
    groups = response.context["groups"]
    assert [group.kind for group in groups][:3] == ["party_body", "state_body", "front"]
    assert groups[0].agencies[0].name == "Ban Dân vận Trung ương"


def test_units_of_an_agency_under_the_breadcrumb_of_its_parents(viewer_client, tree):
    url = reverse("agencies:agency_list")
    response = viewer_client.get(url, {"parent": tree["bng"].pk})
    # Its units only (not the unit of a unit), in Vietnamese order: Đ after D, before U.
    assert names(response) == [
        "Đảng ủy Bộ Ngoại giao",
        "Ủy ban Nhà nước về người Việt Nam ở nước ngoài",
    ]
    assert response.context["parent"] == tree["bng"]
    assert response.context["parent_chain"] == []
    body = response.content.decode()
    assert f'href="?parent={tree["uban"].pk}"' in body  # the unit that has units of its own
    # One level down: the breadcrumb names every parent, linked to its own units.
    response = viewer_client.get(url, {"parent": tree["uban"].pk})
    assert names(response) == ["Vụ Công tác"]
    assert response.context["parent_chain"] == [tree["bng"]]
    crumbs = response.content.decode().split('class="breadcrumb"')[1].split("</ol>")[0]
    assert f'<a href="?parent={tree["bng"].pk}">BNG</a>' in crumbs
    assert tree["uban"].short_name in crumbs  # the last, not linked


def test_a_unit_without_units(viewer_client, tree):
    response = viewer_client.get(reverse("agencies:agency_list"), {"parent": tree["vu"].pk})
    assert names(response) == []
    assert "Vụ Công tác" in response.content.decode()  # the heading


def test_unknown_parent_is_the_top(viewer_client, tree):
    response = viewer_client.get(reverse("agencies:agency_list"), {"parent": 999999})
    assert response.status_code == 200
    assert response.context["parent"] is None


def test_filter_lists_matches_with_their_chain_of_parents(viewer_client, tree):
    response = viewer_client.get(reverse("agencies:agency_list"), {"q": "vu cong tac"})
    assert names(response) == ["Vụ Công tác"]
    assert response.context["object_list"][0].chain == [tree["bng"], tree["uban"]]
    assert response.context["paginator"].count == 1
    chain = response.content.decode().split('data-testid="chain"')[1].split("</div>")[0]
    assert f'href="?parent={tree["bng"].pk}">BNG</a>' in chain


def test_filter_within_an_agency_searches_its_units_at_any_depth(viewer_client, tree):
    other = AgencyFactory(name="Vụ Công tác khác")
    response = viewer_client.get(
        reverse("agencies:agency_list"), {"q": "vu cong tac", "parent": tree["bng"].pk}
    )
    assert names(response) == ["Vụ Công tác"]
    assert other.name not in names(response)
    # The chain starts below the browser's agency (which the breadcrumb shows).
    assert response.context["object_list"][0].chain == [tree["uban"]]
    body = response.content.decode()
    assert f'name="parent" value="{tree["bng"].pk}"' in body  # kept by the filter bar


def test_matches_are_paginated(viewer_client, db):
    for index in range(30):
        AgencyFactory(name=f"Sở Ngoại vụ {index:02}")
    url = reverse("agencies:agency_list")
    response = viewer_client.get(url, {"q": "so ngoai vu", "per_page": 25})
    assert len(response.context["object_list"]) == 25
    assert response.context["paginator"].count == 30
    response = viewer_client.get(url, {"q": "so ngoai vu", "per_page": 25, "page": 2})
    assert len(response.context["object_list"]) == 5
    assert "?q=so+ngoai+vu&amp;per_page=25&amp;page=1" in response.content.decode()


def test_tree_filter_by_former_name(viewer_client, tree):
    AgencyNameFactory(agency=tree["tgdv"], name="Ban Tuyên giáo Trung ương")
    response = viewer_client.get(
        reverse("agencies:agency_list"), {"q": "Ban Tuyên giáo Trung ương"}
    )
    # The body that bore the name, and (issue 11: either name finds both) the board that
    # merged into it.
    assert sorted(names(response)) == [
        "Ban Dân vận Trung ương",
        "Ban Tuyên giáo và Dân vận Trung ương",
    ]


def test_tree_in_force_on(viewer_client, tree):
    response = viewer_client.get(reverse("agencies:agency_list"), {"in_force_on": "01/01/2024"})
    assert "Ban Dân vận Trung ương" in names(response)
    assert "Ban Tuyên giáo và Dân vận Trung ương" not in names(response)


def test_tree_no_match(viewer_client, tree):
    response = viewer_client.get(reverse("agencies:agency_list"), {"q": "khong ton tai"})
    assert names(response) == []
    assert (
        "No agency matches these filters." in response.content.decode()
        or (response.context["filtering"])
    )


def grow(count: int, parent, start: int = 0) -> None:
    """``count`` more agencies: half top-level, half in a chain under ``parent``."""
    for index in range(start, start + count):
        unit = AgencyFactory(name=f"Bộ phận {index}", parent=parent if index % 2 else None)
        parent = unit if index % 2 else parent


@pytest.mark.parametrize(
    "params", [{}, {"q": "bo phan"}, {"parent": "bng"}, {"q": "bo phan", "parent": "bng"}]
)
def test_query_count_does_not_grow_with_the_agencies(
    viewer_client, django_assert_num_queries, tree, params
):
    params = {k: tree[v].pk if k == "parent" else v for k, v in params.items()}
    url = reverse("agencies:agency_list")
    grow(30, tree["vu"])
    expected = queries_for(viewer_client, url, params)
    grow(30, tree["vu"], start=30)
    with django_assert_num_queries(expected):
        response = viewer_client.get(url, params)
    assert len(response.context["object_list"]) >= (1 if "parent" in params else 11)


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
    response = viewer_client.get(reverse("agencies:agency_history", args=[bng.pk]))
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
