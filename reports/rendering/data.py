"""Plain report data: canonical JSON, the fingerprint, NFC.

Everything the PDF prints comes from plain dictionaries (display-ready strings and numbers, in a
fixed order: :mod:`.review`), so the same rows give the same report, and the report's fingerprint
is the SHA-256 of their canonical JSON. The time of generation is kept out of them on purpose.
"""

import hashlib
import json
import unicodedata
from typing import Any


def canonical_json(data: Any) -> str:
    """JSON with sorted keys and no spacing: equal data gives equal text."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fingerprint(data: Any) -> str:
    """SHA-256 (hex) of the canonical JSON of ``data``."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def nfc(value: Any) -> Any:
    """``value`` with every string in NFC, so the PDF's text extracts composed."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {key: nfc(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [nfc(item) for item in value]
    return value
