"""Rendering a large report in parts that several workers lay out at once (docs/reports.md,
"Reports past one machine").

WeasyPrint's layout is the cost of a report (~8 ms an appendix row) and its memory grows with the
pages it holds, so a report whose appendices have more than ``REPORT_PARTS_ABOVE_ROWS`` rows is cut
into *parts*, each an HTML document of its own: the front matter with the short appendices, then
each long appendix table in chunks (the heading only on the first chunk; the table's header row on
each, as on every page). A long table is cut into equal chunks, as many as a multiple of the
processes that render parts (``REPORT_PART_WORKERS``) and none longer than ``REPORT_PART_ROWS``
(the memory a part may take): :func:`part_sizes`. Few big parts rather than many small ones, since
each part pays a fixed cost (its stylesheet and fonts, its PDF).

Why the parts give the same text as one render: every appendix starts on a new page in the
single render (``break-before: page``), and a chunk of rows starts on a new page too, because the
document itself breaks the page before the first row of every chunk but the first
(:func:`mark_part_starts`, applied to the single render as well). So a part's pages are exactly
the single render's pages from where it begins: a page of the single render never holds rows of
two parts. What a part cannot know is its first page number (the parts before it are laid out at
the same time), so parts are laid out without page numbers and the numbers are stamped in after
the merge: WeasyPrint lays out the same ``@page`` rules over empty pages (the page number is its
only content, in the same font, size and place) and each such page is laid over the merged page
(:func:`merge_parts`). That is no second layout of the report: empty pages cost ~4 ms each, laid
out by a task of the chord beside the parts, and only when no earlier report left enough of them:
they depend on nothing but the stylesheet, the fonts and the page count, so they are kept in
blocks of ``NUMBER_PAGES_BLOCK`` pages under a name made of what they depend on
(:func:`numbers_key`, ``reports.services``). The merge starts from part 0, which is written as
PDF/A-3u with the report's metadata, title, language and identifier; the other parts' pages and
bookmarks are appended to it.
"""

import contextlib
import functools
import hashlib
import io
import math
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
#: Laid out when a worker process starts (:func:`warm_up`): the report's kinds of boxes (the
#: header table, headings, paragraphs, an appendix's grid with its header row) in its fonts.
_WARM_UP_BODY = (
    '<div class="generation">phoihop · lập lúc</div><table class="doc-header"><tr>'
    '<td class="issuer"><div class="issuer-name">BAN DÂN VẬN</div><div class="number">Số 1</div>'
    '</td><td class="motto"><div class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>'
    '<div class="slogan"><span class="ruled">Độc lập - Tự do - Hạnh phúc</span></div></td></tr>'
    '</table><h1 class="doc-title">Báo cáo</h1><p class="doc-subtitle">Tổng kết</p>'
    '<div class="body"><h2>I. Kết quả</h2><h3>1. Nhiệm vụ</h3><p>Đã <strong>triển khai</strong> '
    "theo <em>kế hoạch</em>.</p></div>"
    '<section class="appendix"><h2 class="appendix-number">Phụ lục 1</h2><table class="grid tasks">'
    "<thead><tr><th>STT</th><th>Nhiệm vụ</th><th>Tiến độ</th></tr></thead><tbody>"
    '<tr><td class="c">1</td><td>Nhiệm vụ phối hợp vận động kiều bào</td><td class="n">70</td>'
    "</tr></tbody></table></section>"
)


#: A chunk is never cut shorter than this (unless ``REPORT_PART_ROWS`` is): a part's fixed
#: cost (~0.1 s) is ~12 rows' layout, so smaller parts would cost more than they spread.
MIN_PART_ROWS = 50


#: Page-number pages are laid out (and kept) in blocks of this many pages: small blocks, since
#: a report's first run in parts lays them out beside its parts (~4 ms a page).
NUMBER_PAGES_BLOCK = 20


def part_rows() -> int:
    """The most rows a part of a long table holds (``REPORT_PART_ROWS``: a part's memory
    grows with its pages); 0 renders every report in one piece."""
    return max(0, int(getattr(settings, "REPORT_PART_ROWS", 0) or 0))


def part_workers() -> int:
    """The processes that lay out parts at once, on all machines (``REPORT_PART_WORKERS``)."""
    return max(1, int(getattr(settings, "REPORT_PART_WORKERS", 1) or 1))


def part_sizes(rows: int, processes: int, max_rows: int, min_rows: int = MIN_PART_ROWS) -> list:
    """The rows of each chunk a table of ``rows`` rows is cut into, in order: equal chunks (the
    first ones a row longer when ``rows`` does not divide), as many as the fewest chunks of at
    most ``max_rows`` rows rounded up to a multiple of ``processes``, so every process gets the
    same share; the rounding is left out when it would make chunks shorter than ``min_rows``
    (capped at ``max_rows``). A table too short for two chunks of ``min_rows`` stays whole.

    >>> part_sizes(1000, 2, 400)
    [250, 250, 250, 250]
    """
    if rows <= 0 or max_rows <= 0:
        return [rows] if rows > 0 else []
    processes = max(1, processes)
    min_rows = max(1, min(min_rows, max_rows))
    if rows < 2 * min_rows and rows <= max_rows:
        return [rows]
    count = max(1, math.ceil(rows / max_rows))
    rounded = math.ceil(count / processes) * processes
    if rows // rounded >= min_rows:
        count = rounded
    elif count == 1:
        # Shorter than max_rows: as many chunks of at least min_rows as there are processes.
        count = max(1, min(processes, rows // min_rows))
    size, extra = divmod(rows, count)
    return [size + 1 if index < extra else size for index in range(count)]


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
    chunks): its appendices hold more than ``REPORT_PARTS_ABOVE_ROWS`` rows."""
    above = int(getattr(settings, "REPORT_PARTS_ABOVE_ROWS", 0) or 0)
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


#: What precedes the first cut table is weighed in rows of that table by its HTML's length,
#: rounded to this many rows (so that a few characters more, a longer date, move no cut).
LEAD_ROUNDING = 10


def lead_rows(before: str, tbody: str, rows: int) -> int:
    """What ``before`` (the front matter and the appendices that ride with it) weighs in rows
    of a table whose body is ``tbody`` with ``rows`` rows: its HTML's length over a row's,
    rounded to ``LEAD_ROUNDING`` rows. Layout time follows the HTML's length closely enough
    (the 1,000-task report: front matter ~7.6 KB and ~0.2 s, a row ~230 bytes and ~6.5 ms)."""
    if rows <= 0 or not tbody:
        return 0
    weight = len(before) * rows / len(tbody)
    return round(weight / LEAD_ROUNDING) * LEAD_ROUNDING


def lead_sizes(rows: int, lead: int, processes: int, max_rows: int) -> list:
    """:func:`part_sizes` for a table whose first chunk carries ``lead`` rows' worth of
    what precedes it (the front matter, laid out in the same part): the chunks of ``rows +
    lead`` rows, the first shortened by ``lead``, so that every part weighs the same. Without
    the lead when it would leave the first chunk empty.

    >>> lead_sizes(1000, 30, 2, 400)
    [228, 258, 257, 257]
    """
    if lead > 0:
        sizes = part_sizes(rows + lead, processes, max_rows)
        if len(sizes) > 1 and sizes[0] > lead:
            return [sizes[0] - lead, *sizes[1:]]
    return part_sizes(rows, processes, max_rows)


def _mark_section(section: str, sizes: list, cells: list, tbody) -> str:
    starts, start = set(), 0
    for size in sizes[:-1]:
        start += size
        starts.add(start)
    marked = "\n".join(_marked(row) if index in starts else row for index, row in enumerate(cells))
    return section[: tbody.start(2)] + marked + section[tbody.end(2) :]


def mark_part_starts(html: str) -> str:
    """The report's HTML with the page breaks the parts need, for every rendering: before the
    first row of each chunk but the first of every appendix table cut by :func:`part_sizes`.
    The first table cut shares its first part with what precedes it (:func:`split_html`), so
    its first chunk is shorter by that part's weight (:func:`lead_sizes`)."""
    processes, max_rows = part_workers(), part_rows()
    body = _BODY.search(html)
    if body is None:
        return html
    inner, out, position, lead_done = body[2], [], 0, False
    for match in _APPENDIX.finditer(inner):
        section = match[0]
        tbody = _TBODY.search(section)
        if tbody is None:
            continue
        cells = _rows(tbody[2])
        sizes = part_sizes(len(cells), processes, max_rows)
        if len(sizes) < 2:
            continue
        if not lead_done:
            lead = lead_rows(inner[: match.start()], tbody[2], len(cells))
            sizes = lead_sizes(len(cells), lead, processes, max_rows)
            lead_done = True
        out += [inner[position : match.start()], _mark_section(section, sizes, cells, tbody)]
        position = match.end()
    if not out:
        return html
    out.append(inner[position:])
    return html[: body.start(2)] + "".join(out) + html[body.end(2) :]


def _is_start(row: str) -> bool:
    return bool(re.match(rf'<tr class="{PART_START}[" ]', row))


def _chunks(section: str) -> list[str]:
    """An appendix as parts: whole, or its table in chunks cut where :func:`mark_part_starts`
    marked it, the heading on the first and the table's header row on each."""
    tbody = _TBODY.search(section)
    cells = _rows(tbody[2]) if tbody else []
    cuts = [index for index, row in enumerate(cells) if index and _is_start(row)]
    if not cuts:
        return [section]
    table = _TABLE.search(section)
    before, after = section[: tbody.start(2)], section[tbody.end(2) :]
    opening = section[: section.index(">") + 1]
    continued_before = opening + before[table.start() :]
    chunks = []
    for start, end in zip([0, *cuts], [*cuts, len(cells)], strict=True):
        chunk_rows = cells[start:end]
        if start:
            # The first row's forced break would open the part with an empty page.
            chunk_rows[0] = chunk_rows[0].replace(f'class="{PART_START}"', "", 1)
            chunk_rows[0] = chunk_rows[0].replace(f"{PART_START} ", "", 1)
        chunks.append((continued_before if start else before) + "\n".join(chunk_rows) + after)
    return chunks


def split_html(html: str) -> list[str]:
    """The report's HTML (as :func:`reports.rendering.pdf.build_html` makes it: marked) cut
    into the HTML documents of its parts, in order: the front matter (everything before the
    first appendix) with the appendices that are not cut after it and the first chunk of the
    first cut appendix (shortened to balance, :func:`mark_part_starts`), then the other chunks
    of a cut appendix, the uncut appendices after it together, and so on. An appendix starts on
    a new page, so uncut ones and a first chunk ride along with what precedes them: one part's
    fixed cost, not one each, and parts of equal weight."""
    body = _BODY.search(html)
    head, inner, tail = html[: body.end(1)], body[2], html[body.start(3) :]
    sections = list(_APPENDIX.finditer(inner))
    front_end = sections[0].start() if sections else len(inner)
    pieces = [inner[:front_end]]
    joinable = True  # the last piece is the front matter or an uncut appendix
    first_cut = True
    for section in sections:
        chunks = _chunks(section[0])
        if len(chunks) == 1 and joinable:
            pieces[-1] += chunks[0]
            continue
        if first_cut and len(chunks) > 1 and len(pieces) == 1:
            pieces[-1] += chunks.pop(0)  # the front matter's part: its first chunk is shorter
        first_cut = first_cut and len(chunks) == 1
        pieces.extend(chunks)
        joinable = len(chunks) == 1
    return [head + piece + tail for piece in pieces]


@functools.cache
def _fonts():
    """This process's font configuration, made once and kept for every part it lays out: the
    system fonts are scanned and the report's ``@font-face`` fonts registered once per worker
    process, not once per part (WeasyPrint skips a face it has already registered). Saves
    ~0.05-0.1 s a part (docs/benchmarks.md)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.cache
def _user_sheet(css: str):
    """A user stylesheet parsed once per process, against the shared fonts."""
    from weasyprint import CSS

    return CSS(string=css, font_config=_fonts())


def render_part(html: str, *, pdf_identifier: bytes, archival: bool) -> tuple[bytes, int]:
    """Lay out one part without page numbers; returns the PDF and its page count. Part 0 is
    written as PDF/A-3u (its metadata becomes the merged file's)."""
    from weasyprint import HTML

    from .fetcher import StaticOnlyURLFetcher
    from .pdf import PDF_VARIANT, static_dir

    fetcher = StaticOnlyURLFetcher(static_dir())
    document = HTML(string=html, base_url=fetcher.base_url(), url_fetcher=fetcher).render(
        stylesheets=[_user_sheet(NO_PAGE_NUMBERS)], font_config=_fonts()
    )
    options = {"pdf_identifier": pdf_identifier}
    if archival:
        options |= {"pdf_variant": PDF_VARIANT, "custom_metadata": True}
    return document.write_pdf(**options), len(document.pages)


@functools.cache
def numbers_key() -> str:
    """What the page-number pages depend on, as a short hash: the report's stylesheet, the
    shipped fonts, the markup and CSS of the empty pages and WeasyPrint's version. Kept pages
    made under another key are never used."""
    import weasyprint

    from .pdf import static_dir

    markup = f"{weasyprint.__version__}\n{_NUMBER_PAGES}\n{_EMPTY_PAGE_CSS}"
    digest = hashlib.sha256(markup.encode())
    static = static_dir()
    for path in [static / "reports" / "review.css", *sorted((static / "fonts").glob("*.ttf"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def numbers_count(pages: int) -> int:
    """The page-number pages laid out for ``pages`` pages: whole blocks, so that they serve
    the reports of about that size that follow."""
    blocks = max(1, math.ceil(pages / NUMBER_PAGES_BLOCK))
    return blocks * NUMBER_PAGES_BLOCK


def number_pages(count: int) -> bytes:
    """``count`` empty pages under the report's @page rules: the page numbers alone."""
    from weasyprint import HTML

    from .fetcher import StaticOnlyURLFetcher
    from .pdf import static_dir

    fetcher = StaticOnlyURLFetcher(static_dir())
    html = _NUMBER_PAGES % ("<div></div>" * count)
    document = HTML(string=html, base_url=fetcher.base_url(), url_fetcher=fetcher).render(
        stylesheets=[_user_sheet(_EMPTY_PAGE_CSS)], font_config=_fonts()
    )
    if len(document.pages) != count:
        raise ValueError(f"page-number pages: {len(document.pages)} laid out, {count} wanted")
    return document.write_pdf()


def warm_up() -> None:
    """Make once, when a worker process starts (Celery's ``worker_process_init``,
    ``reports.tasks``), what every report it renders needs: the report templates compiled, the
    fonts scanned and registered, the user stylesheets parsed and one page laid out and written
    (a process's first layout loads the font faces into Pango and WeasyPrint's lazily imported
    code). A report's first part in a fresh process then costs what its later parts cost. Kept
    light (~0.2-0.4 s): Celery gives a new pool process a few seconds to report for work."""
    from django.template.loader import get_template

    from .pdf import TEMPLATES

    for template in TEMPLATES.values():
        get_template(template)
    numbers_key()
    number_pages(1)  # the page-number stylesheet
    render_part(_NUMBER_PAGES % _WARM_UP_BODY, pdf_identifier=b"0" * 32, archival=True)


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


def merge_parts(parts: list[bytes], numbers=None) -> tuple[bytes, int]:
    """One PDF/A-3u of the parts, in order, with continuous page numbers; returns it and its
    page count. ``numbers`` are page-number pages laid out beforehand (:func:`number_pages`, at
    least as many as the pages; laid out here otherwise), or a function that gives them (or
    None) for the page count. Part 0's document (metadata, output
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
    if callable(numbers):
        numbers = numbers(total)
    numbered = None
    if numbers:
        # Kept pages being replaced by another job's task can be read half written.
        with contextlib.suppress(pikepdf.PdfError):
            numbered = pikepdf.open(io.BytesIO(numbers))
    if numbered is None or len(numbered.pages) < total:
        numbered = pikepdf.open(io.BytesIO(number_pages(total)))
    for page, number_page in zip(merged.pages, numbered.pages[:total], strict=True):
        if number_page.obj.get("/Contents") is not None:
            page.add_overlay(number_page)
    out = io.BytesIO()
    merged.save(out)
    return out.getvalue(), total
