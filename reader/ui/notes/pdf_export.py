"""The annotated document as PDF, printed by Qt from the HTML the core makes.

The core (no Qt) builds the self-contained annotated HTML; this module only lays it out
with `QTextDocument` and prints it to a `QPdfWriter`, so both exports show the same thing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QSaveFile
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument


def write_pdf(path: Path, html: str, title: str = "") -> None:
    """Print `html` to a PDF at `path`, atomically (QSaveFile); OSError if it cannot."""
    document = QTextDocument()
    document.setHtml(html)
    saved = QSaveFile(str(path))
    if not saved.open(QSaveFile.OpenModeFlag.WriteOnly):
        raise OSError(saved.errorString())
    writer = QPdfWriter(saved)
    writer.setTitle(title)
    writer.setCreator("reader")
    writer.setPageLayout(QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
        QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    document.print_(writer)
    del writer  # finishes the file before it is committed
    if not saved.commit():
        raise OSError(saved.errorString())
