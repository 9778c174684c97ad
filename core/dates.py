"""Dates written the way Vietnamese official documents write them.

Headers of official documents read "Hà Nội, ngày 26 tháng 11 năm 2021": the day below 10 takes
a leading zero, months 1 and 2 are written "01" and "02", months 3 to 12 take none ("ngày 03
tháng 4 năm 2018"). Django's date formats cannot say "pad only January and February", hence
this helper (docs/vietnamese.md).
"""

import datetime


def vietnamese_date(value: datetime.date) -> str:
    """ "ngày 26 tháng 11 năm 2021" for 26/11/2021, "ngày 03 tháng 02 năm 2014" for 3/2/2014."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def vietnamese_place_date(place: str, value: datetime.date) -> str:
    """ "Hà Nội, ngày 26 tháng 11 năm 2021": the place-and-date line of a document header."""
    place = (place or "").strip()
    return f"{place}, {vietnamese_date(value)}" if place else vietnamese_date(value).capitalize()


def short_date(value: datetime.date | None) -> str:
    """ "6/12/2016": day first, day and month without padding, as citations write dates."""
    return f"{value.day}/{value.month}/{value.year}" if value else ""
