"""Charts as server-rendered SVG: no script, no inline style, nothing from a CDN.

Each function returns a :class:`Chart`: the SVG markup (safe to put in a page or a PDF: every
text is escaped) and the figures as rows, for the table drawn beside it for screen readers and
for anyone who wants the numbers. The SVG scales to its container (``viewBox``, ``width`` 100 %
through the ``ph-chart`` class in ``static/css/app.css``); the drawing is sized so that its text
stays readable on a 390 px wide phone (labels sit above their bars rather than beside them).
Colours come from CSS classes (``ph-chart-<name>``) with presentation attributes as the
fallback where no stylesheet applies (WeasyPrint reads ``fill=``; it reads the print CSS too).

Used by the program page and the home page (``programs.charts``) and the review report PDF.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 400
#: Fill colour of each series class, for renderers without the stylesheet.
COLOURS = {
    "on_time": "#198754",
    "late": "#fd7e14",
    "done_undated": "#20c997",
    "within": "#0d6efd",
    "overdue": "#dc3545",
    "cancelled": "#adb5bd",
    "draft": "#6c757d",
    "in_force": "#0d6efd",
    "completed": "#198754",
    "terminated": "#adb5bd",
    "line": "#0d6efd",
    "bar": "#0d6efd",
}


@dataclass
class Chart:
    """An SVG chart (``svg``) with its figures as table ``rows`` under ``headers``."""

    svg: SafeString
    title: str
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)

    def __str__(self) -> str:
        return self.svg

    def __html__(self) -> str:
        return self.svg

    @property
    def empty(self) -> bool:
        return not self.rows

    def table_body(self) -> SafeString:
        """The ``<tr>`` rows of the figures' table, each cell localised and escaped as
        ``{{ cell }}`` in a template would be: a program's progress chart has a row per month
        (180 over 15 years) and a template loop of loops cost more than the rest of its table."""
        return mark_safe(
            "".join(
                "<tr>"
                + "".join(f"<td>{conditional_escape(localize(cell))}</td>" for cell in row)
                + "</tr>"
                for row in self.rows
            )
        )


def _open(kind: str, height: int, title: str, desc: str, content: object) -> str:
    # The ids come from the content, so the same figures draw the same SVG (the review
    # report's fingerprint covers it).
    digest = hashlib.sha1(repr((kind, str(title), content)).encode(), usedforsecurity=False)
    uid = f"ph-chart-{digest.hexdigest()[:10]}"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="ph-chart ph-chart-{}" '
        'viewBox="0 0 {} {}" width="100%" role="img" aria-labelledby="{}-t {}-d" '
        'preserveAspectRatio="xMinYMin meet" data-chart="{}">'
        '<title id="{}-t">{}</title><desc id="{}-d">{}</desc>',
        kind,
        WIDTH,
        height,
        uid,
        uid,
        kind,
        uid,
        title,
        uid,
        desc,
    )


def _fill(name: str) -> str:
    return COLOURS.get(name, COLOURS["bar"])


def _truncate(text: str, limit: int = 48) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(
    rows: list[tuple[str, int, str]],
    *,
    title: str,
    desc: str = "",
    value_header: str = "",
    label_header: str = "",
    links: list[str] | None = None,
) -> Chart:
    """Horizontal bars, one per ``(label, value, series class)``, the longest bar the largest
    value; each label above its bar, the value at its end. ``links`` (one URL or "" per row)
    make the labels links."""
    row_height = 44
    height = max(row_height * len(rows) + 8, 48)
    top = max((value for _label, value, _klass in rows), default=0) or 1
    parts = [_open("bar", height, title, desc or title, rows)]
    for n, (label, value, klass) in enumerate(rows):
        y = 4 + n * row_height
        width = round((WIDTH - 48) * value / top) if value else 0
        text = format_html(
            '<text class="ph-chart-label" x="0" y="{}" font-size="15" fill="#212529">{}</text>',
            y + 14,
            _truncate(label),
        )
        url = links[n] if links else ""
        if url:
            text = format_html('<a href="{}">{}</a>', url, text)
        parts.append(text)
        parts.append(
            format_html(
                '<rect class="ph-chart-bar ph-chart-{}" x="0" y="{}" width="{}" height="14" '
                'rx="2" fill="{}" data-value="{}"></rect>'
                '<text class="ph-chart-value" x="{}" y="{}" font-size="15" fill="#212529">{}'
                "</text>",
                klass,
                y + 21,
                max(width, 1 if value else 0),
                _fill(klass),
                value,
                width + 6,
                y + 33,
                value,
            )
        )
    parts.append("</svg>")
    return Chart(
        mark_safe("".join(parts)),
        title,
        [label_header, value_header],
        [[label, value] for label, value, _klass in rows],
    )


def line_chart(
    points: list[tuple[datetime.date, int]],
    *,
    title: str,
    desc: str = "",
    date_header: str = "",
    value_header: str = "",
) -> Chart:
    """A line of per-cent values over time (0-100 % on the vertical axis), one dot per point,
    the first and last dates under the axis."""
    height, left, right, top, bottom = 220, 36, 12, 10, 30
    inner_w, inner_h = WIDTH - left - right, height - top - bottom
    parts = [_open("line", height, title, desc or title, points)]
    for value in (0, 50, 100):
        y = top + inner_h - inner_h * value / 100
        parts.append(
            format_html(
                '<line class="ph-chart-grid" x1="{}" x2="{}" y1="{}" y2="{}" stroke="#dee2e6">'
                "</line>"
                '<text class="ph-chart-axis" x="{}" y="{}" font-size="12" text-anchor="end" '
                'fill="#6c757d">{}%</text>',
                left,
                WIDTH - right,
                round(y, 1),
                round(y, 1),
                left - 4,
                round(y + 4, 1),
                value,
            )
        )
    if points:
        first, last = points[0][0], points[-1][0]
        span = (last - first).days or 1
        coords = [
            (
                round(left + (inner_w * (day - first).days / span if len(points) > 1 else 0), 1),
                round(top + inner_h - inner_h * value / 100, 1),
            )
            for day, value in points
        ]
        parts.append(
            format_html(
                '<polyline class="ph-chart-line" fill="none" stroke="{}" stroke-width="2" '
                'points="{}"></polyline>',
                COLOURS["line"],
                " ".join(f"{x},{y}" for x, y in coords),
            )
        )
        # One f-string per point, not format_html (a program of 15 years has 180 points):
        # the coordinates are numbers, the colour a constant and the dates digits, nothing to
        # escape; the SVG is the same byte for byte (the review report's fingerprint covers it).
        colour = COLOURS["line"]
        parts.extend(
            f'<circle class="ph-chart-point" cx="{x}" cy="{y}" r="3" fill="{colour}">'
            f"<title>{day:%d/%m/%Y}: {value}%</title></circle>"
            for (x, y), (day, value) in zip(coords, points, strict=True)
        )
        for x, day, anchor in ((left, first, "start"), (WIDTH - right, last, "end")):
            parts.append(
                format_html(
                    '<text class="ph-chart-axis" x="{}" y="{}" font-size="12" '
                    'text-anchor="{}" fill="#6c757d">{}</text>',
                    x,
                    height - 8,
                    anchor,
                    f"{day:%m/%Y}",
                )
            )
    parts.append("</svg>")
    return Chart(
        mark_safe("".join(parts)),
        title,
        [date_header, value_header],
        [[f"{day:%d/%m/%Y}", f"{value}%"] for day, value in points],
    )


@dataclass
class Span:
    """A row of :func:`timeline_chart`: a label, the years it covers (either may be unknown),
    its series class, a link and a note printed after the label (its progress)."""

    label: str
    start: int | None
    end: int | None
    klass: str = "in_force"
    url: str = ""
    note: str = ""


def timeline_chart(
    spans: list[Span], *, today: datetime.date, title: str, desc: str = "", headers=()
) -> Chart:
    """Spans of years on one time axis (a Gantt chart): each row's label above its bar, the
    years from the earliest start to the latest end ticked, today marked with a line."""
    years = [y for span in spans for y in (span.start, span.end) if y]
    low = min([*years, today.year]) if years else today.year
    high = max([*years, today.year]) if years else today.year
    row_height, axis = 44, 22
    height = row_height * len(spans) + axis + 8
    per_year = WIDTH / (high - low + 1)

    def x_of(year: float) -> float:
        return round((year - low) * per_year, 1)

    parts = [_open("timeline", height, title, desc or title, spans)]
    step = max(1, round((high - low + 1) / 8))
    for year in range(low, high + 1, step):
        parts.append(
            format_html(
                '<line class="ph-chart-grid" x1="{}" x2="{}" y1="0" y2="{}" stroke="#dee2e6">'
                "</line>"
                '<text class="ph-chart-axis" x="{}" y="{}" font-size="12" fill="#6c757d">{}'
                "</text>",
                x_of(year),
                x_of(year),
                height - axis,
                x_of(year) + 2,
                height - 6,
                year,
            )
        )
    for n, span in enumerate(spans):
        y = 4 + n * row_height
        start = span.start or span.end or today.year
        end = span.end or max(start, today.year)
        label = _truncate(f"{span.label}{' · ' + span.note if span.note else ''}")
        text = format_html(
            '<text class="ph-chart-label" x="0" y="{}" font-size="15" fill="#212529">{}</text>',
            y + 14,
            label,
        )
        if span.url:
            text = format_html('<a href="{}">{}</a>', span.url, text)
        parts.append(text)
        parts.append(
            format_html(
                '<rect class="ph-chart-bar ph-chart-{}" x="{}" y="{}" width="{}" height="14" '
                'rx="2" fill="{}"></rect>',
                span.klass,
                x_of(start),
                y + 21,
                max(x_of(end + 1) - x_of(start), 2),
                _fill(span.klass),
            )
        )
    today_x = x_of(today.year + (today.timetuple().tm_yday - 1) / 366)
    parts.append(
        format_html(
            '<line class="ph-chart-today" x1="{}" x2="{}" y1="0" y2="{}" stroke="#dc3545" '
            'stroke-width="2" stroke-dasharray="4 3"><title>{}</title></line>',
            today_x,
            today_x,
            height - axis,
            f"{today:%d/%m/%Y}",
        )
    )
    parts.append("</svg>")
    return Chart(
        mark_safe("".join(parts)),
        title,
        list(headers),
        [
            [span.label, "–".join(str(y) for y in (span.start, span.end) if y), span.note]
            for span in spans
        ],
    )
