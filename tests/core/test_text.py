import unicodedata

import pytest

from core.text import fold, fold_many, normalize_text

VIET_LETTERS = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"


def test_normalize_text_composes_nfd_input():
    decomposed = unicodedata.normalize("NFD", "Việt Nam")
    assert len(decomposed) > len("Việt Nam")
    assert normalize_text(decomposed) == "Việt Nam"


def test_normalize_text_replaces_icelandic_eth_with_d_stroke():
    assert normalize_text("ÐẢNG ỦY ðoàn") == "ĐẢNG ỦY đoàn"


def test_normalize_text_collapses_whitespace():
    assert normalize_text("  Ban   Dân\tvận \n Trung ương ") == "Ban Dân vận Trung ương"


def test_normalize_text_multiline_keeps_line_breaks():
    assert normalize_text("Dòng 1  \r\n\r\n\r\n  Dòng  2", multiline=True) == "Dòng 1\n\nDòng 2"


@pytest.mark.parametrize(
    "text",
    [
        "Ban Dân vận Trung ương",
        "BAN DÂN VẬN TRUNG ƯƠNG",
        "ban dan van trung uong",
        unicodedata.normalize("NFD", "Ban Dân vận Trung ương"),
    ],
)
def test_fold_makes_variants_equal(text):
    assert fold(text) == "ban dan van trung uong"


def test_fold_maps_d_stroke_and_eth():
    assert fold("Đảng ủy ÐUB") == "dang uy dub"


def test_fold_makes_old_and_new_tone_placement_equal():
    assert fold("Uỷ ban hoà bình") == fold("Ủy ban hòa bình")


def test_fold_strips_every_vietnamese_letter_to_ascii():
    letters = VIET_LETTERS + VIET_LETTERS.upper()
    assert fold(letters).isascii()
    assert set(fold(letters)) <= set("aeiouyd")


def test_fold_many_joins_non_empty_parts():
    assert fold_many("Bộ Ngoại giao", "", None, "BNG") == "bo ngoai giao | bng"
