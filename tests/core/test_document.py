from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core.text.document import DocumentError, load_document, split_paragraphs
from tests.conftest import ORIGINAL, REPUBLISHED


def test_seed_titles_come_from_the_text_not_the_file_name() -> None:
    for path in (ORIGINAL, REPUBLISHED):
        document = load_document(path)
        assert document.title.startswith("NATO Secretary General Jens Stoltenberg on Friday")
        assert "BRUSSELS" not in document.title
        assert len(document.title) <= 90


def test_offsets_index_the_utf8_text_without_newline_translation(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes("Héadline here now\r\n\r\nSecond paragraph.\r\n".encode())
    document = load_document(path)
    assert document.text == "Héadline here now\r\n\r\nSecond paragraph.\r\n"
    assert [document.paragraph_text(p) for p in document.paragraphs] == [
        "Héadline here now",
        "Second paragraph.",
    ]


def test_bom_is_accepted_and_offsets_stay_aligned(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfA title for the piece\n")
    document = load_document(path)
    assert len(document.text) == len(b"\xef\xbb\xbfA title for the piece\n".decode("utf-8"))
    assert document.title == "A title for the piece"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"caf\xe9 au lait", "not valid UTF-8"),
    ],
)
def test_bad_files_get_a_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert reason in caught.value.reason


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="does not exist"):
        load_document(tmp_path / "nope.txt")
    with pytest.raises(DocumentError, match="folder"):
        load_document(tmp_path)
    locked = tmp_path / "locked.txt"
    locked.write_text("secret words here")
    locked.chmod(0)
    if os.access(locked, os.R_OK):
        pytest.skip("running as a user who can read anything (root)")
    with pytest.raises(DocumentError, match="permission"):
        load_document(locked)


def test_paragraphs_are_non_blank_lines() -> None:
    text = "  One.\n\nTwo\nThree  \n"
    spans = [text[p.start : p.end] for p in split_paragraphs(text)]
    assert spans == ["One.", "Two", "Three"]
