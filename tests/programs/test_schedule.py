"""The review schedule (issue 12): the interim review (sơ kết) mid-period, the final review
(tổng kết) at the end, both editable, a hand-set date kept when the period moves; shown on the
program page and the home page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from programs.models import REVIEWS_ORDERED, Program
from tests.programs.factories import ProgramFactory
from tests.programs.helpers import program_data

D = datetime.date


def test_the_period_places_both_reviews(db):
    program = ProgramFactory(signed_on=D(2021, 11, 26), period_start=2021, period_end=2026)
    # Half-way from the signing to 31/12/2026 (1861 days), and the last day.
    assert program.interim_review_on == D(2024, 6, 13)
    assert program.final_review_on == D(2026, 12, 31)
    assert not program.interim_review_by_hand and not program.final_review_by_hand


def test_without_a_signing_date_the_period_starts_on_1_january(db):
    program = ProgramFactory(signed_on=None, period_start=2020, period_end=2021)
    assert program.interim_review_on == D(2020, 12, 31)
    assert program.final_review_on == D(2021, 12, 31)


def test_no_end_year_no_review(db):
    program = ProgramFactory(period_end=None)
    assert (program.interim_review_on, program.final_review_on) == (None, None)


def test_the_reviews_move_when_the_period_moves(db):
    program = ProgramFactory(signed_on=D(2021, 1, 1), period_start=2021, period_end=2022)
    assert program.final_review_on == D(2022, 12, 31)
    program.period_end = 2030
    program.save(update_fields=["period_end"])
    program.refresh_from_db()
    assert program.final_review_on == D(2030, 12, 31)
    assert program.interim_review_on == D(2025, 12, 31)


def test_a_date_set_by_hand_stays_when_the_period_moves(db):
    program = ProgramFactory(signed_on=D(2021, 1, 1), period_start=2021, period_end=2022)
    program.final_review_on = D(2023, 3, 15)
    program.final_review_by_hand = True
    program.save()
    program.period_end = 2024
    program.save()
    program.refresh_from_db()
    assert program.final_review_on == D(2023, 3, 15)  # kept
    assert program.interim_review_on == D(2023, 1, 1)  # moved (not set by hand)
    program.final_review_on = None  # cleared: back to the period's
    program.save()
    assert program.final_review_on == D(2024, 12, 31)
    assert not program.final_review_by_hand


def test_final_before_interim_is_refused(db):
    program = ProgramFactory()
    program.interim_review_on, program.interim_review_by_hand = D(2025, 1, 1), True
    program.final_review_on, program.final_review_by_hand = D(2024, 1, 1), True
    with pytest.raises(ValidationError) as caught:
        program.full_clean()
    assert caught.value.message_dict["final_review_on"] == [str(REVIEWS_ORDERED)]


def test_the_form_marks_a_typed_date_as_set_by_hand_and_keeps_it(staff_client, program):
    url = reverse("programs:program_update", args=[program.pk])
    response = staff_client.post(url, program_data(program, interim_review_on="01/07/2024"))
    assert response.status_code == 302, response.context["form"].errors
    program.refresh_from_db()
    assert (program.interim_review_on, program.interim_review_by_hand) == (D(2024, 7, 1), True)
    assert program.final_review_on == D(2026, 12, 31) and not program.final_review_by_hand

    # The period moves in the same form the dates are shown in: the hand-set date stays, the
    # other follows the period.
    response = staff_client.post(url, program_data(program, period_end="2028"))
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.interim_review_on == D(2024, 7, 1) and program.interim_review_by_hand
    assert program.final_review_on == D(2028, 12, 31) and not program.final_review_by_hand

    # Emptying the box returns to the period's date.
    response = staff_client.post(url, program_data(program, interim_review_on=""))
    program.refresh_from_db()
    assert not program.interim_review_by_hand
    assert (
        program.interim_review_on
        == Program(
            signed_on=program.signed_on, period_start=2021, period_end=2028
        ).scheduled_reviews()[0]
    )


def test_the_program_page_shows_the_schedule(viewer_client, db):
    program = ProgramFactory(signed_on=D(2021, 11, 26), period_start=2021, period_end=2026)
    program.final_review_on, program.final_review_by_hand = D(2026, 11, 20), True
    program.save()
    content = viewer_client.get(program.get_absolute_url()).content.decode()
    assert "13/06/2024" in content and "20/11/2026" in content
    assert 'data-testid="final-by-hand"' in content
    assert 'data-testid="interim-by-hand"' not in content


def test_the_home_page_lists_the_reviews_coming(viewer_client, db):
    today = datetime.date.today()
    soon = ProgramFactory(title="Sắp tổng kết", signed_on=today.replace(year=today.year - 4))
    soon.period_start, soon.period_end = today.year - 4, today.year + 1
    soon.final_review_on, soon.final_review_by_hand = today + datetime.timedelta(days=20), True
    soon.save()
    ProgramFactory(title="Còn xa", signed_on=today, period_start=today.year, period_end=2099)
    response = viewer_client.get(reverse("home"))
    panels = {shown.name: shown.content for shown in response.context["panels"]}
    reviews = panels["reviews_coming"].items
    assert [(r.program.title, r.on) for r in reviews] == [
        ("Sắp tổng kết", today + datetime.timedelta(days=20))
    ]
    assert 'data-testid="reviews-coming"' in response.content.decode()
