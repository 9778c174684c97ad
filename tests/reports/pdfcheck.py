"""Reading a PDF the way a checker of the official form would: the words with their positions
(``pdftotext -bbox-layout``), in points from the top left corner of each page."""

import html
import re
import subprocess
from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: "Word", tolerance: float = 0.5) -> bool:
        """Whether the two boxes share more than a sliver (``tolerance`` points each way)."""
        return (
            min(self.x1, other.x1) - max(self.x0, other.x0) > tolerance
            and min(self.y1, other.y1) - max(self.y0, other.y0) > tolerance
        )


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word]

    def find(self, text: str) -> list[Word]:
        return [word for word in self.words if word.text == text]

    def text(self) -> str:
        return " ".join(word.text for word in self.words)


def pages(pdf: bytes, tmp_path) -> list[Page]:
    path = tmp_path / "bbox.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    result = []
    for number, match in enumerate(_PAGE.finditer(out), start=1):
        words = [
            Word(html.unescape(m[5]), float(m[1]), float(m[2]), float(m[3]), float(m[4]))
            for m in _WORD.finditer(match[3])
        ]
        result.append(Page(number, float(match[1]), float(match[2]), words))
    return result


def overlapping_words(page: Page) -> list[tuple[Word, Word]]:
    """Pairs of words on ``page`` whose boxes overlap: one printed over the other."""
    words = sorted(page.words, key=lambda w: (w.y0, w.x0))
    pairs = []
    for i, word in enumerate(words):
        for other in words[i + 1 :]:
            if other.y0 > word.y1:
                break
            if word.overlaps(other):
                pairs.append((word, other))
    return pairs


def metadata(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdfinfo", "-enc", "UTF-8", str(path)], capture_output=True, check=True, text=True
    ).stdout
