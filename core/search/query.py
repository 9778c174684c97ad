"""Reading a search text once into what every search matches on (:func:`interpret`).

A query is, in this order of precedence:

- a **date**, day first with any separator ("26/11/2021", "6.12.2016", "26-11-2021") or as an
  official header writes it ("ngày 26 tháng 11 năm 2021"): it finds what happened that day;
- a **document reference**: a full identifier in any written variant ("25/NQ-TW",
  "122- CTr/ĐUB"), also inside pasted prose and with the sentence's punctuation ("theo Kết luận
  số 43-KL/TW, ...", "43-KL/TW."), a short citation ("NQ 25", "NQ số 25", "nghị quyết 36",
  "KL-43") or a partial identifier ("90-CTr"), matched on the parsed key or number and type;
- otherwise **words**, folded (diacritics, case and Unicode form ignored), each of which must
  occur, in any order. A word or phrase the abbreviation table knows also matches its other
  form ("MTTQ" ↔ "mặt trận tổ quốc", "TW" ↔ "trung ương", "TP.HCM" ↔ "thành phố Hồ Chí Minh"),
  and a word that is an abbreviation (not a Vietnamese syllable) also matches the initials
  derived from stored names (:mod:`core.abbreviations`).
"""

import datetime
import re
from dataclasses import dataclass, field

from ..abbreviations import ABBREVIATIONS, EXPANSIONS, initials, is_syllable, words
from ..identifiers import (
    PARTY_TYPE_NAMES,
    STATE_TYPE_NAMES,
    TYPE_CODES,
    ParsedIdentifier,
    parse_citation,
    try_parse_identifier,
)
from ..text import fold

#: Queries shorter than this (folded) are not run: they would match nearly everything.
MIN_QUERY_LENGTH = 2
#: Derived initials of a query shorter than this are not looked for in texts: three letters
#: ("bdv" of "ban dan van") occur inside too many codes (BDVTW of every program it signed).
MIN_INITIALS_LENGTH = 4

# "90-CTr", "90 CTr", "25/NQ": a number and a type code without the issuer.
_PARTIAL_IDENTIFIER = re.compile(r"^(\d+)\s*[-/ ]\s*([^\W\d_]+)$")
# Punctuation a sentence puts around a reference: "43-KL/TW.", "(12-KL/TW),", "“25-NQ/TW”".
_EDGE_PUNCTUATION = ".,;:!?()[]{}\"'“”‘’«»…"
_DAY_FIRST = re.compile(r"^(\d{1,2})\s*[-/.\s]\s*(\d{1,2})\s*[-/.\s]\s*(\d{4})$")
_SPELLED_DATE = re.compile(
    r"(?:^|\s)(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam\s*|[-/.,\s]\s*)(\d{4})(?:\s|$)"
)


@dataclass(frozen=True)
class Unit:
    """One word of a query, or a phrase the abbreviation table knows, with the folded texts any
    of which stands for it (itself first); ``abbreviation`` when it is also looked for among
    the initials derived from stored names."""

    text: str
    alternatives: tuple[str, ...]
    abbreviation: bool = False


@dataclass(frozen=True)
class SearchQuery:
    """A search text read as a date, a document reference or folded words."""

    raw: str
    folded: str
    words: tuple[str, ...] = ()
    identifier_key: str = ""
    number: int | None = None
    #: The type code cited with the number; "" when only a number was given.
    type_code: str = ""
    #: The folded canonical spelling of a full identifier ("25/NQ-TW" → "25-nq/tw"), so that
    #: texts citing it in the canonical style match too.
    canonical: str = ""
    date: datetime.date | None = None
    units: tuple[Unit, ...] = ()
    #: The whole query as one abbreviation ("mttq", "tphcm" for "TP HCM"), when it is one.
    compact: str = ""
    #: The full forms of that abbreviation ("mat tran to quoc"), from the table.
    expansions: tuple[str, ...] = ()
    #: The initials of a query of several words ("ban dan van trung uong" → "bdvtw"), to find
    #: texts that write the name abbreviated.
    initials: tuple[str, ...] = ()
    #: Reads that several sources of one search share (the agencies the query names), kept
    #: for the life of this object: interpret the text again after writing to the database.
    cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    #: At most this many rows of each kind are read (the global search shows the first few):
    #: a source may then read only that many of the rows it finds through a related record
    #: (:func:`~core.search.matching.ranked`). ``None``: every match (a list's filter).
    limit: int | None = field(default=None, compare=False, hash=False)

    def cached(self, key: str, compute):
        """``compute()``, once per query object."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    @property
    def phrases(self) -> tuple[str, ...]:
        """The folded phrases a text citing the same document may contain: the query itself,
        the identifier's canonical form, and "nghi quyet 25" for "NQ 25"."""
        spoken = ()
        if self.number is not None and self.type_code:
            names = {PARTY_TYPE_NAMES.get(self.type_code), STATE_TYPE_NAMES.get(self.type_code)}
            spoken = tuple(sorted(f"{fold(name)} {self.number}" for name in names if name))
        return tuple(dict.fromkeys(p for p in (self.folded, self.canonical, *spoken) if p))

    @property
    def is_reference(self) -> bool:
        """Whether the query names a document (identifier, citation or partial identifier)."""
        return bool(self.identifier_key) or self.number is not None

    @property
    def is_words(self) -> bool:
        """Whether the query is matched word by word (neither a date nor a reference)."""
        return not self.is_reference and self.date is None and bool(self.units)

    def __bool__(self) -> bool:
        return len(self.folded) >= MIN_QUERY_LENGTH or self.is_reference or bool(self.date)


def parse_date(raw: str | None) -> datetime.date | None:
    """The day a query names, day first: "26/11/2021", "6.12.2016", "26-11-2021",
    "26 11 2021", "ngày 26 tháng 11 năm 2021" (also inside "Hà Nội, ngày … năm 2021");
    ``None`` when it names none or no real day.

    >>> parse_date("ngày 03 tháng 6 năm 2013")
    datetime.date(2013, 6, 3)
    """
    folded = fold(raw).strip(_EDGE_PUNCTUATION + " ")
    match = _DAY_FIRST.match(folded) or _SPELLED_DATE.search(folded)
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _strip_edges(text: str) -> str:
    return text.strip().strip(_EDGE_PUNCTUATION).strip()


def find_identifier(raw: str) -> ParsedIdentifier | None:
    """A full identifier in ``raw``: the whole text ("Số: 122- CTr/ĐUB", "84 QĐ/TWĐTN"), or the
    first word of running text that is one, without the sentence's punctuation ("theo Kết
    luận số 43-KL/TW, ..." → 43-KL/TW)."""
    text = _strip_edges(raw)
    if parsed := try_parse_identifier(text):
        return parsed
    joined = re.sub(r"\s*([-/])\s*", r"\1", text)  # "122- CTr/ĐUB" inside a sentence
    for token in joined.split():
        token = _strip_edges(token)
        has_digit = any(ch.isdigit() for ch in token)
        if has_digit and "/" in token and (parsed := try_parse_identifier(token)):
            return parsed
    return None


#: At most this many spellings of one phrase are tried ("mat tran to quoc viet nam" →
#: "mttq viet nam", "mat tran to quoc vn", "mttq vn", "mttqvn").
MAX_SPELLINGS = 12


def _spellings(words_: list[str]) -> list[str]:
    """A phrase written with some of its known parts abbreviated, as records mix them ("Ủy ban
    MTTQ Việt Nam TP Hồ Chí Minh"): at most :data:`MAX_SPELLINGS`, the phrase itself first."""
    return list(dict.fromkeys(_all_spellings(words_)))[:MAX_SPELLINGS]


def _all_spellings(words_: list[str]) -> list[str]:
    if not words_:
        return [""]
    results = []
    for size in range(len(words_), 0, -1):
        head = " ".join(words_[:size])
        if size == 1:
            forms = [head]
        elif head in EXPANSIONS:
            forms = [head, *EXPANSIONS[head]]
        else:
            continue
        rests = _all_spellings(words_[size:])
        results.extend(f"{form} {rest}".strip() for form in forms for rest in rests)
    return results


def _units(folded_words: list[str]) -> tuple[Unit, ...]:
    """Group the query's words into units, reading known full forms and abbreviations split
    by punctuation ("tp", "hcm" → tphcm) greedily, longest first."""
    units, index = [], 0
    while index < len(folded_words):
        for size in range(min(6, len(folded_words) - index), 1, -1):
            chunk = folded_words[index : index + size]
            phrase, joined = " ".join(chunk), "".join(chunk)
            if phrase in EXPANSIONS:
                spellings = _spellings(chunk)
                units.append(
                    Unit(phrase, tuple(dict.fromkeys((phrase, *EXPANSIONS[phrase], *spellings))))
                )
                break
            if joined in ABBREVIATIONS:
                units.append(Unit(joined, (joined, phrase, *ABBREVIATIONS[joined]), True))
                break
        else:
            word = folded_words[index]
            size = 1
            abbreviation = len(word) >= 2 and word.isalpha() and not is_syllable(word)
            units.append(Unit(word, (word, *ABBREVIATIONS.get(word, ())), abbreviation))
        index += size
    return tuple(units)


def interpret(raw: str | None) -> SearchQuery:
    """Read a search text: a date, a document reference, or folded words with their
    abbreviations.

    >>> interpret("NQ 25").type_code, interpret("NQ 25").number
    ('NQ', 25)
    >>> interpret("theo Kết luận số 43-KL/TW, ...").identifier_key
    '43-kl/tw'
    """
    raw = raw or ""
    folded = fold(raw)
    folded_words = words(raw)
    base = {"raw": raw, "folded": folded, "words": tuple(dict.fromkeys(folded.split()))}
    if day := parse_date(raw):
        return SearchQuery(**base, date=day)
    if parsed := find_identifier(raw):
        return SearchQuery(
            **base,
            identifier_key=parsed.key,
            number=int(parsed.number),
            type_code=parsed.type_code,
            canonical=fold(parsed.canonical),
        )
    stripped = fold(_strip_edges(raw))
    if (match := _PARTIAL_IDENTIFIER.match(stripped)) and match[2] in TYPE_CODES:
        return SearchQuery(**base, number=int(match[1]), type_code=TYPE_CODES[match[2]])
    if citation := parse_citation(_strip_edges(raw)):
        return SearchQuery(**base, number=citation.number, type_code=citation.type_code)
    units = _units(folded_words)
    compact = ""
    if units and all(unit.abbreviation for unit in units):
        compact = "".join(unit.text for unit in units)
    query_initials = ()
    if len(folded_words) >= 2:
        query_initials = tuple(i for i in initials(raw) if len(i) >= MIN_INITIALS_LENGTH)
    return SearchQuery(
        **base,
        units=units,
        compact=compact,
        expansions=ABBREVIATIONS.get(compact, ()),
        initials=query_initials,
    )
