"""The overview strip's highlight lane (its other lanes: tests/ui/test_compare_view.py)."""

from __future__ import annotations

import random

from reader.ui.reading.overview_strip import covered_rows


def test_covered_rows_mark_what_one_band_per_span_marks() -> None:
    """The highlights lane is found a row at a time (50,000 highlights cost ~40 ms as one
    fillRect each); it marks exactly the rows that band-per-span drawing marks."""
    rng = random.Random(7)
    for _ in range(200):
        total, height = rng.randint(1, 5000), rng.randint(1, 300)
        spans = sorted((s, s + rng.choice((0, 1, 3, 40, 900))) for s in
                       (rng.randrange(total) for _ in range(rng.randint(0, 60))))
        expected: set[int] = set()
        for start, end in spans:
            top = start * height // total
            expected.update(range(top, max(top + 1, end * height // total)))
        rows = {row for top, bottom in covered_rows(spans, total, height)
                for row in range(top, bottom)}
        assert rows == {row for row in expected if row < height}
