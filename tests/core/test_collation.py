import random

import pytest

from agencies.models import Agency
from core.collation import sort_key

# Vietnamese dictionary order: a ă â b c d đ e ê … o ô ơ … u ư; tones after the bare letter.
EXPECTED = [
    "An Giang",
    "Ăn uống",
    "Âu Cơ",
    "Ban Dân vận Trung ương",
    "Bộ Ngoại giao",
    "Bùi Thanh Sơn",
    "Dân",
    "Du",
    "Đảng ủy Bộ Ngoại giao",
    "Đặng",
    "Em",
    "Ê",
    "Hà Kim Ngọc",
    "Hoàng Đăng Quang",
    "Ô",
    "Ơ",
    "Ủy ban Nhà nước",
    "Ư",
    "Xuân",
]


def test_python_sort_key_follows_the_vietnamese_alphabet():
    shuffled = EXPECTED[:]
    random.Random(4).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == EXPECTED


def test_tones_order_after_the_bare_letter():
    words = ["mạ", "má", "mã", "mả", "mà", "ma"]
    assert sorted(words, key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


@pytest.mark.django_db
def test_database_orders_agencies_in_vietnamese_order():
    shuffled = EXPECTED[:]
    random.Random(7).shuffle(shuffled)
    Agency.objects.bulk_create([Agency(name=name) for name in shuffled])
    assert list(Agency.objects.ordered().values_list("name", flat=True)) == EXPECTED
