"""How a long appendix table is cut into parts (reports.rendering.parts.part_sizes) and which
pieces ride together (split_html): pure functions, no database, no WeasyPrint."""

import pytest

from reports.rendering.parts import PART_START, mark_part_starts, part_sizes, split_html


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


def _report(appendix_rows: list[int]) -> str:
    sections = "".join(
        f'<section class="appendix"><h2>Phụ lục {n + 1}</h2><table><thead><tr><th>#</th></tr>'
        "</thead><tbody>"
        + "\n".join(f"<tr><td>{n}.{i}</td></tr>" for i in range(rows))
        + "</tbody></table></section>"
        for n, rows in enumerate(appendix_rows)
    )
    return f"<html><head><title>t</title></head><body><p>Mở đầu</p>{sections}</body></html>"


def test_short_appendices_ride_with_the_front_matter_and_long_ones_are_cut(settings):
    settings.REPORT_PART_ROWS, settings.REPORT_PART_WORKERS = 400, 2
    html = mark_part_starts(_report([5, 1000, 3, 4]))
    assert html.count(f'class="{PART_START}"') == 3  # 4 chunks of 250 rows
    parts = split_html(html)
    # Front matter + Phụ lục 1; Phụ lục 2 in 4 chunks; Phụ lục 3 and 4 together.
    assert len(parts) == 6
    assert "Mở đầu" in parts[0] and "Phụ lục 1" in parts[0] and "Phụ lục 2" not in parts[0]
    assert [part.count("<td>1.") for part in parts[1:5]] == [250] * 4
    assert "Phụ lục 2" in parts[1] and "Phụ lục 2" not in parts[2]
    assert all(part.count("<th>#</th>") == 1 for part in parts[1:5])  # the header row on each
    assert "Phụ lục 3" in parts[5] and "Phụ lục 4" in parts[5]
    # No chunk opens with a forced break (it would start with an empty page).
    assert all(PART_START not in part for part in parts)
    assert all(part.startswith("<html><head>") and part.endswith("</html>") for part in parts)


def test_no_long_table_no_cut(settings):
    settings.REPORT_PART_ROWS, settings.REPORT_PART_WORKERS = 400, 2
    html = mark_part_starts(_report([5, 80]))
    assert PART_START not in html
    assert split_html(html) == [html]
