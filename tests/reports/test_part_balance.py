"""How a long appendix table is cut into parts (reports.rendering.parts.part_sizes) and which
pieces ride together (split_html): pure functions, no database, no WeasyPrint."""

import pytest

from reports.rendering.parts import (
    PART_START,
    lead_rows,
    lead_sizes,
    mark_part_starts,
    part_sizes,
    split_html,
)


@pytest.mark.parametrize(
    ("rows", "processes", "max_rows", "sizes"),
    [
        # The 1,000-task report on 2 processes: 3 chunks of at most 400 rows, rounded up to 4.
        (1000, 2, 400, [250] * 4),
        (1000, 4, 400, [250] * 4),
        (1000, 3, 400, [334, 333, 333]),
        (1000, 8, 400, [125] * 8),
        # Under max_rows, still one chunk a process (big parts rather than many small ones).
        (300, 2, 400, [150, 150]),
        (300, 4, 400, [75] * 4),
        # Never under MIN_PART_ROWS (50) for the rounding's sake…
        (120, 4, 400, [60, 60]),
        (60, 2, 20, [20, 20, 20]),
        # …but never over max_rows either (the memory bound wins): 26 chunks, not 25.
        (10_000, 2, 400, [385] * 16 + [384] * 10),
        (99, 2, 400, [99]),
        (1, 2, 400, [1]),
        (0, 2, 400, []),
    ],
)
def test_part_sizes(rows, processes, max_rows, sizes):
    assert part_sizes(rows, processes, max_rows) == sizes


@pytest.mark.parametrize("rows", [1, 50, 99, 100, 101, 399, 400, 401, 999, 1000, 1001, 12_345])
@pytest.mark.parametrize("processes", [1, 2, 3, 4, 6])
def test_part_sizes_cover_the_rows_equally_within_the_bounds(rows, processes):
    sizes = part_sizes(rows, processes, 400)
    assert sum(sizes) == rows
    assert max(sizes) - min(sizes) <= 1
    assert max(sizes) <= 400
    if len(sizes) > 1:
        assert min(sizes) >= 50
        # A multiple of the processes, unless that would cut chunks under 50 rows.
        assert len(sizes) % processes == 0 or rows // (-(-len(sizes) // processes) * processes) < 50


def _report(appendix_rows: list[int], opening: str = "Mở đầu") -> str:
    sections = "".join(
        f'<section class="appendix"><h2>Phụ lục {n + 1}</h2><table><thead><tr><th>#</th></tr>'
        "</thead><tbody>"
        + "\n".join(f"<tr><td>{n}.{i}</td></tr>" for i in range(rows))
        + "</tbody></table></section>"
        for n, rows in enumerate(appendix_rows)
    )
    return f"<html><head><title>t</title></head><body><p>{opening}</p>{sections}</body></html>"


def test_short_appendices_ride_with_the_front_matter_and_long_ones_are_cut(settings):
    settings.REPORT_PART_ROWS, settings.REPORT_PART_WORKERS = 400, 2
    html = mark_part_starts(_report([5, 1000, 3, 4]))
    assert html.count(f'class="{PART_START}"') == 3  # 4 chunks
    parts = split_html(html)
    # Front matter + Phụ lục 1 + Phụ lục 2's first chunk; its 3 other chunks; Phụ lục 3 and 4.
    assert len(parts) == 5
    assert "Mở đầu" in parts[0] and "Phụ lục 1" in parts[0] and "Phụ lục 2" in parts[0]
    # The front matter weighs ~10 rows here: the first chunk is shorter by that much.
    assert [part.count("<td>1.") for part in parts[:4]] == [243, 253, 252, 252]
    assert all("Phụ lục 2" not in part for part in parts[1:])
    assert all(part.count("<th>#</th>") == 1 for part in parts[1:4])  # the header row on each
    assert "Phụ lục 3" in parts[4] and "Phụ lục 4" in parts[4]
    # No chunk opens with a forced break (it would start with an empty page).
    assert all(PART_START not in part for part in parts)
    assert all(part.startswith("<html><head>") and part.endswith("</html>") for part in parts)


def test_the_front_matter_part_is_as_heavy_as_the_others(settings):
    """A long front matter (~60 rows' worth of HTML) shortens the first chunk, which shares its
    part: the parts weigh the same, whichever process takes which."""
    settings.REPORT_PART_ROWS, settings.REPORT_PART_WORKERS = 400, 2
    row = len("<tr><td>1.500</td></tr>\n")
    html = mark_part_starts(_report([1000], opening="x" * (row * 60)))
    parts = split_html(html)
    rows = [part.count("<td>0.") for part in parts]
    assert len(parts) == 4 and sum(rows) == 1000
    assert rows[0] + 60 in range(rows[1] - 2, rows[1] + 3)
    assert max(rows[1:]) - min(rows[1:]) <= 1


@pytest.mark.parametrize(
    ("rows", "lead", "sizes"),
    [
        (1000, 0, [250] * 4),
        (1000, 30, [228, 258, 257, 257]),
        (100, 60, [20, 80]),
        # As heavy as a chunk: left out (the first chunk would be empty).
        (1000, 400, [250] * 4),
    ],
)
def test_lead_sizes(rows, lead, sizes):
    assert lead_sizes(rows, lead, 2, 400) == sizes


def test_lead_rows_weigh_the_html_in_rows_rounded_to_ten():
    assert lead_rows("", "", 0) == 0
    assert lead_rows("x" * 94, "y" * 100, 100) == 90
    assert lead_rows("x" * 96, "y" * 100, 100) == 100


def test_no_long_table_no_cut(settings):
    settings.REPORT_PART_ROWS, settings.REPORT_PART_WORKERS = 400, 2
    html = mark_part_starts(_report([5, 80]))
    assert PART_START not in html
    assert split_html(html) == [html]
