import pytest

from core.identifiers import (
    IdentifierError,
    parse_citation,
    parse_identifier,
    try_parse_identifier,
)


@pytest.mark.parametrize(
    ("raw", "canonical", "key"),
    [
        ("25-NQ/TW", "25-NQ/TW", "25-nq/tw"),
        ("90-CTr/BDVTW-BCSĐBNG", "90-CTr/BDVTW-BCSĐBNG", "90-ctr/bdvtw-bcsdbng"),
        ("169/NQ-CP", "169/NQ-CP", "169-nq/cp"),
        ("30/2020/NĐ-CP", "30/2020/NĐ-CP", "30/2020-nd/cp"),
        ("1234/BGDĐT-VP", "1234/BGDĐT-VP", "1234-/bgddt-vp"),
        # stray spaces
        ("122- CTr/ĐUB", "122-CTr/ĐUB", "122-ctr/dub"),
        ("1206 /QĐ-HVTC", "1206/QĐ-HVTC", "1206-qd/hvtc"),
        # a space for the hyphen
        ("84 QĐ/TWĐTN", "84-QĐ/TWĐTN", "84-qd/twdtn"),
        # a "Số:" prefix
        ("Số: 25-NQ/TW", "25-NQ/TW", "25-nq/tw"),
        ("số 228-QĐ/TW", "228-QĐ/TW", "228-qd/tw"),
        # lower case, no diacritics
        ("25-nq/tw", "25-NQ/TW", "25-nq/tw"),
        ("228-qd/tw", "228-QĐ/TW", "228-qd/tw"),
        ("02-ctr/bdvtw-bcsdbng", "02-CTr/BDVTW-BCSĐBNG", "2-ctr/bdvtw-bcsdbng"),
        # word-processor dashes
        ("45 – KH/ĐUNN", "45-KH/ĐUNN", "45-kh/dunn"),
        ("10—CTr/ĐUNN", "10-CTr/ĐUNN", "10-ctr/dunn"),
        # a party number written state-style
        ("25/NQ-TW", "25-NQ/TW", "25-nq/tw"),
        # the look-alike eth
        ("90-CTr/BDVTW-BCSÐBNG", "90-CTr/BDVTW-BCSĐBNG", "90-ctr/bdvtw-bcsdbng"),
    ],
)
def test_parse_identifier_variants(raw, canonical, key):
    parsed = parse_identifier(raw)
    assert parsed.canonical == canonical
    assert parsed.key == key


def test_party_and_state_qd_get_their_own_type_names():
    assert parse_identifier("228-QĐ/TW").type_name == "Quy định"
    assert parse_identifier("1206/QĐ-HVTC").type_name == "Quyết định"


def test_joint_issuers_are_kept_in_order():
    parsed = parse_identifier("90-CTr/BDVTW-BCSĐBNG")
    assert parsed.issuers == ("BDVTW", "BCSĐBNG")
    assert parsed.is_party


@pytest.mark.parametrize("raw", ["", "Nghị quyết", "NQ/TW", "abc-def", "25", "25-NQ"])
def test_parse_identifier_refuses_text_that_is_no_identifier(raw):
    with pytest.raises(IdentifierError):
        parse_identifier(raw)
    assert try_parse_identifier(raw) is None


@pytest.mark.parametrize(
    ("raw", "type_code", "number"),
    [
        ("NQ 25", "NQ", 25),
        ("Nghị quyết 25", "NQ", 25),
        ("nghi quyet so 36", "NQ", 36),
        ("Nghị quyết số 25-NQ/TW", "NQ", 25),
        ("Chương trình phối hợp 90", "CTr", 90),
        ("chuong trinh phoi hop 90", "CTr", 90),
        ("Kết luận 43", "KL", 43),
        ("Quy định 228", "QĐ", 228),
        ("90", "", 90),
    ],
)
def test_parse_citation(raw, type_code, number):
    citation = parse_citation(raw)
    assert citation is not None
    assert (citation.type_code, citation.number) == (type_code, number)


def test_parse_citation_returns_none_for_plain_words():
    assert parse_citation("ban dan van") is None
