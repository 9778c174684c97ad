"""Vietnamese sort order on both databases.

PostgreSQL gets an ICU collation named ``vietnamese`` (locale ``vi-VN``), created by
``core/migrations/0001``; SQLite gets a Python collation of the same name on every connection.
Querysets sort with ``Collate("name", "vietnamese")`` (see :data:`VIETNAMESE`), which works on
both. The Python key follows the Vietnamese alphabet (a ă â b c d đ e ê … o ô ơ … u ư …), then
tone (none, huyền, hỏi, ngã, sắc, nặng), then case, matching ICU's order for names and titles.
"""

import unicodedata

from django.db.models.functions import Collate

VIETNAMESE = "vietnamese"

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
# Vowel-quality marks make a new letter (ă â ê ô ơ ư); tone marks only break ties.
_QUALITY = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_WITH_QUALITY = {
    ("a", "breve"): "ă",
    ("a", "circumflex"): "â",
    ("e", "circumflex"): "ê",
    ("o", "circumflex"): "ô",
    ("o", "horn"): "ơ",
    ("u", "horn"): "ư",
}


def _letters(text: str):
    """Yield (base letter, tone rank, is upper) for each character of ``text``."""
    for char in unicodedata.normalize("NFC", text.replace("\u00d0", "Đ").replace("\u00f0", "đ")):
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        lower = base.lower()
        quality = next((_QUALITY[m] for m in marks if m in _QUALITY), None)
        if quality:
            lower = _WITH_QUALITY.get((lower, quality), lower)
        tone = next((_TONE_RANK[m] for m in marks if m in _TONE_RANK), 0)
        yield lower, tone, base.isupper()


def sort_key(text: str | None) -> tuple:
    """A key that sorts Vietnamese text in dictionary order: letters, then tones, then case."""
    letters = list(_letters(text or ""))
    primary = tuple(
        (0, _LETTER_RANK[letter]) if letter in _LETTER_RANK else (1, ord(letter))
        for letter, _tone, _upper in letters
        if not letter.isspace() and letter not in "-–,.;:()\"'"
    )
    secondary = tuple(tone for _letter, tone, _upper in letters)
    tertiary = tuple(0 if not upper else 1 for _letter, _tone, upper in letters)
    return primary, secondary, tertiary


def _compare(left: str, right: str) -> int:
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """Register the ``vietnamese`` collation on each new SQLite connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(VIETNAMESE, _compare)


def vietnamese(field: str) -> Collate:
    """``field`` under the Vietnamese collation, for ``order_by()`` and ``Meta.ordering``."""
    return Collate(field, VIETNAMESE)
