"""WCAG 2.1 AA in every theme (issue 19 item 3): each theme is applied to a real window with
notes, the widgets are rendered, and the colours they draw with are measured: 4.5:1 for
text, 3:1 for the parts of controls (focus rings, the ring on the chosen colour)."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from tests.conftest import REPUBLISHED
from tests.keyboard_helpers import active_window

TEXT, PARTS = 4.5, 3.0


def luminance(color: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(color.red()) + 0.7152 * channel(color.green())
            + 0.0722 * channel(color.blue()))


def ratio(first: QColor, second: QColor) -> float:
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def over(top: QColor, below: QColor) -> QColor:
    """`top` (maybe translucent) as drawn over an opaque `below`."""
    alpha = top.alphaF()
    return QColor(*(round(alpha * t + (1 - alpha) * b) for t, b in (
        (top.red(), below.red()), (top.green(), below.green()), (top.blue(), below.blue()))))


def drawn_contrast(image: QImage) -> float:
    """Contrast of what is drawn on an image: its most common colour is the background,
    the colour furthest from it the ink (a glyph's solid core)."""
    counts: Counter[int] = Counter()
    for y in range(image.height()):
        for x in range(image.width()):
            counts[image.pixel(x, y)] += 1
    background = QColor.fromRgb(counts.most_common(1)[0][0])
    return max(ratio(QColor.fromRgb(pixel), background) for pixel in counts)


def widget_contrast(widget: QWidget) -> float:
    return drawn_contrast(widget.grab().toImage())


@pytest.fixture
def noted(qtbot, core):  # type: ignore[no-untyped-def]
    core.library.ensure_seeds()
    window = active_window(qtbot, core)
    doc_id = core.library.id_for_path(REPUBLISHED.resolve())
    with qtbot.waitSignal(window.classification.document_classified, timeout=20000):
        window.library_panel.select_document(doc_id)
    qtbot.waitUntil(lambda: bool(window.reading_view.segments), timeout=20000)
    view = window.reading_view
    start = view.current.text.index("Russia denies")
    view.select_offsets(start, start + 13)
    note = window.notes.highlight("yellow", edit=True)
    qtbot.keyClicks(window.notes_panel.editor.source, "Check *this*")
    assert note is not None and "Saved" in window.notes_panel.editor.status.text()
    return window


@pytest.mark.parametrize("theme", ["light", "dark", "sepia"])
def test_every_colour_pair_meets_wcag_aa(qtbot, noted, theme: str) -> None:  # type: ignore[no-untyped-def]
    window = noted
    window.appearance.set_theme(theme)
    QApplication.processEvents()
    view = window.reading_view
    paper = view.viewport().palette().color(QPalette.ColorRole.Base)
    panel = window.notes_panel
    editor = panel.editor
    failures = []

    def need(name: str, value: float, floor: float) -> None:
        if value < floor:
            failures.append(f"{name}: {value:.2f}:1 < {floor}:1")

    # text drawn by widgets, measured from their pixels
    for name, widget in (
        ("legend summary", window.reading_pane.legend.summary),
        ("notes count", panel.count_label),
        ("editor status", editor.status),
        ("status bar label", window.status_label),
        ("legend's How?", window.reading_pane.legend.guide_link),
    ):
        assert widget.text(), name
        need(name, widget_contrast(widget), TEXT)
    # the margin labels (COMMENT / FURNITURE) beside the text
    gutter = view.gutter if hasattr(view, "gutter") else view.findChild(QWidget, "kind_gutter")
    labels = gutter.grab().toImage()  # the labels only, not the coloured bars at the edge
    need("margin labels", drawn_contrast(labels.copy(0, 0, labels.width() - 24,
                                                     labels.height())), TEXT)
    # text formats of the kinds, over the paper they are drawn on
    from reader.ui.reading.passage_style import kind_format

    furniture = kind_format("furniture")
    ink = furniture.foreground().color() if furniture and furniture.hasProperty(
        furniture.Property.ForegroundBrush) else view.palette().color(QPalette.ColorRole.Text)
    ground = paper
    if furniture is not None and furniture.hasProperty(furniture.Property.BackgroundBrush):
        ground = over(furniture.background().color(), paper)
    need("furniture text", ratio(ink, ground), TEXT)
    # the ring on the chosen highlight colour, against the sidebar behind it
    sidebar = panel.palette().color(QPalette.ColorRole.Window)
    chosen = editor.color_buttons["yellow"]
    assert chosen.isChecked()
    ring = chosen.grab().toImage().pixelColor(0, chosen.height() // 2)
    need("chosen colour ring", ratio(ring, sidebar), PARTS)
    # focus rings: the accent against the panes they surround
    accent = QApplication.palette().color(QPalette.ColorRole.Link)
    for name, role in (("window", QPalette.ColorRole.Window), ("base", QPalette.ColorRole.Base)):
        need(f"focus ring on {name}", ratio(accent, QApplication.palette().color(role)), PARTS)
    need("focus ring on paper", ratio(accent, paper), PARTS)
    # muted text: placeholders, headers, disabled menu items
    muted = QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
    for name, role in (("window", QPalette.ColorRole.Window), ("base", QPalette.ColorRole.Base)):
        need(f"muted text on {name}", ratio(muted, QApplication.palette().color(role)), TEXT)
    assert not failures, f"{theme}: " + "; ".join(failures)


def test_a_yellow_highlight_is_not_the_commentary_tint(qtbot, noted) -> None:  # type: ignore[no-untyped-def]
    """In sepia a yellow highlight was nearly the commentary tint: highlights now carry an
    underline of their own, whatever the theme."""
    window = noted
    window.appearance.set_theme("sepia")
    formats = [span.format for span in window.reading_view.layer("highlights")]
    assert formats and all(f.fontUnderline() or f.underlineStyle() != f.UnderlineStyle.NoUnderline
                           for f in formats)
