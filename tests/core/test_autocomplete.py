"""The choices loaded on demand (core.autocomplete): the JSON endpoint (matching as the lists'
search, paging, permissions) and the widgets that draw only the chosen options."""

import pytest
from django.urls import reverse

from core.autocomplete import PAGE_SIZE
from programs.forms import ProgramForm
from tests.agencies.factories import AgencyFactory, OfficialFactory
from tests.directives.factories import DirectiveFactory
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def _ask(client, source: str, **params):
    return client.get(reverse("autocomplete", args=[source]), params)


def test_agencies_match_without_diacritics(viewer_client):
    wanted = AgencyFactory(name="Ban Dân vận Trung ương")
    AgencyFactory(name="Bộ Tư pháp")
    answer = _ask(viewer_client, "agency", q="dan van").json()
    assert [row["id"] for row in answer["results"]] == [wanted.pk]
    assert answer["results"][0]["text"] == "Ban Dân vận Trung ương"
    assert answer["more"] is False


def test_directives_match_a_citation_and_show_the_date(viewer_client):
    import datetime

    wanted = DirectiveFactory(identifier="25-NQ/TW", issued_on=datetime.date(2013, 6, 3))
    DirectiveFactory(identifier="36-NQ/TW")
    answer = _ask(viewer_client, "directive", q="NQ 25").json()
    assert answer["results"][0]["id"] == wanted.pk
    assert "03/06/2013" in answer["results"][0]["text"]


def test_answers_come_in_pages(viewer_client):
    for n in range(PAGE_SIZE + 5):
        AgencyFactory(name=f"Sở Tư pháp tỉnh {n}")
    first = _ask(viewer_client, "agency", q="tu phap").json()
    second = _ask(viewer_client, "agency", q="tu phap", page=2).json()
    assert (len(first["results"]), first["more"]) == (PAGE_SIZE, True)
    assert (len(second["results"]), second["more"]) == (5, False)
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


def test_an_empty_term_lists_the_first_page(viewer_client):
    OfficialFactory.create_batch(3)
    assert len(_ask(viewer_client, "official", q="", page="x").json()["results"]) == 3


def test_needs_the_view_permission_and_a_known_source(client_for):
    ProgramFactory()
    assert _ask(client_for("nobody"), "program", q="ctr").status_code == 403
    assert _ask(client_for("viewer"), "nothing", q="ctr").status_code == 404


def test_anonymous_is_sent_to_sign_in(client):
    response = _ask(client, "agency", q="ban")
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_widget_draws_only_the_chosen_options():
    chosen = DirectiveFactory(identifier="25-NQ/TW")
    DirectiveFactory.create_batch(5)
    predecessor = ProgramFactory(identifier="90-CTr/BDVTW")
    form = ProgramForm(initial={"based_on": [chosen.pk], "predecessor": predecessor.pk})
    html = str(form["based_on"]) + str(form["predecessor"])
    assert html.count("<option") == 3  # the directive, the predecessor, the empty choice
    assert 'data-autocomplete="/autocomplete/directive/"' in html
    assert "25-NQ/TW" in html and "90-CTr/BDVTW" in html


def test_a_filter_keeps_working_from_its_url_parameter(viewer_client):
    agency = AgencyFactory(name="Ban Dân vận Trung ương")
    signed = ProgramFactory(title="Chương trình có ký")
    signed.signatories.create(agency=agency)
    ProgramFactory(title="Chương trình khác")
    response = viewer_client.get(reverse("programs:program_list"), {"agency": agency.pk})
    content = response.content.decode()
    assert "Chương trình có ký" in content
    assert "Chương trình khác" not in content
    # The chosen agency is drawn (its name shows in the filter) without listing the others.
    assert f'<option value="{agency.pk}" selected>Ban Dân vận Trung ương</option>' in content
