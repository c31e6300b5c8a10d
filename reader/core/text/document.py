"""Reading a file into a `Document`: decoded text, paragraphs with offsets, and a title.

Offsets everywhere in reader are indices into the file's bytes decoded as UTF-8 with no
newline translation, so that the CLI, the store, notes and the classifier all agree.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.core.text.formats import HTML_SUFFIXES, TEXT_SUFFIXES

if TYPE_CHECKING:
    from reader.core.web.page_meta import PageMeta

Hint = tuple[int, int, str, str]
"""(start, end, kind, reason): a web page's structural evidence for one paragraph."""

MAX_BYTES = 32 * 1024 * 1024
"""Files above this are refused with a message rather than freezing the reader."""

TITLE_MAX_CHARS = 90
PAGE_TITLE_MAX_CHARS = 250


class DocumentError(Exception):
    """A file that cannot become a document; `reason` is written for the user."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class Paragraph(NamedTuple):
    """A non-blank line of the text, as a [start, end) span with surrounding whitespace trimmed."""

    start: int
    end: int


class Document(NamedTuple):
    text: str
    path: str = ""
    title: str = ""
    content_hash: str = ""
    paragraphs: tuple[Paragraph, ...] = ()
    hints: tuple[Hint, ...] = ()
    """Structural evidence from a web page's markup, passed to the classifier."""
    meta: PageMeta | None = None
    """A web page's metadata (title, site, author, dates, URL, language)."""

    @property
    def word_count(self) -> int:
        return count_words(self.text)

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.text[paragraph.start : paragraph.end]

    def headline_start(self) -> int | None:
        """Where a web page's headline starts (the page's menus may come before it)."""
        for start, _end, kind, reason in self.hints:
            if kind == "reporting" and "the headline" in reason:
                return start
        return None


_WORD = re.compile(r"\S+")
_LINE = re.compile(r"[^\n]+")


def count_words(text: str) -> int:
    """Runs of non-whitespace; `str.split` finds the same runs as `\\S+`, 10x faster."""
    return len(text.split())


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Each non-blank line is a paragraph: news text puts one paragraph per line."""
    found: list[Paragraph] = []
    for match in _LINE.finditer(text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        found.append(Paragraph(start, start + len(stripped)))
    return tuple(found)


def content_hash(data: bytes) -> str:
    import hashlib  # here, not at the top: loading OpenSSL is ~3 ms of every launch

    return hashlib.sha256(data).hexdigest()


def decode_text(data: bytes, path: Path | str = "<bytes>") -> str:
    """Strict UTF-8 (a BOM is allowed and kept as a space so offsets still match the file)."""
    if not data.strip():
        raise DocumentError(path, "the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(
            path, "the text is UTF-16; reader reads UTF-8 (save the file as UTF-8 and retry)"
        )
    if b"\x00" in data[:8192]:
        # Text files have no zero bytes near the start; images, archives and PDFs do.
        raise DocumentError(
            path, "this looks like a binary file, not text (it has zero bytes near the start)"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DocumentError(
            path, f"the text is not valid UTF-8 (bad byte at position {error.start})"
        ) from None
    if text.startswith("\ufeff"):
        text = " " + text[1:]
    # NULs later in the file would truncate Qt strings; a space keeps every offset.
    return text.replace("\x00", " ")


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)


@contextmanager
def opened(path: Path) -> Iterator[tuple[int, os.stat_result]]:
    """The file open for reading (a descriptor) and its state, from one open and one fstat:
    an import learns size and date (unchanged files are skipped) and reads with the same
    handle, where path-based checks cost four more system calls a file. A folder or an
    unreadable file raises `DocumentError`, with a reason for the user."""
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except PermissionError:
        # Folders cannot be opened on Windows; a file too large is refused for its size.
        raise _refusal(path) or _explained(path, PermissionError()) from None
    except OSError as error:
        raise _explained(path, error) from None
    try:
        try:
            info = os.fstat(descriptor)
        except OSError as error:
            raise _explained(path, error) from None
        if stat.S_ISDIR(info.st_mode):
            raise DocumentError(path, "this is a folder, not a file")
        yield descriptor, info
    finally:
        os.close(descriptor)


def read_opened(descriptor: int, info: os.stat_result, path: Path) -> bytes:
    """The bytes of a file `opened` gave, up to MAX_BYTES (its size refused beyond)."""
    size = info.st_size
    if size > MAX_BYTES:
        raise _too_large(path, size)
    try:
        # Asked for the size the file has: reading MAX_BYTES + 1 allocates (and maps) the
        # whole 32 MB each time, ten times the cost of reading a 5 KB article. A file that
        # grew since (or came short) is read on to its end, up to the same limit.
        data = os.read(descriptor, size + 1)
        if len(data) != size:
            pieces = [data]
            while data and (got := sum(map(len, pieces))) <= MAX_BYTES:
                data = os.read(descriptor, MAX_BYTES + 1 - got)
                pieces.append(data)
            data = b"".join(pieces)
        return data
    except OSError as error:
        raise _explained(path, error) from None


def read_bytes(path: Path) -> bytes:
    """Read a file with the checks a user needs explained, not a traceback."""
    with opened(path) as (descriptor, info):
        return read_opened(descriptor, info, path)


def _too_large(path: Path, size: int) -> DocumentError:
    return DocumentError(
        path,
        f"the file is too large ({size / 1e6:.1f} MB; reader opens up to "
        f"{MAX_BYTES / 1e6:.0f} MB)",
    )


def _refusal(path: Path) -> DocumentError | None:
    """Why a file that may not be opened is refused before permission is asked: a folder,
    or a size over the limit (as it was when its size was looked at first)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if stat.S_ISDIR(info.st_mode):
        return DocumentError(path, "this is a folder, not a file")
    return _too_large(path, info.st_size) if info.st_size > MAX_BYTES else None


def _explained(path: Path, error: OSError) -> DocumentError:
    if isinstance(error, FileNotFoundError):
        return DocumentError(path, "the file does not exist (it may have been moved or deleted)")
    if isinstance(error, PermissionError):
        return DocumentError(path, "permission denied: reader may not read this file")
    return DocumentError(path, f"the file cannot be read ({error.strerror or error})")


def document_from_text(text: str, path: str = "", digest: str = "") -> Document:
    from reader.core.text.title import derive_title

    return Document(
        text=text,
        path=path,
        title=derive_title(text) or (Path(path).stem if path else "Untitled"),
        content_hash=digest or content_hash(text.encode("utf-8")),
        paragraphs=split_paragraphs(text),
    )


def document_from_html(
    data: bytes, path: str, url: str = "", header_charset: str | None = None
) -> Document:
    """A web page's visible text (offsets index it), structural hints and metadata."""
    from reader.core.web.convert import read_page  # lxml only for web pages
    from reader.core.web.encoding import decode_html

    if not data.strip():
        raise DocumentError(path, "the file is empty")
    decoded = decode_html(data, header_charset)
    page = read_page(decoded.text, url, decoded.note or "")
    if not page.text.strip():
        raise DocumentError(path, "this web page has no text")
    text = page.text.replace("\x00", " ")
    document = document_from_text(text, path, content_hash(data))
    return document._replace(
        title=_shorten_title(page.meta.title) or document.title,
        hints=page.hints,
        meta=page.meta,
    )


def _shorten_title(title: str) -> str:
    """A page's own title is kept whole unless absurdly long (some put a paragraph there)."""
    if len(title) <= PAGE_TITLE_MAX_CHARS:
        return title
    return title[: PAGE_TITLE_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"


def is_html(path: Path, data: bytes) -> bool:
    """By suffix; or, for a file without a text suffix (a browser's save as 'page'), by a
    doctype or <html> at its start. A .txt or .md file is text, whatever it holds."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return True
    if suffix in TEXT_SUFFIXES:
        return False
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def load_document(path: str | os.PathLike[str]) -> Document:
    """Read, decode and split a file; raises `DocumentError` with a user-facing reason."""
    file_path = Path(path)
    return document_from_bytes(read_bytes(file_path), file_path)


def document_from_bytes(data: bytes, path: Path) -> Document:
    """A file's bytes (or standard input's, under the name '-') as a document: HTML by
    suffix or by its start, else text."""
    if is_html(path, data):
        # Offsets index the converted text, which is what the store keeps.
        return document_from_html(data, str(path))
    text = decode_text(data, path)
    return document_from_text(text, str(path), content_hash(data))
