"""Rendering a large report in parts that several workers lay out at once (docs/reports.md,
"Reports past one machine").

WeasyPrint's layout is the cost of a report (~30 ms an appendix row) and its memory grows with the
pages it holds, so a report whose appendices have more than ``REPORT_PART_ROWS`` rows is cut into
*parts*, each an HTML document of its own: the front matter (header, narrative, signatures), then
each appendix, and an appendix table longer than ``REPORT_PART_ROWS`` rows in chunks of that many
rows (the heading only on the first chunk; the table's header row on each, as on every page).

Why the parts give the same text as one render: every appendix starts on a new page in the
single render (``break-before: page``), and a chunk of rows starts on a new page too, because the
document itself breaks the page before row ``REPORT_PART_ROWS + 1``, ``2 × REPORT_PART_ROWS + 1``…
of such a table (:func:`mark_part_starts`, applied to the single render as well). So a part's
pages are exactly the single render's pages from where it begins: a page of the single render
never holds rows of two parts. What a part cannot know is its first page number (the parts before
it are laid out at the same time), so parts are laid out without page numbers and the numbers are
stamped in after the merge: WeasyPrint lays out the same ``@page`` rules over empty pages (the
page number is its only content, in the same font, size and place) and each such page is laid
over the merged page (:func:`merge_parts`). The merge starts from part 0, which is written as
PDF/A-3u with the report's metadata, title, language and identifier; the other parts' pages and
bookmarks are appended to it.
"""

import io
import re

from django.conf import settings

#: Marks a row that starts a part: the page breaks before it in every rendering.
PART_START = "part-start"
#: Laid over each part: no page numbers in the parts (they are stamped in after the merge).
NO_PAGE_NUMBERS = "@page { @top-center { content: none !important; } }"  # a user sheet
#: The page-number pages: empty pages with the report's @page rules.
_NUMBER_PAGES = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>-</title>'
    '<link rel="stylesheet" href="reports/review.css"></head><body>%s</body></html>'
)
_EMPTY_PAGE_CSS = "body > div + div { break-before: page !important; }"


def part_rows() -> int:
    """Rows per part of a long table (``REPORT_PART_ROWS``); 0 renders every report in one
    piece."""
    return max(0, int(getattr(settings, "REPORT_PART_ROWS", 0) or 0))


def pages_estimate(data: dict, parts: int) -> int:
    """More pages than the report will have, as a rule (a row is never under a tenth of a
    page's height; each part can end on a short page): how many page numbers to lay out
    before the parts are done. The merge lays out more when it falls short."""
    return 4 + appendix_rows(data) // 10 + parts


def appendix_rows(data: dict) -> int:
    """Rows of all the report's appendix tables: what decides whether it renders in parts."""
    return sum(len(appendix["rows"]) for appendix in data.get("appendices", []))


def is_parted(data: dict) -> bool:
    """Whether the report is rendered in parts (and its long tables break every
    ``REPORT_PART_ROWS`` rows): its appendices hold more than ``REPORT_PARTS_ABOVE_ROWS`` rows."""
    above = max(part_rows(), int(getattr(settings, "REPORT_PARTS_ABOVE_ROWS", 0) or 0))
    return bool(part_rows()) and appendix_rows(data) > above


# The template's own markup (reports/pdf/review.html). User text is autoescaped, so it never
# holds a "<" of its own: these patterns only ever meet the template's tags.
_BODY = re.compile(r"(<body\b[^>]*>)(.*)(</body>)", re.S)
_APPENDIX = re.compile(r'<section class="appendix">.*?</section>', re.S)
_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_TBODY = re.compile(r"(<tbody>)(.*?)(</tbody>)", re.S)
_ROW = re.compile(r"<tr\b.*?</tr>", re.S)


def _rows(tbody: str) -> list[str]:
    return _ROW.findall(tbody)


def _marked(row: str) -> str:
    if row.startswith('<tr class="'):
        return row.replace('<tr class="', f'<tr class="{PART_START} ', 1)
    return row.replace("<tr", f'<tr class="{PART_START}"', 1)


def _mark_section(section: str, rows: int) -> str:
    tbody = _TBODY.search(section)
    if tbody is None:
        return section
    cells = _rows(tbody[2])
    if len(cells) <= rows:
        return section
    marked = "\n".join(
        _marked(row) if index and index % rows == 0 else row for index, row in enumerate(cells)
    )
    return section[: tbody.start(2)] + marked + section[tbody.end(2) :]


def mark_part_starts(html: str) -> str:
    """The report's HTML with the page breaks the parts need, for every rendering: before every
    ``REPORT_PART_ROWS``-th row (after the first) of an appendix table longer than that."""
    rows = part_rows()
    return _APPENDIX.sub(lambda match: _mark_section(match[0], rows), html)


def _chunks(section: str, rows: int) -> list[str]:
    """An appendix as parts: whole, or its table in chunks of ``rows`` rows, the heading on
    the first and the table's header row on each."""
    tbody = _TBODY.search(section)
    cells = _rows(tbody[2]) if tbody else []
    if len(cells) <= rows:
        return [section]
    table = _TABLE.search(section)
    before, after = section[: tbody.start(2)], section[tbody.end(2) :]
    opening = section[: section.index(">") + 1]
    continued_before = opening + before[table.start() :]
    chunks = []
    for start in range(0, len(cells), rows):
        chunk_rows = cells[start : start + rows]
        if start:
            # The first row's forced break would open the part with an empty page.
            chunk_rows[0] = chunk_rows[0].replace(f'class="{PART_START}"', "", 1)
            chunk_rows[0] = chunk_rows[0].replace(f"{PART_START} ", "", 1)
        chunks.append((continued_before if start else before) + "\n".join(chunk_rows) + after)
    return chunks


def split_html(html: str) -> list[str]:
    """The report's HTML (as :func:`reports.rendering.pdf.build_html` makes it: marked) cut
    into the HTML documents of its parts, in order: the front matter (everything before the
    first appendix), then each appendix or chunk of one."""
    rows = part_rows()
    body = _BODY.search(html)
    head, inner, tail = html[: body.end(1)], body[2], html[body.start(3) :]
    sections = list(_APPENDIX.finditer(inner))
    front_end = sections[0].start() if sections else len(inner)
    pieces = [inner[:front_end]]
    for section in sections:
        pieces.extend(_chunks(section[0], rows))
    return [head + piece + tail for piece in pieces]


def render_part(html: str, *, pdf_identifier: bytes, archival: bool) -> tuple[bytes, int]:
    """Lay out one part without page numbers; returns the PDF and its page count. Part 0 is
    written as PDF/A-3u (its metadata becomes the merged file's)."""
    from weasyprint import CSS, HTML

    from .fetcher import StaticOnlyURLFetcher
    from .pdf import PDF_VARIANT, static_dir

    fetcher = StaticOnlyURLFetcher(static_dir())
    document = HTML(string=html, base_url=fetcher.base_url(), url_fetcher=fetcher).render(
        stylesheets=[CSS(string=NO_PAGE_NUMBERS)]
    )
    options = {"pdf_identifier": pdf_identifier}
    if archival:
        options |= {"pdf_variant": PDF_VARIANT, "custom_metadata": True}
    return document.write_pdf(**options), len(document.pages)


def number_pages(count: int) -> bytes:
    """``count`` empty pages under the report's @page rules: the page numbers alone."""
    from weasyprint import CSS, HTML

    from .fetcher import StaticOnlyURLFetcher
    from .pdf import static_dir

    fetcher = StaticOnlyURLFetcher(static_dir())
    html = _NUMBER_PAGES % ("<div></div>" * count)
    document = HTML(string=html, base_url=fetcher.base_url(), url_fetcher=fetcher).render(
        stylesheets=[CSS(string=_EMPTY_PAGE_CSS)]
    )
    if len(document.pages) != count:
        raise ValueError(f"page-number pages: {len(document.pages)} laid out, {count} wanted")
    return document.write_pdf()


def _copy_outline(items, offset: int, pdf, into: list, pages_of_part) -> None:
    import pikepdf

    for item in items:
        page = 0
        destination = item.destination
        if isinstance(destination, pikepdf.Array) and len(destination):
            target = destination[0].objgen
            page = next((i for i, objgen in enumerate(pages_of_part) if objgen == target), 0)
        copied = pikepdf.OutlineItem(item.title, page + offset)
        _copy_outline(item.children, offset, pdf, copied.children, pages_of_part)
        into.append(copied)


def merge_parts(parts: list[bytes], numbers: bytes | None = None) -> tuple[bytes, int]:
    """One PDF/A-3u of the parts, in order, with continuous page numbers; returns it and its
    page count. ``numbers`` are page-number pages laid out beforehand (:func:`number_pages`, at
    least as many as the pages; laid out here otherwise). Part 0's document (metadata, output
    intent, identifier) is kept; the others' pages and bookmarks are appended (a part's
    top-level bookmarks go under part 0's last top-level bookmark, the report's title, as the
    appendices' headings are in one render)."""
    import pikepdf

    merged = pikepdf.open(io.BytesIO(parts[0]))
    sources = []
    with merged.open_outline() as outline:
        root = outline.root
        for data in parts[1:]:
            part = pikepdf.open(io.BytesIO(data))
            sources.append(part)  # pages are copied from it lazily: open until saved
            offset = len(merged.pages)
            with part.open_outline() as part_outline:
                pages_of_part = [page.obj.objgen for page in part.pages]
                into = root[-1].children if root else root
                _copy_outline(part_outline.root, offset, merged, into, pages_of_part)
            merged.pages.extend(part.pages)
    total = len(merged.pages)
    numbered = pikepdf.open(io.BytesIO(numbers)) if numbers else None
    if numbered is None or len(numbered.pages) < total:
        numbered = pikepdf.open(io.BytesIO(number_pages(total)))
    for page, number_page in zip(merged.pages, numbered.pages[:total], strict=True):
        if number_page.obj.get("/Contents") is not None:
            page.add_overlay(number_page)
    out = io.BytesIO()
    merged.save(out)
    return out.getvalue(), total
