"""Turning report data into a PDF/A-3u document with WeasyPrint.

The HTML comes from ``templates/reports/pdf/`` with autoescaping on (user text never becomes
markup), is laid out with the print CSS in ``static/reports/`` and the fonts shipped in
``static/fonts/``, and every resource goes through :class:`StaticOnlyURLFetcher`. Progress is
read from WeasyPrint's ``weasyprint.progress`` logger (one line a page during layout).
"""

import datetime
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .data import fingerprint
from .fetcher import StaticOnlyURLFetcher
from .parts import is_parted, mark_part_starts

#: The archival variant: PDF/A-3u keeps Unicode text extractable (docs/reports.md).
PDF_VARIANT = "pdf/a-3u"
#: Rough appendix rows a page holds, to turn "page n" into a percentage.
ROWS_PER_PAGE = 14
TEMPLATES = {"review": "reports/pdf/review.html"}

ProgressCallback = Callable[[int], None]

_PAGE_LINE = re.compile(r"Creating layout - Page (\d+)")
_progress_logger = logging.getLogger("weasyprint.progress")


def static_dir() -> Path:
    """The project's own static directory: the only place reports may read files from."""
    return Path(settings.BASE_DIR) / "static"


@dataclass(frozen=True)
class RenderedReport:
    pdf: bytes
    fingerprint: str
    pages: int
    title: str
    refused_urls: tuple[str, ...]


class _LayoutProgress(logging.Handler):
    """Maps WeasyPrint's "Creating layout - Page n" lines of this thread to a percentage."""

    def __init__(self, callback: ProgressCallback, expected_pages: int, low: int, high: int):
        super().__init__(level=logging.INFO)
        self.callback, self.expected, self.low, self.high = callback, expected_pages, low, high
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if threading.get_ident() != self.thread:
            return
        match = _PAGE_LINE.search(record.getMessage())
        if match:
            share = min(int(match.group(1)) / self.expected, 1.0)
            self.callback(self.low + round(share * (self.high - self.low)))


def build_html(data: dict, *, generated_at: datetime.datetime, fingerprint_hex: str) -> str:
    """The report's HTML (autoescaped) from its data."""
    local = timezone.localtime(generated_at)
    context = {
        "data": data,
        "fingerprint": fingerprint_hex,
        "generated_at": local,
        "generated_label": f"{local:%H:%M} ngày {local:%d/%m/%Y}",
        "generated_iso": local.isoformat(timespec="seconds"),
        "doc_title": f"{data['title'].capitalize()} {data['subtitle'][:1].lower()}"
        f"{data['subtitle'][1:]}",
        "author": ", ".join(data.get("issuers") or data["header"]["issuers"]) or "phoihop",
    }
    html = render_to_string(TEMPLATES[data["report"]], context)
    if is_parted(data):
        # The page breaks where the parts meet, in every rendering (reports.rendering.parts).
        html = mark_part_starts(html)
    return html


def render_pdf(
    data: dict,
    *,
    generated_at: datetime.datetime,
    on_progress: ProgressCallback | None = None,
) -> RenderedReport:
    """Lay out ``data`` as a PDF/A-3u document. ``on_progress`` gets percentages from 10 to 95
    as rendering proceeds (called from this thread only)."""
    from weasyprint import HTML  # ~0.8 s to import: only where a report is rendered

    report = on_progress or (lambda percent: None)
    digest = fingerprint(data)
    html = build_html(data, generated_at=generated_at, fingerprint_hex=digest)
    report(10)
    fetcher = StaticOnlyURLFetcher(static_dir())
    rows = sum(len(appendix["rows"]) for appendix in data.get("appendices", []))
    expected = max(1, 3 + rows // ROWS_PER_PAGE)
    handler = _LayoutProgress(report, expected, low=15, high=85)
    previous = _progress_logger.level, _progress_logger.propagate
    _progress_logger.setLevel(logging.INFO)
    _progress_logger.propagate = False  # progress lines feed the job, not the console
    _progress_logger.addHandler(handler)
    try:
        document = HTML(string=html, base_url=fetcher.base_url(), url_fetcher=fetcher).render()
        report(88)
        pdf = document.write_pdf(
            pdf_variant=PDF_VARIANT,
            pdf_identifier=digest[:32].encode("ascii"),
            custom_metadata=True,
        )
    finally:
        _progress_logger.removeHandler(handler)
        _progress_logger.setLevel(previous[0])
        _progress_logger.propagate = previous[1]
    report(95)
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    return RenderedReport(
        pdf=pdf,
        fingerprint=digest,
        pages=len(document.pages),
        title=title.group(1).strip() if title else "",
        refused_urls=tuple(fetcher.refused),
    )
