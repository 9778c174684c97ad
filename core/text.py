"""Normalising and folding Vietnamese text (docs/vietnamese.md).

Stored text is NFC with the look-alike ``Ð`` (U+00D0) and ``ð`` (U+00F0) replaced by ``Đ``/``đ``
and whitespace collapsed. Search and duplicate detection use a *folded* key: no diacritics, no
case, ``đ`` mapped to ``d``, so "ban dan van", "BAN DÂN VẬN" and the NFD form of "Ban Dân vận" are
the same key, and old and new tone placement (``Ủy``/``Uỷ``) fold alike.
"""

import re
import unicodedata

_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_FOLD_EXTRA = str.maketrans({"\u0110": "d", "\u0111": "d", "\u00d0": "d", "\u00f0": "d"})
_SPACES = re.compile(r"[^\S\n]+")
_ANY_SPACE = re.compile(r"\s+")
_DASHES = str.maketrans(
    {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"}
)


def normalize_text(value: str | None, *, multiline: bool = False) -> str:
    """Return ``value`` as stored text: NFC, ``Ð``→``Đ``, whitespace collapsed and trimmed.

    With ``multiline`` line breaks survive (runs of spaces inside a line still collapse), for
    notes and conclusions; otherwise every run of whitespace becomes one space.
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value.translate(_LOOKALIKES)).replace("\r\n", "\n")
    if multiline:
        lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return _ANY_SPACE.sub(" ", text).strip()


def fold(value: str | None) -> str:
    """Return the folded search key of ``value``: lower case, no diacritics, ``đ``→``d``.

    Agrees with PostgreSQL's ``lower(unaccent(x))`` on all Vietnamese letters.
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.translate(_FOLD_EXTRA).translate(_DASHES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _ANY_SPACE.sub(" ", stripped.casefold()).strip()


def fold_many(*values: str | None) -> str:
    """Fold and join several values into one search key (the parts separated by `` | ``)."""
    return " | ".join(part for part in (fold(v) for v in values) if part)
