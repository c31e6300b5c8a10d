"""Asks which notes a sidebar shows: at once for a few, on a worker thread for many.

A document with 50,000 notes took most of a second to list and filter on the GUI thread;
above `BACKGROUND_NOTES` the question goes to a worker (its own connection) and the
answer comes back by signal. Only the latest question's answer is delivered: one asked
meanwhile waits behind the running one, and anything older is dropped.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from reader.core.notes.listing import NoteListing, NoteQuery

BACKGROUND_NOTES = 2000
"""Scopes holding more notes than this are listed on a worker (under it: a few ms)."""

Answer = Callable[[NoteQuery], NoteListing]


class NotesLister(QObject):
    listed = Signal(object)
    """The `NoteListing` answering the latest question."""
    failed = Signal(str)
    """A background listing failed; the rows shown stay, and this says why."""

    def __init__(self, count: Callable[[NoteQuery], int], at_once: Answer,
                 in_background: Answer | None, parent: QObject | None = None, *,
                 background_notes: int = BACKGROUND_NOTES) -> None:
        super().__init__(parent)
        self._count = count
        self._at_once = at_once
        self._in_background = in_background
        self.background_notes = background_notes
        self._asked = 0
        self._running = False
        self._waiting: tuple[int, NoteQuery] | None = None
        self._size: tuple[NoteQuery, int] | None = None
        """The last scope counted and its size (a count of 50,000 rows is ~6 ms)."""

    def size_of(self, scope: NoteQuery) -> int:
        """How many notes the scope holds: the last count if it was this scope's."""
        if self._size is None or self._size[0] != scope:
            self._size = (scope, self._count(scope))
        return self._size[1]

    @property
    def pending(self) -> bool:
        """An answer is awaited from a worker."""
        return self._running

    def ask(self, query: NoteQuery, recount: bool = True) -> bool:
        """List the query's notes; True when `listed` was emitted before returning.
        `recount` False: only a filter changed, so the scope's last count still decides."""
        self._asked += 1
        if recount:
            self._size = None
        if self._in_background is None or self.size_of(query.unfiltered()) <= \
                self.background_notes:
            self.listed.emit(self._at_once(query))  # later than any running answer: wins
            return True
        if self._running:
            self._waiting = (self._asked, query)
        else:
            self._start(self._asked, query)
        return False

    def _start(self, generation: int, query: NoteQuery) -> None:
        from reader.ui.tasks import run_in_background

        work = self._in_background
        assert work is not None
        self._running = True
        run_in_background(lambda _report: work(query),
                          lambda listing: self._answered(generation, listing),
                          lambda error: self._answered(generation, None, error))

    def _answered(self, generation: int, listing: NoteListing | None,
                  error: Exception | None = None) -> None:
        self._running = False
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            self._start(*waiting)  # this answer is out of date: the next is on its way
            return
        if generation != self._asked:
            return
        if listing is None:
            self.failed.emit(f"The notes could not be listed: {error}")
            return
        self.listed.emit(listing)
