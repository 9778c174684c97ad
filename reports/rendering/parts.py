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

import copy
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterable

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
    """Rows per part (``REPORT_PART_ROWS``); 0 renders every report in one piece."""
    return max(0, int(getattr(settings, "REPORT_PART_ROWS", 0) or 0))


def appendix_rows(data: dict) -> int:
    """Rows of all the report's appendix tables: what decides whether it renders in parts."""
    return sum(len(appendix["rows"]) for appendix in data.get("appendices", []))


def is_parted(data: dict) -> bool:
    """Whether the report is rendered in parts (and its long tables break every K rows)."""
    rows = part_rows()
    return bool(rows) and appendix_rows(data) > rows


def _parse(html: str) -> ET.Element:
    import tinyhtml5  # WeasyPrint's own HTML parser: the tree it would build

    return tinyhtml5.parse(html, namespace_html_elements=False)


def _serialise(root: ET.Element) -> str:
    return "<!doctype html>\n" + ET.tostring(root, encoding="unicode", method="html")


def _appendix_tables(body: ET.Element) -> Iterable[tuple[ET.Element, ET.Element]]:
    for section in body.iter("section"):
        if "appendix" in (section.get("class") or "").split():
            table = section.find("table")
            tbody = table.find("tbody") if table is not None else None
            if tbody is not None:
                yield section, tbody


def _mark(tbody: ET.Element, rows: int) -> None:
    for index, row in enumerate(tbody.findall("tr")):
        if index and index % rows == 0:
            row.set("class", f"{row.get('class', '')} {PART_START}".strip())


def mark_part_starts(html: str) -> str:
    """The single render's HTML with the page breaks the parts need: before every
    ``REPORT_PART_ROWS``-th row (after the first) of an appendix table longer than that."""
    rows = part_rows()
    root = _parse(html)
    for _section, tbody in _appendix_tables(root.find("body")):
        _mark(tbody, rows)
    return _serialise(root)


def split_html(html: str) -> list[str]:
    """The report's HTML (as :func:`reports.rendering.pdf.build_html` makes it) cut into the
    HTML documents of its parts, in order."""
    rows = part_rows()
    root = _parse(html)
    body = root.find("body")
    children = list(body)
    first_appendix = next(
        (i for i, el in enumerate(children) if "appendix" in (el.get("class") or "").split()),
        len(children),
    )
    pieces: list[list[ET.Element]] = [children[:first_appendix]]
    for section in children[first_appendix:]:
        table = section.find("table")
        tbody = table.find("tbody") if table is not None else None
        table_rows = tbody.findall("tr") if tbody is not None else []
        if len(table_rows) <= rows:
            pieces.append([section])
            continue
        for start in range(0, len(table_rows), rows):
            chunk = copy.deepcopy(section) if start else copy.copy(section)
            if start:
                # A continuation: the table (with its header row) without the heading.
                for element in list(chunk):
                    if element.tag != "table":
                        chunk.remove(element)
            chunk_table = chunk.find("table")
            chunk_body = chunk_table.find("tbody")
            if not start:
                chunk_table = copy.copy(chunk_table)
                chunk[list(chunk).index(chunk.find("table"))] = chunk_table
                chunk_body = copy.copy(chunk_body)
                chunk_table[list(chunk_table).index(chunk_table.find("tbody"))] = chunk_body
            for row in list(chunk_body):
                chunk_body.remove(row)
            chunk_body.extend(table_rows[start : start + rows])
            pieces.append([chunk])
    documents = []
    for piece in pieces:
        part_root = copy.copy(root)
        part_body = copy.copy(body)
        part_root[list(root).index(body)] = part_body
        part_body[:] = piece
        documents.append(_serialise(part_root))
    return documents


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


def merge_parts(parts: list[bytes]) -> tuple[bytes, int]:
    """One PDF/A-3u of the parts, in order, with continuous page numbers; returns it and its
    page count. Part 0's document (metadata, output intent, identifier) is kept; the others'
    pages and bookmarks are appended (a part's top-level bookmarks go under part 0's last
    top-level bookmark, the report's title, as the appendices' headings are in one render)."""
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
    numbers = pikepdf.open(io.BytesIO(number_pages(total)))
    for page, number_page in zip(merged.pages, numbers.pages, strict=True):
        if number_page.obj.get("/Contents") is not None:
            page.add_overlay(number_page)
    out = io.BytesIO()
    merged.save(out)
    return out.getvalue(), total
