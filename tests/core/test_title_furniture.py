"""Titles skip page furniture with the classifier's layout rules."""

from __future__ import annotations

import pytest

from reader.core.text.title import derive_title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Stoltenberg NATO\n© AP Photo/Olivier Matthys\nStoltenberg speaks in Brussels.\n"
            "NATO chief rules out halt to expansion. Russia objects.",
            "NATO chief rules out halt to expansion.",
        ),
        (
            "World News\nChile's copper output slumps\nBy Dave Sherwood\n4 min read\n\nBody.",
            "Chile's copper output slumps",
        ),
        (
            "Advertisement\n\nComment: a remark.\n\nBRUSSELS — The talks stalled. More.",
            "The talks stalled.",
        ),
        (
            "# Record heat pushes glaciers to brink\n\nBody text here.",
            "Record heat pushes glaciers to brink",
        ),
        ("Ukraine Talks Stall\n\nBy JANE DOE JAN. 13, 2017\n\nBody.", "Ukraine Talks Stall"),
        ("Advertisement\nShare\n", ""),
    ],
)
def test_title_skips_furniture(text: str, title: str) -> None:
    assert derive_title(text) == title
