import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.identifiers import IDENTIFIER_UNPARSEABLE
from directives.models import (
    DIRECTIVE_DUPLICATE,
    LINK_CYCLE,
    LINK_INVERSE_LABELS,
    Directive,
    DirectiveLink,
    DirectiveStatus,
    LinkKind,
)
from tests.agencies.factories import AgencyFactory
from tests.directives.factories import DirectiveFactory, DirectiveLinkFactory
from tests.formpage import FormPage, reader_client
from tests.programs.factories import ProgramFactory, ReviewMeetingFactory

READERS = ["viewer", "staff", "manager", "admin"]
EDITORS = ["staff", "manager", "admin"]


@pytest.fixture
def directive(db):
    return DirectiveFactory(identifier="25-NQ/TW", issued_on=datetime.date(2013, 6, 3))


#: What a new directive's form is filled with when a test says nothing else.
NEW_DIRECTIVE = {
    "identifier": "36-NQ/TW",
    "issued_on": "26/03/2004",
    "title": "Về công tác đối với người Việt Nam ở nước ngoài",
    "status": DirectiveStatus.IN_FORCE,
}


def form_data(directive=None, **overrides) -> FormPage:
    """What the directive form page posts: ``directive``'s edit page as rendered (the new
    directive page filled with :data:`NEW_DIRECTIVE` otherwise), with ``overrides`` typed
    over."""
    if directive is None:
        page = FormPage.open(reader_client(), reverse("directives:directive_create"))
        page.set_all(NEW_DIRECTIVE)
    else:
        page = FormPage.open(
            reader_client(), reverse("directives:directive_update", args=[directive.pk])
        )
    page.set_all(overrides)
    return page


def with_links(page: FormPage, links) -> FormPage:
    """Change the link rows of ``page``: each of ``links`` is ``(kind, target_pk, link_pk or
    None, delete)``; an existing link (``link_pk``) is ticked for removal or given the kind and
    target, a new one fills the empty row or a row added as "Add a link" does."""
    rows = range(page.rows("links"))
    for kind, target, pk, delete in links:
        if pk:
            index = next(i for i in rows if page.value(f"links-{i}-id") == str(pk))
        else:
            empty = [
                i
                for i in range(page.rows("links"))
                if not page.value(f"links-{i}-id") and not page.value(f"links-{i}-target")
            ]
            index = empty[0] if empty else page.add_row("links")
        page.set_all({f"links-{index}-kind": kind, f"links-{index}-target": target})
        page.set(f"links-{index}-DELETE", "on" if delete else None)
    return page


# --- permissions -------------------------------------------------------------------------


@pytest.mark.parametrize("role", [*READERS, "nobody"])
@pytest.mark.parametrize("view", ["list", "detail"])
def test_read_views_by_role(client_for, directive, role, view):
    url = (
        reverse("directives:directive_list")
        if view == "list"
        else reverse("directives:directive_detail", args=[directive.pk])
    )
    response = client_for(role).get(url)
    assert response.status_code == (200 if role in READERS else 403)


@pytest.mark.parametrize("role", [*EDITORS, "viewer", "nobody"])
@pytest.mark.parametrize("view", ["create", "update"])
def test_edit_views_by_role(client_for, directive, role, view):
    url = (
        reverse("directives:directive_create")
        if view == "create"
        else reverse("directives:directive_update", args=[directive.pk])
    )
    client = client_for(role)
    assert client.get(url).status_code == (200 if role in EDITORS else 403)


@pytest.mark.parametrize("role", ["viewer", "nobody"])
def test_refused_roles_cannot_post(client_for, directive, role):
    client = client_for(role)
    response = client.post(reverse("directives:directive_create"), form_data())
    assert response.status_code == 403
    response = client.post(
        reverse("directives:directive_update", args=[directive.pk]),
        form_data(directive, title="Đổi"),
    )
    assert response.status_code == 403
    assert Directive.objects.count() == 1
    directive.refresh_from_db()
    assert directive.title != "Đổi"


def test_anonymous_is_sent_to_sign_in(client, directive):
    response = client.get(reverse("directives:directive_detail", args=[directive.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_edit_buttons_hidden_without_permission(client_for, directive):
    update_url = reverse("directives:directive_update", args=[directive.pk])
    create_url = reverse("directives:directive_create")
    viewer = client_for("viewer")
    assert update_url not in viewer.get(directive.get_absolute_url()).content.decode()
    assert create_url not in viewer.get(reverse("directives:directive_list")).content.decode()
    staff = client_for("staff")
    assert update_url in staff.get(directive.get_absolute_url()).content.decode()
    assert create_url in staff.get(reverse("directives:directive_list")).content.decode()


# --- detail ------------------------------------------------------------------------------


def test_detail_shows_links_from_both_ends(viewer_client, directive):
    kl43 = DirectiveFactory(identifier="43-KL/TW")
    ctr122 = DirectiveFactory(identifier="122-CTr/ĐUB", title="Chương trình hành động của ĐUB")
    older = DirectiveFactory(identifier="12-CT/TW")
    amended = DirectiveFactory(identifier="7-QĐ/TW")
    replacing = DirectiveFactory(identifier="228-QĐ/TW")
    DirectiveLinkFactory(source=kl43, target=directive, kind=LinkKind.CONTINUES)
    DirectiveLinkFactory(source=ctr122, target=directive, kind=LinkKind.IMPLEMENTS)
    DirectiveLinkFactory(source=directive, target=older, kind=LinkKind.REPLACES)
    DirectiveLinkFactory(source=directive, target=amended, kind=LinkKind.AMENDS)
    DirectiveLinkFactory(source=replacing, target=directive, kind=LinkKind.REPLACES)

    response = viewer_client.get(directive.get_absolute_url())
    relations = {
        (str(r["label"]), tuple(d.identifier for d in r["directives"]))
        for r in response.context["relations"]
    }
    inverse = {kind: str(label) for kind, label in LINK_INVERSE_LABELS.items()}
    assert relations == {
        (inverse[LinkKind.CONTINUES], ("43-KL/TW",)),  # continued by
        (inverse[LinkKind.IMPLEMENTS], ("122-CTr/ĐUB",)),
        (str(LinkKind.REPLACES.label), ("12-CT/TW",)),
        (inverse[LinkKind.REPLACES], ("228-QĐ/TW",)),
        (str(LinkKind.AMENDS.label), ("7-QĐ/TW",)),
    }
    assert [d.identifier for d in response.context["implementing_documents"]] == ["122-CTr/ĐUB"]
    # seen from the other end
    response = viewer_client.get(kl43.get_absolute_url())
    assert [(str(r["label"]), r["directives"]) for r in response.context["relations"]] == [
        (str(LinkKind.CONTINUES.label), [directive])
    ]
    assert "25-NQ/TW" in response.content.decode()


def test_detail_shows_programs_and_meetings(viewer_client, directive):
    program = ProgramFactory(identifier="90-CTr/BDVTW-BCSĐBNG", title="Phối hợp công tác dân vận")
    program.based_on.add(directive)
    meeting = ReviewMeetingFactory(title="Buổi làm việc 10 năm Nghị quyết 25")
    meeting.directives.add(directive)
    ProgramFactory(title="Không dựa vào")
    response = viewer_client.get(directive.get_absolute_url())
    assert response.context["programs"] == [program]
    assert response.context["meetings"] == [meeting]
    body = response.content.decode()
    assert "90-CTr/BDVTW-BCSĐBNG" in body
    assert "Buổi làm việc 10 năm Nghị quyết 25" in body
    assert "Không dựa vào" not in body


# --- create and update ---------------------------------------------------------------------


def test_create_with_links_and_day_first_date(staff_client, directive):
    agency = AgencyFactory(name="Bộ Chính trị")
    data = with_links(
        form_data(issuing_body=str(agency.pk), identifier="Số: 36- nq/tw"),
        [(LinkKind.CONTINUES, directive.pk, None, False)],
    )
    response = staff_client.post(reverse("directives:directive_create"), data)
    created = Directive.objects.get(identifier="36-NQ/TW")
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()
    assert created.issued_on == datetime.date(2004, 3, 26)
    assert created.type_name == "Nghị quyết"
    assert created.issuing_body == agency
    assert list(created.outgoing_links.values_list("kind", "target")) == [
        (LinkKind.CONTINUES, directive.pk)
    ]


def test_update_records_history_with_reason_and_user(client_for, users, directive):
    client = client_for("staff")
    response = client.post(
        reverse("directives:directive_update", args=[directive.pk]),
        form_data(
            directive,
            title="Về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận",
            reason="Sửa trích yếu theo bản gốc",
        ),
    )
    assert response.status_code == 302
    record = directive.history.latest("history_date")
    assert record.history_type == "~"
    assert record.history_change_reason == "Sửa trích yếu theo bản gốc"
    assert record.history_user == users["staff"]
    detail = client.get(reverse("directives:directive_history", args=[directive.pk]))
    entry = detail.context["history"][0]
    assert entry.reason == "Sửa trích yếu theo bản gốc"
    assert [change.field for change in entry.changes] == ["title"]
    assert "Sửa trích yếu theo bản gốc" in detail.content.decode()


def test_update_adds_and_removes_links(staff_client, directive):
    a, b = DirectiveFactory(identifier="12-KL/TW"), DirectiveFactory(identifier="45-CT/TW")
    link = DirectiveLinkFactory(source=directive, target=a, kind=LinkKind.CONTINUES)
    data = with_links(
        form_data(directive),
        [(LinkKind.CONTINUES, a.pk, link.pk, True), (LinkKind.IMPLEMENTS, b.pk, None, False)],
    )
    response = staff_client.post(reverse("directives:directive_update", args=[directive.pk]), data)
    assert response.status_code == 302
    assert list(directive.outgoing_links.values_list("kind", "target")) == [
        (LinkKind.IMPLEMENTS, b.pk)
    ]


def test_duplicate_identifier_and_date_refused_nothing_saved(staff_client, directive):
    other = DirectiveFactory(identifier="43-KL/TW")
    data = with_links(
        form_data(identifier="25/NQ-TW", issued_on="03/06/2013"),
        [(LinkKind.CONTINUES, other.pk, None, False)],
    )
    response = staff_client.post(reverse("directives:directive_create"), data)
    assert response.status_code == 200
    assert str(DIRECTIVE_DUPLICATE) in response.content.decode()
    assert Directive.objects.count() == 2
    assert DirectiveLink.objects.count() == 0


def test_same_identifier_other_date_is_allowed(staff_client, directive):
    response = staff_client.post(
        reverse("directives:directive_create"),
        form_data(identifier="25-NQ/TW", issued_on="01/01/2026"),
    )
    assert response.status_code == 302
    assert Directive.objects.filter(identifier_key="25-nq/tw").count() == 2


def test_unparseable_identifier_refused_nothing_saved(staff_client, directive):
    data = with_links(
        form_data(identifier="Nghị quyết về dân vận"),
        [(LinkKind.CONTINUES, directive.pk, None, False)],
    )
    response = staff_client.post(reverse("directives:directive_create"), data)
    assert response.status_code == 200
    expected = str(IDENTIFIER_UNPARSEABLE) % {"value": "Nghị quyết về dân vận"}
    assert response.context["form"].errors["identifier"] == [expected]
    assert Directive.objects.count() == 1
    assert DirectiveLink.objects.count() == 0


def test_bad_date_refused(staff_client):
    response = staff_client.post(
        reverse("directives:directive_create"), form_data(issued_on="2004-26-03")
    )
    assert response.status_code == 200
    assert "issued_on" in response.context["form"].errors
    assert not Directive.objects.exists()


def test_cycle_refused_nothing_saved(staff_client, directive):
    kl43 = DirectiveFactory(identifier="43-KL/TW", title="Tiếp tục thực hiện")
    kh = DirectiveFactory(identifier="1066-KH/ĐUB")
    DirectiveLinkFactory(source=kl43, target=directive, kind=LinkKind.CONTINUES)
    DirectiveLinkFactory(source=kh, target=kl43, kind=LinkKind.IMPLEMENTS)
    # 25-NQ/TW "continues" 1066-KH/ĐUB would close 25 → 1066 → 43 → 25
    data = with_links(
        form_data(directive, title="Tên mới"),
        [(LinkKind.CONTINUES, kh.pk, None, False)],
    )
    response = staff_client.post(reverse("directives:directive_update", args=[directive.pk]), data)
    assert response.status_code == 200
    expected = str(LINK_CYCLE) % {"source": "25-NQ/TW", "target": "1066-KH/ĐUB"}
    assert response.context["links"].forms[0].errors["target"] == [expected]
    assert expected in response.content.decode()
    directive.refresh_from_db()
    assert directive.title != "Tên mới"
    assert directive.outgoing_links.count() == 0


def test_link_to_itself_cannot_be_chosen(staff_client, directive):
    data = with_links(
        form_data(directive),
        [(LinkKind.AMENDS, directive.pk, None, False)],
    )
    response = staff_client.post(reverse("directives:directive_update", args=[directive.pk]), data)
    assert response.status_code == 200
    assert "target" in response.context["links"].forms[0].errors
    assert not DirectiveLink.objects.exists()


def test_form_shows_existing_values_day_first(staff_client, directive):
    response = staff_client.get(reverse("directives:directive_update", args=[directive.pk]))
    body = response.content.decode()
    assert 'value="03/06/2013"' in body
    assert 'name="reason"' in body
    create = staff_client.get(reverse("directives:directive_create")).content.decode()
    assert 'name="reason"' not in create


# --- query counts --------------------------------------------------------------------------


def queries_for(client, url, params=None) -> int:
    """How many queries one GET of ``url`` takes (after a first GET warms the session)."""
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        client.get(url, params)
    return len(captured)


@pytest.mark.parametrize("params", [{}, {"q": "cong tac", "status": "in_force"}])
def test_list_query_count_is_fixed(viewer_client, django_assert_num_queries, params):
    url = reverse("directives:directive_list")
    DirectiveFactory.create_batch(3, issuing_body=AgencyFactory())
    expected = queries_for(viewer_client, url, params)
    DirectiveFactory.create_batch(12, issuing_body=AgencyFactory())
    with django_assert_num_queries(expected):
        response = viewer_client.get(url, params)
    assert len(response.context["object_list"]) == 15


def test_detail_query_count_is_fixed(viewer_client, django_assert_num_queries, directive):
    def add_rows():
        source = DirectiveFactory(issuing_body=AgencyFactory())
        DirectiveLinkFactory(source=source, target=directive, kind=LinkKind.IMPLEMENTS)
        DirectiveLinkFactory(source=directive, target=DirectiveFactory(), kind=LinkKind.AMENDS)
        ProgramFactory().based_on.add(directive)
        ReviewMeetingFactory().directives.add(directive)

    add_rows()
    expected = queries_for(viewer_client, directive.get_absolute_url())
    for _ in range(5):
        add_rows()
    with django_assert_num_queries(expected):
        response = viewer_client.get(directive.get_absolute_url())
    assert len(response.context["programs"]) == 6
    assert len(response.context["implementing_documents"]) == 6


def test_export_button_only_for_managers(client_for, directive):
    url = directive.get_absolute_url()
    staff_page = client_for("staff").get(url).content.decode()
    assert 'data-kind="directive-implementation"' not in staff_page
    assert 'data-start-kind="directive-implementation"' in staff_page  # staff compose
    assert 'data-kind="directive-implementation"' in client_for("manager").get(url).content.decode()


def test_link_changes_show_on_the_directive_history(client_for, directive):
    target = DirectiveFactory(identifier="12-KL/TW")
    data = with_links(
        form_data(directive, reason="Bổ sung liên kết"),
        [(LinkKind.CONTINUES, target.pk, None, False)],
    )
    client = client_for("staff")
    assert (
        client.post(reverse("directives:directive_update", args=[directive.pk]), data).status_code
        == 302
    )
    history = client.get(reverse("directives:directive_history", args=[directive.pk])).context[
        "history"
    ]
    link_entries = [e for e in history if e.subject]
    assert len(link_entries) == 1
    assert link_entries[0].reason == "Bổ sung liên kết"
    created_with = {change.field: str(change.new) for change in link_entries[0].changes}
    assert created_with["kind"] == str(LinkKind.CONTINUES.label)
    assert created_with["target"] == str(target)


def test_list_newest_first_undated_last(viewer_client, db):
    DirectiveFactory(identifier="14-KL/TW", issued_on=None)
    DirectiveFactory(identifier="25-NQ/TW", issued_on=datetime.date(2013, 6, 3))
    DirectiveFactory(identifier="34-NQ/TW", issued_on=datetime.date(2023, 1, 9))
    response = viewer_client.get(reverse("directives:directive_list"))
    assert [d.identifier for d in response.context["object_list"]] == [
        "34-NQ/TW",
        "25-NQ/TW",
        "14-KL/TW",
    ]


def test_second_save_from_a_stale_form_is_refused_and_keeps_the_input(client_for, directive):
    url = reverse("directives:directive_update", args=[directive.pk])
    opened_at = directive.version
    first = form_data(directive, title="Sửa lần một")
    first["version"] = opened_at
    assert client_for("staff").post(url, first).status_code == 302
    second = form_data(directive, title="Sửa lần hai")
    second["version"] = opened_at
    response = client_for("manager").post(url, second)
    assert response.status_code == 200
    conflict = response.context["conflict"]
    assert [(c.field, c.value) for c in conflict.changes] == [("title", "Sửa lần một")]
    assert "Sửa lần hai" in response.content.decode()  # the second person's input is kept
    directive.refresh_from_db()
    assert (directive.title, directive.version) == ("Sửa lần một", opened_at + 1)
    assert response.context["form"]["version"].value() == str(opened_at + 1)
