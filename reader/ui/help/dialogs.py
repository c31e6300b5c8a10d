"""Help → About (version, data folder, licence) and Help → How reader Decides.

Both are built on first use. The guide is the app's own text (rich text is safe there);
the data folder is a path, so it is shown as plain text like every user path.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reader import APP_NAME, __version__

GUIDE_HTML = """
<h2>How reader decides</h2>
<p>reader labels every passage of an article as one of three kinds, each with a reason
(press <b>Ctrl+I</b>, or click the margin, to see it).</p>
<h3>Reporting <small>(no tint, blue bar)</small></h3>
<p>The original article's own text: headline, standfirst, body, its quotations and credit
lines. Reworded reporting is still reporting, and so is an opinionated column's own text:
the question is <i>who added it</i>, not what tone it has.</p>
<h3>Commentary <small>(orange tint and bar, COMMENT in the margin)</small></h3>
<p>Text a republisher or annotator added: paragraphs marked "Comment:", "Editor's note:",
"[Ed.: …]" and their like in several languages, what follows such a marker, a blogger's
framing around excerpts, and passages that appear only in the copy.</p>
<h3>Furniture <small>(grey text, dashed bar, FURNITURE in the margin)</small></h3>
<p>What the page template adds: section labels, bylines and dates in the header, captions and
photo credits, "Advertisement", share buttons, related links, tags, newsletter boxes,
"originally appeared in" and permission lines. When furniture and "absent from the
original" disagree, furniture wins.</p>
<h3>How it is worked out</h3>
<ul>
<li><b>Markers</b> in the text itself ("Comment:", "[Ed.: …]", "Photo: …").</li>
<li><b>Provenance</b>: when the original article is in your library, each passage of a copy
is matched to it, even reworded; a matched passage names its original, and
<b>Ctrl+Enter</b> opens it at that passage. What only the copy has is commentary (or
furniture, if it looks like page chrome).</li>
<li><b>The page's structure</b> for web pages: navigation, menus and boxes around the
article are furniture.</li>
</ul>
<p>Everything runs on your computer; nothing is sent anywhere. <b>Ctrl+1</b> shows every
passage, <b>Ctrl+2</b> hides furniture, <b>Ctrl+3</b> shows reporting only, <b>Ctrl+4</b>
commentary only.</p>
"""


def _dialog(parent: QWidget | None, title: str, name: str) -> tuple[QDialog, QVBoxLayout]:
    dialog = QDialog(parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    return dialog, layout


def _close_button(dialog: QDialog, layout: QVBoxLayout) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)


def about_dialog(data_dir: Path, parent: QWidget | None = None) -> QDialog:
    dialog, layout = _dialog(parent, f"About {APP_NAME}", "about_dialog")
    heading = QLabel(f"<h2>{APP_NAME} {__version__}</h2>", dialog)
    heading.setTextFormat(Qt.TextFormat.RichText)
    layout.addWidget(heading)
    lines = [
        "A desktop reader that tells an article's reporting from the commentary a "
        "republisher added and from the page's furniture, and keeps your highlights and "
        "notes on your computer.",
        "",
        f"Data folder: {data_dir}",
        f"Licence: MIT. Built with Qt {qVersion()} (LGPL) through PySide6.",
    ]
    body = QLabel("\n".join(lines), dialog)
    body.setObjectName("about_text")
    body.setTextFormat(Qt.TextFormat.PlainText)  # the data folder is a user path
    body.setWordWrap(True)
    body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                 | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    layout.addWidget(body)
    _close_button(dialog, layout)
    dialog.resize(460, 0)
    return dialog


def guide_dialog(parent: QWidget | None = None) -> QDialog:
    dialog, layout = _dialog(parent, "How reader Decides", "guide_dialog")
    text = QTextBrowser(dialog)
    text.setObjectName("guide_text")
    text.setOpenLinks(False)
    text.setHtml(GUIDE_HTML)
    layout.addWidget(text)
    _close_button(dialog, layout)
    dialog.resize(560, 600)
    return dialog
