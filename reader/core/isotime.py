"""Times as ISO 8601 for every output (CLI --json, exports), and the range they may span.

One function, so no output can print a time another refuses: a stored time outside the
range (only possible in a store written before imports were validated) is clamped, never
an error that stops an export.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
"""Imported dates outside these (in UTC) are refused; stored ones are clamped to them."""


def iso(stamp: float) -> str:
    """Seconds since the epoch as ISO 8601 in UTC with milliseconds: 2024-03-05T10:21:33.123Z."""
    if math.isnan(stamp):
        stamp = 0.0
    stamp = min(max(stamp, EARLIEST.timestamp()), LATEST.timestamp())
    moment = datetime.fromtimestamp(stamp, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
