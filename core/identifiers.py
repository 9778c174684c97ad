"""Parsing Vietnamese document identifiers (số, ký hiệu) into one canonical form and one key.

Party documents are written ``NUMBER-TYPE/ISSUER[-ISSUER2]`` (25-NQ/TW, 90-CTr/BDVTW-BCSĐBNG),
state documents ``NUMBER[/YEAR]/TYPE-ISSUER`` (169/NQ-CP, 30/2020/NĐ-CP), and a state công văn has
no type (1234/BGDĐT-VP). In the wild they carry stray spaces ("122- CTr/ĐUB"), a space for the
hyphen ("84 QĐ/TWĐTN"), a "Số:" prefix, lower case, no diacritics, word-processor dashes, the
look-alike ``Ð``, and party numbers written state-style ("25/NQ-TW"). :func:`parse_identifier`
maps all of them to one canonical form and one diacritic-free ``key``; the key does not depend on
the style, so "25/NQ-TW" and "25-NQ/TW" are the same document.

Prose cites short forms ("Nghị quyết 25", "NQ 25", "Chương trình phối hợp 90"):
:func:`parse_citation` reads those as a type and a number, for search.

An identifier is not unique on its own (party numbers restart each term, state numbers each
year): records are unique on (key, date of issue).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .text import fold, normalize_text

IDENTIFIER_UNPARSEABLE = _(
    "“%(value)s” is not a document identifier. Write it as number-type/issuer "
    "(25-NQ/TW, 90-CTr/BDVTW-BCSĐBNG) or number/type-issuer (169/NQ-CP)."
)

#: Canonical spelling of document type codes, by folded code.
TYPE_CODES = {
    "nq": "NQ",
    "kl": "KL",
    "ct": "CT",
    "qd": "QĐ",
    "tt": "TT",
    "da": "ĐA",
    "ctr": "CTr",
    "kh": "KH",
    "hd": "HD",
    "nd": "NĐ",
    "tb": "TB",
    "bc": "BC",
    "ttr": "TTr",
    "qc": "QC",
    "ch": "CH",
    "dt": "ĐT",
}

#: Full names of the type codes. ``QĐ`` is a quy định in party documents and a quyết định in
#: state ones; ``TT`` a thông tri or a thông tư; the type name is therefore a field of its own.
PARTY_TYPE_NAMES = {
    "NQ": "Nghị quyết",
    "KL": "Kết luận",
    "CT": "Chỉ thị",
    "QĐ": "Quy định",
    "TT": "Thông tri",
    "ĐA": "Đề án",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "QC": "Quy chế",
}
STATE_TYPE_NAMES = {
    **PARTY_TYPE_NAMES,
    "QĐ": "Quyết định",
    "TT": "Thông tư",
    "NĐ": "Nghị định",
}

#: Canonical spelling of issuer codes that carry Đ or mixed case, by folded code; any other
#: issuer is upper-cased as written.
ISSUER_CODES = {
    "bcsdbng": "BCSĐBNG",
    "dub": "ĐUB",
    "dunn": "ĐUNN",
    "twdtn": "TWĐTN",
    "bgddt": "BGDĐT",
    "ttg": "TTg",
    "dukctw": "ĐUKCTW",
    "dukdn": "ĐUKDN",
}

# An issuer is a party body when its code names the Central Committee (TW), a provincial or
# district committee (TU, HU), a party committee (ĐU…) or a party commission (BCSĐ…).
_PARTY_ISSUER = re.compile(r"(tw|tu|hu)$|^du|^bcsd|^tw|^bdv|^btc|^btg|^vptw")

_TOKEN = r"[^\W\d_][^\W_]*"  # letters, then letters or digits (ĐUB, BGDĐT, TWĐTN, UBND1)
_PARTY = re.compile(rf"^(\d+)-({_TOKEN})/({_TOKEN}(?:-{_TOKEN})*)$")
_STATE = re.compile(rf"^(\d+)/(?:(\d{{4}})/)?({_TOKEN}(?:-{_TOKEN})*)$")
_PREFIX = re.compile(r"^(so|số|sô|so hieu|số hiệu|ky hieu|ký hiệu)\s*[:.]?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedIdentifier:
    """A document identifier taken apart: the canonical text and its parts."""

    canonical: str
    key: str
    number: str
    type_code: str
    issuers: tuple[str, ...]
    year: int | None
    is_party: bool

    @property
    def type_name(self) -> str:
        """The usual full name of the type (Nghị quyết, Quy định, Quyết định…), or ""."""
        names = PARTY_TYPE_NAMES if self.is_party else STATE_TYPE_NAMES
        return names.get(self.type_code, "")

    @property
    def issuer(self) -> str:
        """The issuer part as written in the canonical form (BDVTW-BCSĐBNG, CP)."""
        return "-".join(self.issuers)


class IdentifierError(ValueError):
    """Raised when a text cannot be read as a document identifier."""

    def __init__(self, value: str) -> None:
        self.value = value
        super().__init__(str(IDENTIFIER_UNPARSEABLE) % {"value": value})


def _canonical_type(code: str) -> str:
    return TYPE_CODES.get(fold(code), code.upper())


def _canonical_issuer(code: str) -> str:
    return ISSUER_CODES.get(fold(code), code.upper())


def _tidy(raw: str) -> str:
    text = normalize_text(raw)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = _PREFIX.sub("", text)
    text = re.sub(r"\s*([-/])\s*", r"\1", text)
    # "84 QĐ/TWĐTN": a space stands for the hyphen between the number and the type.
    return re.sub(r"^(\d+) (?=[^\W\d_])", r"\1-", text)


def parse_identifier(raw: str) -> ParsedIdentifier:
    """Parse ``raw`` into its canonical form and key; raise :class:`IdentifierError` if it is not
    an identifier.

    >>> parse_identifier("Số: 122- CTr/ÐUB").canonical
    '122-CTr/ĐUB'
    >>> parse_identifier("25/NQ-TW").key == parse_identifier("25-nq/tw").key
    True
    """
    text = _tidy(raw or "")
    year: int | None = None
    if match := _PARTY.match(text):
        number, type_code, issuers = match[1], match[2], match[3].split("-")
    elif match := _STATE.match(text):
        number, year_text, tokens = match[1], match[2], match[3].split("-")
        year = int(year_text) if year_text else None
        if len(tokens) > 1 and fold(tokens[0]) in TYPE_CODES:
            type_code, issuers = tokens[0], tokens[1:]
        else:  # a công văn: no type, every token names the issuer and its unit
            type_code, issuers = "", tokens
    else:
        raise IdentifierError(normalize_text(raw or ""))

    type_code = _canonical_type(type_code) if type_code else ""
    issuers = [_canonical_issuer(part) for part in issuers]
    folded_issuers = [fold(part) for part in issuers]
    is_party = (
        year is None
        and bool(type_code)
        and any(_PARTY_ISSUER.search(part) for part in folded_issuers)
    )
    if is_party:
        canonical = f"{number}-{type_code}/{'-'.join(issuers)}"
    else:
        head = f"{number}/{year}/" if year else f"{number}/"
        canonical = head + "-".join(filter(None, [type_code, *issuers]))
    key_number = str(int(number))
    key = f"{key_number}{f'/{year}' if year else ''}-{fold(type_code)}/{'-'.join(folded_issuers)}"
    return ParsedIdentifier(
        canonical=canonical,
        key=key,
        number=number,
        type_code=type_code,
        issuers=tuple(issuers),
        year=year,
        is_party=is_party,
    )


def try_parse_identifier(raw: str) -> ParsedIdentifier | None:
    """:func:`parse_identifier`, or ``None`` when ``raw`` is not an identifier."""
    try:
        return parse_identifier(raw)
    except IdentifierError:
        return None


#: Folded type names as prose writes them, longest first, with their type code.
_TYPE_WORDS = sorted(
    [
        ("chuong trinh phoi hop", "CTr"),
        ("chuong trinh hanh dong", "CTr"),
        ("chuong trinh", "CTr"),
        ("nghi quyet", "NQ"),
        ("ket luan", "KL"),
        ("chi thi", "CT"),
        ("quy dinh", "QĐ"),
        ("quyet dinh", "QĐ"),
        ("thong tri", "TT"),
        ("thong tu", "TT"),
        ("de an", "ĐA"),
        ("ke hoach", "KH"),
        ("huong dan", "HD"),
        ("nghi dinh", "NĐ"),
        ("thong bao", "TB"),
        ("bao cao", "BC"),
        ("quy che", "QC"),
        *((code, TYPE_CODES[code]) for code in TYPE_CODES),
    ],
    key=lambda pair: -len(pair[0]),
)
_CITATION = re.compile(
    r"^(?P<type>" + "|".join(re.escape(word) for word, _code in _TYPE_WORDS) + r")"
    r"\s*(?:so\s*)?[-:.]?\s*(?P<number>\d+)\b"
)


@dataclass(frozen=True)
class Citation:
    """A short citation such as "NQ 25": a type code (or "" when only a number) and a number."""

    type_code: str
    number: int


def parse_citation(raw: str) -> Citation | None:
    """Read "Nghị quyết 25", "NQ 25", "nghi quyet so 36", "Chương trình phối hợp 90", "KL-43",
    "90" as a type and number; ``None`` when ``raw`` is not such a citation.

    A full identifier ("Nghị quyết số 25-NQ/TW") gives its own type and number.
    """
    folded = fold(raw)
    if not folded:
        return None
    words = dict(_TYPE_WORDS)
    if match := _CITATION.match(folded):
        return Citation(type_code=words[match["type"]], number=int(match["number"]))
    if folded.isdigit():
        return Citation(type_code="", number=int(folded))
    return None
