"""The abbreviation table and the initials derived from names (no database)."""

import pytest

from core.abbreviations import (
    ABBREVIATIONS,
    EXPANSIONS,
    initials,
    initials_key,
    is_abbreviation,
    is_syllable,
)
from core.search import interpret
from core.text import fold


def test_the_table_is_folded_and_names_the_issue_s_abbreviations():
    for short, longs in ABBREVIATIONS.items():
        assert short == fold(short) and longs, short
        assert all(long == fold(long) and long != short for long in longs), short
    for short in ("mttq", "tw", "tu", "tphcm", "hcm", "nvnonn", "ubnd", "bch", "bcsd", "dub"):
        assert short in ABBREVIATIONS
    assert ABBREVIATIONS["mttq"] == ("mat tran to quoc",)
    assert set(ABBREVIATIONS["tu"]) >= {"trung uong"}
    assert len(ABBREVIATIONS) >= 70


def test_full_forms_point_back_to_their_abbreviations_longest_first():
    assert "tphcm" in EXPANSIONS["thanh pho ho chi minh"]
    assert set(EXPANSIONS["trung uong"]) >= {"tw", "tu"}
    lengths = [len(phrase.split()) for phrase in EXPANSIONS]
    assert lengths == sorted(lengths, reverse=True)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mặt trận Tổ quốc", ["mttq"]),
        ("người Việt Nam ở nước ngoài", ["nvnonn"]),
        ("Thành phố Hồ Chí Minh", ["tphcm"]),
        ("Bộ Ngoại giao", ["bng"]),
        ("Đảng ủy Bộ Ngoại giao", ["dubng"]),
        # "trung ương" gives the usual TW and TƯ; the linking word "và" is dropped in a 2nd form
        ("Ban Tuyên giáo và Dân vận Trung ương", ["btgvdvtw", "btgvdvtu", "btgdvtw", "btgdvtu"]),
        # a word that already is an abbreviation is kept whole
        ("Ủy ban MTTQ Việt Nam TP Hồ Chí Minh", ["ubmttqvntphcm"]),
        # numbers are dropped; one word has no initials
        ("Chương trình 90 giai đoạn 2016-2021", ["ctgd"]),
        ("Ban", []),
        ("", []),
    ],
)
def test_derived_initials(name, expected):
    assert initials(name) == expected


def test_initials_key_is_space_delimited_for_whole_word_matching():
    assert initials_key("Mặt trận Tổ quốc", "Hà Nội") == " mttq hn "
    assert initials_key("Ban") == ""


@pytest.mark.parametrize("word", ["dan", "nguoi", "quoc", "uy", "truong", "nghieng", "o", "giao"])
def test_syllables(word):
    assert is_syllable(word) and not is_abbreviation(word)


@pytest.mark.parametrize("word", ["mttq", "tw", "hcm", "nvnonn", "bdvtw", "ub", "tncs", "dub"])
def test_abbreviations(word):
    assert is_abbreviation(word)


@pytest.mark.parametrize(
    ("raw", "units", "compact"),
    [
        ("MTTQ HCM", ["mttq", "hcm"], "mttqhcm"),
        ("TP.HCM", ["tphcm"], "tphcm"),
        ("TP HCM", ["tphcm"], "tphcm"),
        ("ban to chuc TW", ["ban", "to", "chuc", "tw"], ""),
        ("ban dan van", ["ban", "dan", "van"], ""),
        ("ban dan van trung uong", ["ban dan van trung uong"], ""),
        ("hoi nghi tong ket", ["hoi", "nghi", "tong", "ket"], ""),
    ],
)
def test_a_query_is_read_into_units(raw, units, compact):
    query = interpret(raw)
    assert [unit.text for unit in query.units] == units
    assert query.compact == compact


def test_a_unit_carries_its_other_forms():
    mttq, hcm = interpret("MTTQ HCM").units
    assert mttq.alternatives == ("mttq", "mat tran to quoc") and mttq.abbreviation
    assert "ho chi minh" in hcm.alternatives
    (phrase,) = interpret("mặt trận tổ quốc").units
    assert phrase.alternatives == ("mat tran to quoc", "mttq") and not phrase.abbreviation
    assert interpret("ban dan van trung uong").initials == ("bdvtw", "bdvtu")
    assert interpret("ban dan van").initials == ()  # three letters: inside too many codes
