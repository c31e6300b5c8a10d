"""The reading pane's handlers for its rows of the action table (`reader.keymap`): find,
caret and passage moves, the passage's reason, the kind filter."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.ui.actions.qactions import Handlers
    from reader.ui.reading.find_bar import FindBar
    from reader.ui.reading.navigation import ReadingNavigator
    from reader.ui.reading.pane import ReadingPane


def reading_handlers(pane: ReadingPane, nav: ReadingNavigator, find_bar: FindBar) -> Handlers:
    legend = pane.legend
    return {
        "find.open": find_bar.open_bar,
        "find.next": lambda: find_bar.find_next(1),
        "find.previous": lambda: find_bar.find_next(-1),
        "reading.extend_next": lambda: nav.extend(1),
        "reading.extend_previous": lambda: nav.extend(-1),
        "reading.paragraph_next": lambda: nav.paragraph(1),
        "reading.paragraph_previous": lambda: nav.paragraph(-1),
        "reading.commentary_next": lambda: nav.commentary(1),
        "reading.commentary_previous": lambda: nav.commentary(-1),
        "reading.note_next": lambda: nav.note(1),
        "reading.note_previous": lambda: nav.note(-1),
        "reading.page_down": lambda: nav.page(1),
        "reading.page_up": lambda: nav.page(-1),
        "reading.top": lambda: nav.edge(end=False),
        "reading.bottom": lambda: nav.edge(end=True),
        "reading.highlight": nav.highlight,
        "passage.explain": pane.explain_current,
        "view.show_all": lambda: legend.set_filter("all"),
        "view.hide_furniture": lambda: legend.set_filter("no-furniture"),
        "view.reporting_only": lambda: legend.set_filter("reporting"),
        "view.commentary_only": lambda: legend.set_filter("commentary"),
    }
