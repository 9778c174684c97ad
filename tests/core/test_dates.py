import datetime

import pytest

from core.dates import short_date, vietnamese_date, vietnamese_place_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2021, 11, 26), "ngày 26 tháng 11 năm 2021"),
        (datetime.date(2018, 4, 3), "ngày 03 tháng 4 năm 2018"),
        (datetime.date(2014, 2, 7), "ngày 07 tháng 02 năm 2014"),
        (datetime.date(2023, 1, 9), "ngày 09 tháng 01 năm 2023"),
        (datetime.date(2016, 12, 6), "ngày 06 tháng 12 năm 2016"),
        (datetime.date(2013, 3, 10), "ngày 10 tháng 3 năm 2013"),
    ],
)
def test_vietnamese_date_pads_day_and_only_first_two_months(value, expected):
    assert vietnamese_date(value) == expected


def test_place_and_date_line():
    assert (
        vietnamese_place_date("Hà Nội", datetime.date(2021, 11, 26))
        == "Hà Nội, ngày 26 tháng 11 năm 2021"
    )


def test_date_line_without_place_is_capitalised():
    assert vietnamese_place_date("", datetime.date(2021, 11, 26)) == "Ngày 26 tháng 11 năm 2021"


def test_short_date_is_day_first_unpadded():
    assert short_date(datetime.date(2016, 12, 6)) == "6/12/2016"
    assert short_date(None) == ""
