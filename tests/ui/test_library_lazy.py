"""The lazy library list: ids in SQL order, rows read as painted, big libraries answered on a
worker thread while the view keeps its rows and selection."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt

from reader.core.background import list_ids
from reader.core.library.documents import ListQuery
from reader.ui.library.model import BLOCK, ENTRY_ROLE, LibraryModel
from reader.ui.library.panel import LibraryPanel
from reader.ui.library.title_delegate import TitleDelegate

COUNT = 600


def _fill(core, count: int = COUNT) -> None:  # type: ignore[no-untyped-def]
    library = core.library
    with library.batch():
        for n in range(count):
            title = f"{'Harbour' if n % 3 == 0 else 'Budget'} story {n:04}"
            library.store_text(
                f"/news/{n // 100}/doc{n:04}.txt", f"{title}\n\nBody {n}.", title, f"h{n}",
                n % 50, 10, 0.0,
            )


def _model(core, threads: list[str] | None = None) -> LibraryModel:  # type: ignore[no-untyped-def]
    def lister(query: ListQuery) -> list[int]:
        if threads is not None:
            threads.append(threading.current_thread().name)
        return list_ids(core, query)

    return LibraryModel(core.library, lister, background_rows=0)


def _titles(model: LibraryModel) -> list[str]:
    return [model.index(r, 0).data(ENTRY_ROLE).title for r in range(model.rowCount())]


def test_rows_are_read_as_they_are_asked_for(core) -> None:  # type: ignore[no-untyped-def]
    _fill(core)
    model = _model(core)
    assert model.rowCount() == COUNT
    assert model.rows_in_memory == 0  # the ids only, until a view asks
    assert model.index(COUNT - 1, 0).data() == f"Budget story {COUNT - 1:04}"
    assert model.rows_in_memory == COUNT - (COUNT - 1) // BLOCK * BLOCK  # one block


def test_filter_and_sort_are_answered_off_the_gui_thread(
    qtbot, qtmodeltester, core  # type: ignore[no-untyped-def]
) -> None:
    _fill(core)
    threads: list[str] = []
    model = _model(core, threads)
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.rows_replaced, timeout=5000):
        model.set_filter(contains="harbour")
        assert model.pending and model.rowCount() == COUNT  # the old rows until the answer
    assert model.rowCount() == COUNT // 3
    assert all(t.startswith("Harbour") for t in _titles(model))
    with qtbot.waitSignal(model.layoutChanged, timeout=5000):
        model.sort(LibraryModel.WORDS, Qt.SortOrder.DescendingOrder)
    words = [model.index(r, 0).data(ENTRY_ROLE).word_count for r in range(model.rowCount())]
    assert words == sorted(words, reverse=True)
    assert threads and threading.main_thread().name not in threads
    qtmodeltester.check(model)


def test_the_row_of_each_id_is_worked_out_on_the_worker(
    qtbot, core, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    """At 100,000 documents the id -> row map took the GUI thread ~30 ms per answer."""
    from reader.ui.library import model as model_module

    _fill(core)
    on_gui_thread: list[bool] = []
    real = model_module._with_rows

    def with_rows(ids: list[int]) -> tuple[list[int], dict[int, int]]:
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return real(ids)

    monkeypatch.setattr(model_module, "_with_rows", with_rows)
    model = _model(core)
    with qtbot.waitSignal(model.rows_replaced, timeout=5000):
        model.set_filter(contains="harbour")
    assert on_gui_thread == [False]
    ids = model.ids()
    assert [model.row_of(doc_id) for doc_id in ids] == list(range(len(ids)))


def test_only_the_latest_filter_is_shown(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    _fill(core)
    model = _model(core)
    for text in ("b", "bu", "bud", "harb", "harbour story 000"):  # typed fast
        model.set_filter(contains=text)
    qtbot.waitUntil(lambda: not model.pending, timeout=5000)
    assert _titles(model) == ["Harbour story 0000", "Harbour story 0003", "Harbour story 0006",
                              "Harbour story 0009"]


def _shown_panel(qtbot, core) -> tuple[LibraryModel, LibraryPanel, list[int]]:  # type: ignore[no-untyped-def]
    """The filled library's panel on screen, and the ids it opens as they are opened."""
    _fill(core)
    model = _model(core)
    panel = LibraryPanel(model)
    qtbot.addWidget(panel)
    panel.show()
    opened: list[int] = []
    panel.document_selected.connect(opened.append)
    return model, panel, opened


def test_the_selection_survives_filtering_sorting_and_outside_changes(
    qtbot, core, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    model, panel, opened = _shown_panel(qtbot, core)
    target = model.ids()[9]  # "Harbour story 0009"
    assert panel.select_document(target)
    assert opened == [target]
    with qtbot.waitSignal(model.rows_replaced, timeout=5000):
        panel.filter_edit.setText("harbour")
    assert panel.current_id() == target and opened == [target]  # not reopened
    with qtbot.waitSignal(model.layoutChanged, timeout=5000):
        panel.sort_by(LibraryModel.TITLE, descending=True)
    assert panel.current_id() == target
    # another program adds a document: the list asks again, the selection stays
    core.library.store_text("/news/zz.txt", "Harbour late\n\nx", "Harbour late", "hz", 1, 1, 0.0)
    with qtbot.waitSignal(model.rows_replaced, timeout=5000):
        model.reload()
    assert panel.current_id() == target
    assert "Harbour late" in _titles(model)
    assert opened == [target]
    panel.view.selectionModel().setCurrentIndex(
        panel.proxy.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    assert opened[-1] == model.ids()[0] != target


def test_the_open_document_is_current_again_when_a_filter_shows_it_again(
    qtbot, core  # type: ignore[no-untyped-def]
) -> None:
    """Answered on a worker, the filter's rows arrive after the panel has looked for the open
    row: clearing a filter that hid it left no row current, so the next outside change
    opened the first row instead."""
    model, panel, opened = _shown_panel(qtbot, core)
    target = model.ids()[10]  # "Budget story 0010"
    assert panel.select_document(target)
    with qtbot.waitSignal(model.rows_replaced, timeout=5000):
        panel.filter_edit.setText("harbour")  # hides it
    assert panel.current_id() is None
    with qtbot.waitSignal(model.rows_replaced, timeout=5000):
        panel.filter_edit.setText("")
    assert panel.current_id() == target
    assert panel.selected_ids() == [target]
    assert opened == [target]  # made current again, not opened again


def test_imported_rows_append_in_place_or_are_placed_by_sql(
    qtbot, core  # type: ignore[no-untyped-def]
) -> None:
    _fill(core, 10)
    model = LibraryModel(core.library)  # small: answered at once
    doc_id, _ = core.library.store_text("/n/a.txt", "Zed\n\nx", "Zed", "hzed", 1, 1, 0.0)
    model.update_documents([doc_id])
    assert model.row_of(doc_id) == 10  # the order added: appended
    model.sort(LibraryModel.TITLE)
    other, _ = core.library.store_text("/n/b.txt", "Aardvark\n\nx", "Aardvark", "ha", 1, 1, 0.0)
    model.update_documents([other])
    assert model.row_of(other) == 0 and model.row_of(doc_id) == 11  # where SQL sorts them


def test_rows_of_one_title_say_what_tells_them_apart_and_follow_changes(core) -> None:  # type: ignore[no-untyped-def]
    from reader.core.library.pages import WebColumns

    library = core.library
    first, _ = library.store_text(
        "/saved/a.html", "Summit ends\n\nBody.", "Summit ends", "ha", 2, 10, 0.0,
        web=WebColumns(site="The Guardian", published="2024-03-01T09:30"),
    )
    model = _model(core)
    assert model.index(0, 0).data() == "Summit ends"  # alone in its title: as it is
    second, _ = library.store_text(
        "/saved/b.html", "Summit ends\n\nOther body.", "Summit ends", "hb", 2, 10, 0.0,
        web=WebColumns(site="NY Post", published="2024-03-02"),
    )
    model.update_documents([second])
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "Summit ends — The Guardian, 2024-03-01",
        "Summit ends — NY Post, 2024-03-02",
    ]
    library.remove([second])
    model.remove_documents([second])
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Summit ends"]
    assert model.index(0, 0).data(ENTRY_ROLE).id == first


def test_a_told_apart_title_is_cut_in_the_middle_so_its_site_stays_in_sight(
    qtbot, core  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtWidgets import QStyleOptionViewItem

    from reader.core.library.pages import WebColumns

    for name, site in (("a", "Gizmodo"), ("b", "Gawker"), ("c", "")):
        title = "The gear you need" if name != "c" else "Storm hits"
        core.library.store_text(
            f"/saved/{name}.html", f"{title}\n\nBody {name}.", title, f"h{name}", 2, 10, 0.0,
            web=WebColumns(site=site),
        )
    panel = LibraryPanel(_model(core))
    qtbot.addWidget(panel)
    assert not isinstance(panel.view.itemDelegateForColumn(LibraryModel.TITLE), TitleDelegate)
    panel.complete()  # the delegates come after the first paint
    delegate = panel.view.itemDelegateForColumn(LibraryModel.TITLE)
    assert isinstance(delegate, TitleDelegate)
    modes = []
    for row in range(3):
        option = QStyleOptionViewItem()
        option.textElideMode = Qt.TextElideMode.ElideRight
        delegate.initStyleOption(option, panel.proxy.index(row, LibraryModel.TITLE))
        modes.append(option.textElideMode)
    middle, right = Qt.TextElideMode.ElideMiddle, Qt.TextElideMode.ElideRight
    assert modes == [middle, middle, right]


def test_a_title_led_by_its_relation_is_cut_at_the_end_so_the_title_stays_readable(
    qtbot, core  # type: ignore[no-untyped-def]
) -> None:
    """Two documents of one title, one a copy of the other: the relation label tells them
    apart, so the row does not cut its title in the middle ('original…ntinued…')."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    title = "Minister resigns over harbour contract"
    body = "The minister resigned on Friday after the harbour contract was published. " * 6
    core.library.store_text("/saved/a.txt", f"{title}\n\n{body}", title, "ha", 60, 10, 0.0)
    core.library.store_text(
        "/saved/b.txt", f"{title}\n\n{body}\n\nComment: a scandal.", title, "hb", 63, 10, 0.0
    )
    original, copy = (core.library.id_for_path(f"/saved/{name}.txt") for name in "ab")
    with core.db:
        core.db.execute(
            "INSERT INTO relations (copy_id, original_id, kind, added, left_out, changed)"
            " VALUES (?, ?, 'copy', 1, 0, 0)",
            (copy, original),
        )
    panel = LibraryPanel(_model(core))
    qtbot.addWidget(panel)
    assert not isinstance(panel.view.itemDelegateForColumn(LibraryModel.TITLE), TitleDelegate)
    panel.complete()  # the delegates come after the first paint
    delegate = panel.view.itemDelegateForColumn(LibraryModel.TITLE)
    assert isinstance(delegate, TitleDelegate)
    for row in range(2):
        index = panel.proxy.index(row, LibraryModel.TITLE)
        assert index.data(ENTRY_ROLE).told_apart  # the two share a title
        option = QStyleOptionViewItem()
        option.textElideMode = panel.view.textElideMode()
        delegate.initStyleOption(option, index)
        assert option.text.split(" · ")[0] in ("copy", "original — 1 copy")
        assert option.textElideMode == Qt.TextElideMode.ElideRight
