"""The domain rules of issue 16 on programs: a signing party existed on the signing date and its
signer held a position there (warnings the user confirms), and progress updates are dated
sensibly, explained when they go down and not repeated. Each rule sequentially (the service)
and through the page's form; the suite runs on SQLite and on PostgreSQL."""

import datetime
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from agencies.autocomplete import SIGNER_NEEDS_CONFIRMATION
from agencies.models import Official
from core.models import NEEDS_CONFIRMATION
from programs import services
from programs.forms import SIGNERS_OTHERS
from programs.models import (
    DECREASE_NEEDS_NOTE,
    UPDATE_BEFORE_PROGRAM,
    UPDATE_IN_FUTURE,
    UPDATE_REPEATED,
    Program,
    Signatory,
    TaskUpdate,
)
from tests.agencies.factories import AgencyFactory, OfficialFactory, PositionFactory
from tests.conftest import home_agency, set_agency
from tests.programs.factories import (
    ProgramFactory,
    SignatoryFactory,
    TaskFactory,
    TaskUpdateFactory,
)
from tests.programs.helpers import program_data

SIGNED = datetime.date(2025, 3, 15)


@pytest.fixture
def ended_agency(db):
    """Ban Dân vận Trung ương as the app shows it: ended on 03/02/2025."""
    return AgencyFactory(name="Ban Dân vận Trung ương", valid_to=datetime.date(2025, 2, 3))


@pytest.fixture
def front(db):
    return AgencyFactory(name="Ủy ban Trung ương MTTQ Việt Nam")


@pytest.fixture
def front_chair(front):
    official = OfficialFactory(full_name="Đỗ Văn Chiến")
    PositionFactory(official=official, agency=front, title="Chủ tịch", start_date=SIGNED)
    return official


def _codes(error: ValidationError, field: str) -> list[str]:
    return [item.code for item in error.error_dict[field]]


def _save(*parties: Signatory) -> Program:
    program = Program(title="Chương trình phối hợp", signed_on=SIGNED, period_start=2025)
    return services.program_save(program=program, parties=list(parties))


# --- A signing party existed on the signing date ----------------------------------------------


def test_a_party_that_no_longer_existed_is_a_warning_and_nothing_is_saved(ended_agency, front):
    with pytest.raises(ValidationError) as caught:
        _save(Signatory(agency=ended_agency), Signatory(agency=front))
    assert _codes(caught.value, "agency") == [NEEDS_CONFIRMATION]
    assert "03/02/2025" in caught.value.error_dict["agency"][0].messages[0]
    assert not Program.objects.exists()
    assert not Signatory.objects.exists()


def test_a_party_chosen_knowingly_is_saved_and_marked(ended_agency, front):
    program = _save(Signatory(agency=ended_agency, confirmed=True), Signatory(agency=front))
    assert program.signatories.get(agency=ended_agency).confirmed is True


def test_a_party_that_existed_on_the_date_needs_no_confirmation(front):
    other = AgencyFactory(valid_from=datetime.date(2000, 1, 1), valid_to=SIGNED)
    program = _save(Signatory(agency=other), Signatory(agency=front))
    assert program.signatories.count() == 2
    assert not program.signatories.filter(confirmed=True).exists()


def test_a_party_founded_after_the_signing_date_is_a_warning(front):
    later = AgencyFactory(valid_from=SIGNED + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        _save(Signatory(agency=later), Signatory(agency=front))
    assert _codes(caught.value, "agency") == [NEEDS_CONFIRMATION]


# --- The signer held a position at that party on that date ------------------------------------


def test_a_signer_without_a_position_at_the_party_is_a_warning(front, front_chair):
    city_front = AgencyFactory(name="Ủy ban MTTQ Việt Nam TP.HCM")
    stranger = OfficialFactory(full_name="Lê Văn Khác")
    PositionFactory(official=stranger, agency=city_front, title="Chủ tịch")
    with pytest.raises(ValidationError) as caught:
        _save(Signatory(agency=front, official=stranger), Signatory(agency=AgencyFactory()))
    assert _codes(caught.value, "official") == [NEEDS_CONFIRMATION]
    assert not Program.objects.exists()


def test_a_signer_with_a_position_on_the_date_is_accepted_with_the_title(front, front_chair):
    program = _save(
        Signatory(agency=front, official=front_chair), Signatory(agency=AgencyFactory())
    )
    assert program.signatories.get(agency=front).title == "Chủ tịch"


def test_a_signer_whose_position_started_later_is_a_warning(front):
    official = OfficialFactory()
    PositionFactory(official=official, agency=front, start_date=SIGNED + datetime.timedelta(1))
    with pytest.raises(ValidationError) as caught:
        _save(Signatory(agency=front, official=official), Signatory(agency=AgencyFactory()))
    assert _codes(caught.value, "official") == [NEEDS_CONFIRMATION]


def test_a_signer_confirmed_knowingly_is_saved_and_shown_as_such(front, viewer_client):
    stranger = OfficialFactory(full_name="Lê Văn Khác")
    program = _save(
        Signatory(agency=front, official=stranger, confirmed=True),
        Signatory(agency=AgencyFactory()),
    )
    content = viewer_client.get(program.get_absolute_url()).content.decode()
    assert 'data-testid="confirmed-signatory"' in content


# --- The signer is chosen from the party's officials on the signing date ----------------------


class _SelectReader(HTMLParser):
    """The option groups of one select: [(group label, [option texts])]."""

    def __init__(self, select_id: str):
        super().__init__(convert_charrefs=True)
        self.select_id, self.inside, self.groups, self.option = select_id, False, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.inside = attrs.get("id") == self.select_id
        elif self.inside and tag == "optgroup":
            self.groups.append((attrs.get("label"), []))
        elif self.inside and tag == "option" and self.groups:
            self.option = ""

    def handle_data(self, data):
        if self.option is not None:
            self.option += data

    def handle_endtag(self, tag):
        if tag == "option" and self.option is not None:
            self.groups[-1][1].append(self.option)
            self.option = None
        elif tag == "select":
            self.inside = False


def _signer_options(content: str, row: int) -> tuple[list[str], list[str]]:
    """The suggestions of the signer box of party row ``row``: (the party's officials on the
    signing date, the chosen other official needing a confirmation)."""
    reader = _SelectReader(f"id_signatories-{row}-official")
    reader.feed(content)
    groups = dict(reader.groups)
    others = groups.pop(str(SIGNERS_OTHERS), [])
    holders = next(iter(groups.values()), [])
    return holders, others


def _signer_search(client, agency, on: str, term: str = "") -> list[str]:
    response = client.get(
        reverse("autocomplete", args=["signer"]), {"q": term, "agency": agency.pk, "on": on}
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_signer_candidates_put_the_officials_of_the_party_on_the_date_first(front, front_chair):
    city_front = AgencyFactory(name="Ủy ban MTTQ Việt Nam TP.HCM")
    city_chair = OfficialFactory(full_name="An Văn Thành phố")
    PositionFactory(official=city_chair, agency=city_front, title="Chủ tịch")
    former = OfficialFactory(full_name="Ân Thị Cũ")
    PositionFactory(official=former, agency=front, end_date=SIGNED - datetime.timedelta(1))

    candidates = list(Official.objects.signer_candidates(front, SIGNED))
    assert candidates[0] == front_chair and candidates[0].holds_position
    assert [o.full_name for o in candidates[1:]] == ["An Văn Thành phố", "Ân Thị Cũ"]
    assert not any(o.holds_position for o in candidates[1:])


def test_the_signer_select_offers_the_party_officials_first_then_the_others(
    staff_client, users, front, front_chair
):
    """The Front's chair first with the title held on the signing date; an official of the
    TP.HCM Front only among the others, the group that needs a confirmation."""
    city_front = AgencyFactory(name="Ủy ban MTTQ Việt Nam TP.HCM")
    city_chair = OfficialFactory(full_name="Nguyễn Phước Lộc")
    PositionFactory(official=city_chair, agency=city_front, title="Chủ tịch")
    program = _save(Signatory(agency=front, official=front_chair), Signatory(agency=city_front))

    set_agency(users["staff"], front)  # the author's agency is a party
    content = staff_client.get(reverse("programs:program_update", args=[program.pk]))
    holders, others = _signer_options(content.content.decode(), 0)
    assert holders == ["Đỗ Văn Chiến – Chủ tịch"] and others == []
    holders, others = _signer_options(content.content.decode(), 1)
    assert holders == ["Nguyễn Phước Lộc – Chủ tịch"] and others == []
    # Typing searches every official: the party's first, the others as needing a confirmation.
    found = _signer_search(staff_client, front, f"{SIGNED:%d/%m/%Y}")
    assert found[0] == "Đỗ Văn Chiến – Chủ tịch"
    assert f"Nguyễn Phước Lộc ({SIGNER_NEEDS_CONFIRMATION})" in found
    assert _signer_search(staff_client, city_front, f"{SIGNED:%d/%m/%Y}", "phuoc loc") == [
        "Nguyễn Phước Lộc – Chủ tịch"
    ]


def test_the_signer_select_follows_the_agency_and_date_just_submitted(staff_client, users, front):
    """A page drawn again after a warning groups the signers by the submitted agency and date,
    and keeps the chosen other official selected (shown as such, in the other group)."""
    chair_2020 = OfficialFactory(full_name="Trần Thanh Mẫn")
    PositionFactory(
        official=chair_2020,
        agency=front,
        title="Chủ tịch",
        start_date=datetime.date(2017, 1, 1),
        end_date=datetime.date(2021, 4, 1),
    )
    stranger = OfficialFactory(full_name="Lê Văn Khác")
    page = program_data(agencies=[front, AgencyFactory()], signed_on="01/06/2020")
    page.set("signatories-0-official", stranger.pk)
    set_agency(users["staff"], front)  # the author's agency is a party
    response = staff_client.post(reverse("programs:program_create"), page)
    content = response.content.decode()
    assert 'data-testid="confirm-warning"' in content
    holders, others = _signer_options(content, 0)
    assert holders == ["Trần Thanh Mẫn – Chủ tịch"]
    assert "Lê Văn Khác" in others
    assert f'<option value="{stranger.pk}" selected>Lê Văn Khác</option>' in content

    page.set("signed_on", "01/06/2022")  # Trần Thanh Mẫn no longer there
    content = staff_client.post(reverse("programs:program_create"), page).content.decode()
    holders, others = _signer_options(content, 0)
    assert holders == [] and others == ["Lê Văn Khác"]


def test_the_signer_boxes_cost_no_query_per_party_row(staff_client, django_assert_max_num_queries):
    def parties(count):
        agencies = [home_agency(), *AgencyFactory.create_batch(count - 1)]  # the author's first
        for agency in agencies:
            PositionFactory(agency=agency)
        return _save(*(Signatory(agency=agency) for agency in agencies))

    small = reverse("programs:program_update", args=[parties(2).pk])
    large = reverse("programs:program_update", args=[parties(6).pk])
    with django_assert_max_num_queries(100) as counted:
        assert staff_client.get(small).status_code == 200
    # The signer boxes share their suggestions (two queries for all rows); each row's agency
    # box reads its one chosen agency (core.autocomplete): one query a row, no more.
    with django_assert_max_num_queries(len(counted.captured_queries) + 4):
        assert staff_client.get(large).status_code == 200


# --- Through the form: warning, confirmation box, second submit saves -------------------------


def _new_program_page(*agencies, official=None):
    page = program_data(agencies=list(agencies), signed_on="15/03/2025", period_start="2025")
    if official is not None:
        page.set("signatories-0-official", official.pk)
    return page


def test_the_form_shows_the_warning_with_a_confirmation_box_then_saves(
    staff_client, users, ended_agency, front
):
    page = _new_program_page(ended_agency, front)
    set_agency(users["staff"], front)  # the author's agency is a party
    response = staff_client.post(reverse("programs:program_create"), page)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="confirm-warning"' in content
    assert 'name="signatories-0-confirmed"' in content
    assert not Program.objects.exists()

    page.set("signatories-0-confirmed", "on")
    response = staff_client.post(reverse("programs:program_create"), page)
    assert response.status_code == 302
    signatory = Program.objects.get().signatories.get(agency=ended_agency)
    assert signatory.confirmed is True


def test_the_form_warns_about_a_signer_from_another_agency(staff_client, front):
    stranger = OfficialFactory(full_name="Lê Văn Khác")
    page = _new_program_page(front, AgencyFactory(), official=stranger)
    response = staff_client.post(reverse("programs:program_create"), page)
    assert response.status_code == 200
    assert 'data-testid="confirm-warning"' in response.content.decode()
    assert not Program.objects.exists()


def test_the_form_saves_a_signer_with_a_position_without_asking(
    staff_client, users, front, front_chair
):
    set_agency(users["staff"], front)  # the author's agency is a party
    page = _new_program_page(front, AgencyFactory(), official=front_chair)
    response = staff_client.post(reverse("programs:program_create"), page)
    assert response.status_code == 302


# --- Progress updates ---------------------------------------------------------------------------


@pytest.fixture
def task(db):
    program = ProgramFactory(signed_on=datetime.date(2022, 3, 1), period_start=2022)
    SignatoryFactory(program=program)  # the test accounts' agency: their staff record progress
    return TaskFactory(program=program, progress=40, status="in_progress")


def _record(task, **fields):
    values = {"reported_on": datetime.date(2024, 5, 1), "progress": 50, "note": "", **fields}
    return services.task_record_progress(task=task, **values)


def test_an_update_dated_in_the_future_is_refused(task):
    with pytest.raises(ValidationError) as caught:
        _record(task, reported_on=timezone.localdate() + datetime.timedelta(days=1))
    assert caught.value.message_dict["reported_on"] == [str(UPDATE_IN_FUTURE)]
    task.refresh_from_db()
    assert task.progress == 40
    assert not TaskUpdate.objects.exists()


def test_an_update_dated_before_the_program_starts_is_refused(task):
    with pytest.raises(ValidationError) as caught:
        _record(task, reported_on=datetime.date(2022, 2, 28))
    assert caught.value.message_dict["reported_on"] == [
        str(UPDATE_BEFORE_PROGRAM) % {"start": "01/03/2022"}
    ]
    assert not TaskUpdate.objects.exists()


def test_an_undated_program_starts_on_the_first_day_of_its_first_year(db):
    task = TaskFactory(program=ProgramFactory(signed_on=None, period_start=2023))
    with pytest.raises(ValidationError):
        _record(task, reported_on=datetime.date(2022, 12, 31))
    assert _record(task, reported_on=datetime.date(2023, 1, 1)).pk


def test_today_is_accepted(task):
    assert _record(task, reported_on=timezone.localdate()).pk


def test_a_decrease_needs_a_note(task):
    with pytest.raises(ValidationError) as caught:
        _record(task, progress=10)
    assert caught.value.message_dict["note"] == [
        str(DECREASE_NEEDS_NOTE) % {"previous": 40, "progress": 10}
    ]
    task.refresh_from_db()
    assert task.progress == 40
    update = _record(task, progress=10, note="Đánh giá lại khối lượng công việc")
    task.refresh_from_db()
    assert (update.progress, task.progress) == (10, 10)


def test_a_decrease_is_measured_from_the_previous_update(task):
    _record(task, progress=60, reported_on=datetime.date(2024, 5, 1))
    with pytest.raises(ValidationError):
        _record(task, progress=55, reported_on=datetime.date(2024, 6, 1))
    # Dated before the 60% report, 45% follows the task's earlier state (no update before).
    assert _record(task, progress=45, reported_on=datetime.date(2024, 4, 1)).pk


def test_an_identical_repeat_is_refused(task):
    _record(task, progress=50, note="Lần một")
    with pytest.raises(ValidationError) as caught:
        _record(task, progress=50, note="Lần hai")
    assert str(UPDATE_REPEATED) in caught.value.messages
    assert TaskUpdate.objects.count() == 1


def test_the_repeat_rule_is_a_database_constraint(task):
    TaskUpdateFactory(task=task, reported_on=datetime.date(2024, 5, 1), progress=50)
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskUpdateFactory(task=task, reported_on=datetime.date(2024, 5, 1), progress=50)


def _post_update(client, task, **fields):
    data = {"reported_on": "01/05/2024", "progress": "50", "note": "", **fields}
    return client.post(reverse("programs:taskupdate_create", args=[task.pk]), data)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reported_on": "01/01/2030"}, UPDATE_IN_FUTURE),
        ({"reported_on": "28/02/2022"}, UPDATE_BEFORE_PROGRAM % {"start": "01/03/2022"}),
        ({"progress": "10"}, DECREASE_NEEDS_NOTE % {"previous": 40, "progress": 10}),
    ],
    ids=["future", "before-program", "decrease"],
)
def test_the_progress_form_refuses_and_keeps_the_input(staff_client, task, fields, message):
    response = _post_update(staff_client, task, **fields)
    assert response.status_code == 200
    assert str(message) in response.content.decode()
    assert not TaskUpdate.objects.exists()


def test_the_progress_form_refuses_a_repeat(staff_client, task):
    assert _post_update(staff_client, task).status_code == 302
    response = _post_update(staff_client, task)
    assert response.status_code == 200
    assert str(UPDATE_REPEATED) in response.content.decode()
    assert TaskUpdate.objects.count() == 1


def test_a_backdated_update_is_kept_but_does_not_move_the_current_progress(task):
    """The current progress is the latest report's: an update dated before it is history."""
    _record(task, reported_on=datetime.date(2024, 5, 1), progress=60)
    older = _record(task, reported_on=datetime.date(2023, 5, 1), progress=50)
    task.refresh_from_db()
    assert task.progress == 60
    assert older.pk is not None
    assert list(task.updates.order_by("-reported_on").values_list("progress", flat=True)) == [
        60,
        50,
    ]
