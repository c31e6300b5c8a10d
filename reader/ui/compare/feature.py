"""Opening comparisons and routing the comparison commands of the action table.

Which document to compare with comes from the core (`find_relatives`): the original when
the open document has one, else its first copy, else a sibling. Nothing is compared on the GUI
thread: the window opens at once on both texts ("Comparing…"), the alignment (and, when no
relative is stored, the search for one) runs in the thread pool, and the rows are filled when
the answer arrives. Each request has a number; an answer to an older one (the view was closed,
or another pair asked for since) is dropped.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from reader.core import background
from reader.core.compare.ops import Comparison, compare_texts
from reader.core.compare.relatives import (
    Provenance,
    comparison_sides,
    find_relatives,
    sides_with,
)
from reader.core.library.documents import Library
from reader.core.store.database import StoreAccessError
from reader.core.text.document import Document
from reader.ui.compare.marks import ChangeMarks
from reader.ui.compare.provenance import ProvenancePanel
from reader.ui.compare.relation_labels import RelationLabels
from reader.ui.compare.window import CompareWindow
from reader.ui.context import AppContext
from reader.ui.library.model import LibraryModel
from reader.ui.plain_text import StatusLabel, tooltip
from reader.ui.reading.find_bar import FindBar
from reader.ui.reading.overview_strip import OVERVIEW_WIDTH, OverviewStrip
from reader.ui.reading.pane import ReadingPane
from reader.ui.reading.view import ReadingView
from reader.ui.tasks import run_in_background

LOOKING = "Looking for this document's original, copies and versions…"
PREFETCH_CHARS = 2_000_000
"""Pairs up to this size (both texts) are compared ahead when the document opens: a few
hundred milliseconds of a worker at most, never on the GUI thread."""


class CompareFeature(QObject):
    comparison_shown = Signal(object)
    """The `Comparison` now in the window."""

    def __init__(
        self,
        context: AppContext,
        reading_view: ReadingView,
        library_model: LibraryModel,
        find_bar: FindBar,
        selected_ids: Callable[[], list[int]],
        open_at: Callable[[int, int], None],
        show_problem: Callable[[str], None],
        withdraw_message: Callable[[str], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.reading_view = reading_view
        self.show_problem = show_problem
        self.withdraw_message = withdraw_message
        """Takes a message of ours down, unless another replaced it (`MainWindow`'s)."""
        self.selected_ids = selected_ids
        self.window = CompareWindow(parent)
        self.marks = ChangeMarks(context, reading_view, self)
        pane = reading_view.parentWidget()
        self.panel = ProvenancePanel(pane)
        """The open document's relatives, above the text (hidden when it has none)."""
        if isinstance(pane, ReadingPane):
            pane.explainers.append(self.marks.explain)
            layout = pane.layout()
            if isinstance(layout, QVBoxLayout):
                layout.insertWidget(layout.indexOf(reading_view), self.panel)
        self.panel.open_requested.connect(lambda doc_id: open_at(doc_id, 0))
        self._prefetched: tuple[tuple[int, int] | None, Comparison | None] = (None, None)
        """(a id, b id) being or been compared in the background, and the result when done."""
        self._stopped = False
        self._relatives_request = 0
        """Number of the latest reading of the open document's relatives (`show_relatives`);
        answers to earlier ones are dropped."""
        self._panel_for: tuple[str, int | None] | None = None
        """(path, id) of the document the panel was filled for (id None: not a library
        document): until the worker's answer for a document just opened, the panel still
        shows the last one's."""
        reading_view.document_shown.connect(self.show_relatives)
        if reading_view.current is not None:  # shown before this feature was built
            self.show_relatives()
        self.labels = RelationLabels(context, library_model, self)
        self.labels.relations_stored.connect(self.on_relations_stored)
        self.provenance = StatusLabel("Original of this document")  # it shows a title
        """What the open document is, for the status bar: "Copy of <title>: 3 added, …"."""
        self.provenance.setObjectName("provenance_label")
        self.marks.marked.connect(self.on_marked)
        self.provenance.hide()  # shown while it has something to say
        self.marks.cleared.connect(self._clear_provenance)
        self.strip = OverviewStrip(
            reading_view, lambda: self.marks.strip_marks, lambda: (find_bar.starts, find_bar.length)
        )
        self.strip.setFixedWidth(OVERVIEW_WIDTH)
        reading_view.set_overview(self.strip)
        self.marks.marked.connect(lambda _comparison: self.strip.update())
        find_bar.matches_changed.connect(lambda _count: self.strip.update())
        reading_view.document_shown.connect(self.strip.update)
        self.window.open_requested.connect(open_at)
        self.window.closed.connect(self.on_closed)
        self._return_to: QWidget | None = None
        self._request = 0
        """Number of the latest comparison asked for; answers to earlier ones are dropped."""

    def handlers(self) -> dict[str, Callable[[], object]]:
        window = self.window
        return {
            "document.compare": self.compare_current,
            "document.compare_selected": self.compare_selected,
            "document.relatives": self.focus_relatives,
            "compare.next": lambda: window.step(1),
            "compare.previous": lambda: window.step(-1),
            "compare.switch_side": window.switch_side,
            "compare.expand": window.toggle_expand,
            "compare.open_passage": window.open_current,
            "compare.close": window.close,
        }

    def on_marked(self, comparison: Comparison) -> None:
        """Name the original in the status bar: its path and title came with the marks from
        their worker, so nothing is read here."""
        path, full_title = self.marks.original_path, self.marks.original_title
        if not path:
            self._clear_provenance()
            return
        kinds = [op.op for op in comparison.ops]
        title = full_title if len(full_title) <= 48 else full_title[:47] + "…"
        self.provenance.setText(
            f"Copy of {title}: {kinds.count('added')} added, {kinds.count('left-out')} left "
            f"out, {kinds.count('changed') + kinds.count('moved')} changed · Ctrl+Shift+C compares"
        )
        self.provenance.setToolTip(tooltip(f"Copy of {full_title}\n{path}"))
        self.provenance.show()

    def _clear_provenance(self) -> None:
        """Hidden when empty: it shares the status bar's width with the path and position."""
        self.provenance.clear()
        self.provenance.hide()

    def shutdown(self) -> None:
        """The window is closing: no new comparisons, and those running are let finish (a
        worker still writing a relation while Python shuts down could take the process
        down with it)."""
        self.labels.stop()
        self.marks.stop()
        self._stopped = True
        self._request += 1
        self._relatives_request += 1
        self._return_to = None
        self.window.close()
        QThreadPool.globalInstance().waitForDone(3000)

    def _current_id(self) -> int | None:
        document = self.reading_view.current
        library = self.context.core.library
        return library.id_for_path(document.path) if document is not None else None

    def show_relatives(self) -> None:
        """The provenance panel for the document just shown (stored relations, no compare),
        read on a worker's read-only connection: the latest request wins, and an answer for
        a document no longer shown is dropped."""
        self._relatives_request += 1
        request = self._relatives_request
        document = self.reading_view.current
        if document is None or self._stopped:
            self._show_panel(None)
            return
        path, core = document.path, self.context.core

        def work(_report: object) -> tuple[int, Provenance] | None:
            if request != self._relatives_request:
                return None  # another document was shown while this waited in the pool
            return background.stored_relatives_of(core, path)

        def current_request() -> bool:
            shown = self.reading_view.current
            return request == self._relatives_request and shown is not None and (
                shown.path == path
            )

        def done(found: tuple[int, Provenance] | None) -> None:
            if not current_request():
                return
            if found is None:  # not a library document
                self._show_panel((path, None))
                return
            doc_id, provenance = found
            self._show_panel((path, doc_id), provenance)
            relatives = provenance.relatives
            if relatives:
                self._prefetch(*sides_with(doc_id, relatives[0].doc_id, relatives[0].role))

        def failed(error: Exception) -> None:
            if current_request():
                self._show_panel((path, None))
                self.show_problem(f"The document's relatives could not be read: {error}")

        run_in_background(work, done, failed)

    def _show_panel(
        self, shown: tuple[str, int | None] | None, provenance: Provenance | None = None
    ) -> None:
        self._panel_for = shown
        self.panel.show_for(provenance)

    def _panel_relatives(self) -> bool:
        """Whether the panel lists the open document's relatives (not, for a moment after
        another document opened, the last one's)."""
        document = self.reading_view.current
        shown = self._panel_for
        return document is not None and shown is not None and shown[0] == document.path

    def _prefetch(self, a_id: int, b_id: int) -> None:
        """Compare the open document with its first relative in the background, so that
        Ctrl+Shift+C shows the comparison at once (a copy's own marks already compare it
        with its original; this covers originals and siblings)."""
        if self._prefetched[0] == (a_id, b_id) or self._stopped:
            return
        self._prefetched = ((a_id, b_id), None)
        core = self.context.core

        def work(_report: object) -> Comparison | None:
            if self._prefetched[0] != (a_id, b_id):
                return None  # another document was opened while this waited in the pool
            db = core.connect_worker(readonly=True)
            try:
                worker = Library(db)
                sizes = [worker.size_bound(a_id), worker.size_bound(b_id)]
                if None in sizes or sum(s or 0 for s in sizes) > PREFETCH_CHARS:
                    return None
                return compare_texts(worker.document(a_id).text, worker.document(b_id).text)
            finally:
                db.close()

        def done(comparison: Comparison | None) -> None:
            if comparison is not None and self._prefetched[0] == (a_id, b_id):
                self._prefetched = ((a_id, b_id), comparison)

        run_in_background(work, done, lambda _error: None)

    def _known(self, a_id: int, a: Document, b_id: int, b: Document) -> Comparison | None:
        """A comparison of these two texts already made (the marks', or the prefetched one)."""
        known = self.marks.comparison
        if known is not None and (self.marks.original_path, self.marks.copy_path) == (
            a.path, b.path
        ):  # the reading pane's marks already compared this copy with its original
            return known
        ids, prefetched = self._prefetched
        if ids != (a_id, b_id) or prefetched is None:
            return None
        same_texts = prefetched.a.text == a.text and prefetched.b.text == b.text
        return prefetched if same_texts else None  # one changed since: compare again

    def on_relations_stored(self, doc_ids: list[int]) -> None:
        """Read the panel again when the open document's relations changed (its id is the
        panel's: nothing is read to know it; none when it opened before it was in the library),
        or while its answer is still due."""
        shown = self._panel_for
        if self.reading_view.current is None:
            return
        if not self._panel_relatives() or (
            shown is not None and (shown[1] is None or shown[1] in doc_ids)
        ):
            self.show_relatives()  # its answer may have been read before these were stored

    def focus_relatives(self) -> None:
        if not self._panel_relatives() or not self.panel.focus():
            self.show_problem(
                "No original, copy, sibling or earlier version of this document is known yet."
            )

    def compare_current(self) -> None:
        """Compare the open document with the relative chosen in the provenance panel, else
        with its original (or copy, or other version)."""
        doc_id = self._current_id()
        if doc_id is None:
            self.show_problem("Open a document from the library to compare it.")
            return
        listed = self._panel_relatives()
        chosen = self.panel.chosen() if listed and self.panel.list.hasFocus() else None
        if chosen is None:
            stored = self.panel.provenance.relatives if listed and self.panel.isVisible() else []
            if stored:
                chosen = (stored[0].doc_id, stored[0].role)
        if chosen is not None:
            self.compare_documents(*sides_with(doc_id, *chosen))
            return
        self._find_and_compare(doc_id)

    def _find_and_compare(self, doc_id: int) -> None:
        """Nothing stored: look for the document's relatives in a worker (each candidate is
        compared, far too slow for the GUI thread), then open the comparison."""
        self._request += 1
        request = self._request
        core = self.context.core
        self.show_problem(LOOKING)

        def work(_report: object) -> tuple[int, int] | None:
            db = core.connect_worker()
            try:
                relatives = find_relatives(Library(db), db, doc_id)
            finally:
                db.close()
            return comparison_sides(doc_id, relatives[0]) if relatives else None

        def done(sides: tuple[int, int] | None) -> None:
            if request != self._request or self._current_id() != doc_id:
                return  # asked again, or another document opened, since
            if sides is None:
                self.show_problem(
                    "No original, copy or other version of this document is in the library."
                )
                return
            self.withdraw_message(LOOKING)  # answered: the comparison opens
            self.compare_documents(*sides)

        def failed(error: Exception) -> None:
            if request == self._request:
                self.show_problem(f"The document's relatives could not be found: {error}")

        run_in_background(work, done, failed)

    def compare_selected(self) -> None:
        """Any two documents the reader picked in the library, the original on the left."""
        chosen = self.selected_ids()
        if len(chosen) != 2:
            self.show_problem(
                "Select two documents in the library (Ctrl+click adds the second) to compare them."
            )
            return
        self.compare_documents(chosen[0], chosen[1], orient=True)

    def compare_documents(self, a_id: int, b_id: int, orient: bool = False) -> None:
        """Open the comparison of two library documents (a on the left; with `orient`, the
        original goes left once the comparison says which it is)."""
        library = self.context.core.library
        try:
            a, b = library.document(a_id), library.document(b_id)
        except (KeyError, StoreAccessError):
            self.show_problem("That document is no longer in the library.")
            return
        self._request += 1
        request = self._request
        self._return_to = self.reading_view
        known = self._known(a_id, a, b_id, b) or (
            self._known(b_id, b, a_id, a) if orient else None
        )
        if known is not None:
            sides = ((a_id, a), (b_id, b)) if known.a.text == a.text else ((b_id, b), (a_id, a))
            self._show(*sides, known)
            return
        self._open_window()
        self.window.show_pending(
            (a_id, a.title, a.text), (b_id, b.title, b.text), self.reading_view.font()
        )

        def work(_report: object) -> tuple[bool, Comparison]:
            comparison = compare_texts(a.text, b.text)
            if orient and comparison.relation == "b-original":
                return True, compare_texts(b.text, a.text)
            return False, comparison

        def done(result: tuple[bool, Comparison]) -> None:
            if request != self._request or not self.window.isVisible():
                return  # closed, or another pair asked for since: a stale answer
            swapped, comparison = result
            sides = ((b_id, b), (a_id, a)) if swapped else ((a_id, a), (b_id, b))
            self._show(*sides, comparison)

        def failed(error: Exception) -> None:
            if request == self._request and self.window.isVisible():
                self.window.show_failure(f"The documents could not be compared: {error}")

        self.window.after_paint(lambda: run_in_background(work, done, failed))

    def _size_window(self) -> None:
        """A hidden window takes its parent's size before it is filled: the first rows
        filled are what fits."""
        window = self.window
        parent = window.parentWidget()
        if parent is not None and not window.isVisible():
            window.setGeometry(parent.geometry())

    def _open_window(self) -> None:
        window = self.window
        self._size_window()
        window.show()
        window.raise_()
        window.activateWindow()
        window.view.setFocus()

    def _show(
        self, a: tuple[int, Document], b: tuple[int, Document], comparison: Comparison
    ) -> None:
        window = self.window
        self._size_window()
        window.show_comparison(
            comparison, (a[0], a[1].title), (b[0], b[1].title), self.reading_view.font()
        )
        self._open_window()
        self.comparison_shown.emit(comparison)

    def on_closed(self) -> None:
        """Back where you were: the main window and the reading pane, as they were. A
        comparison still running is answered into the void."""
        self._request += 1
        target = self._return_to
        if target is not None:
            target.window().activateWindow()
            target.setFocus()
