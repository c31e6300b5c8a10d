"""Every user action in one Qt-free table: menus, context menus, the shortcut sheet, the
`reader shortcuts` command, the README and the tests all read it.

Add a feature's actions here as `Command` rows and their handlers beside the feature's code
(its `handlers()`, registered with `ActionTable.register`); never create a shortcut anywhere
else. Platform-standard keys are
written `SK.Find` (resolved to the platform's bindings by `reader.ui.actions.qactions`);
the rest are portable strings such as "Ctrl+Shift+F". It lives outside `reader.ui` so
that command-line subcommands can print it without importing Qt.
"""

from __future__ import annotations

from typing import NamedTuple


class StandardKey(NamedTuple):
    """A `QKeySequence.StandardKey` named without Qt; `default` is its usual binding."""

    name: str
    default: str

    def __str__(self) -> str:
        return f"StandardKey.{self.name}"


class SK:
    """The standard keys reader uses, with the binding most platforms give them."""

    HelpContents = StandardKey("HelpContents", "F1")
    Quit = StandardKey("Quit", "Ctrl+Q")
    Open = StandardKey("Open", "Ctrl+O")
    Save = StandardKey("Save", "Ctrl+S")
    SaveAs = StandardKey("SaveAs", "Ctrl+Shift+S")
    Close = StandardKey("Close", "Ctrl+W")
    New = StandardKey("New", "Ctrl+N")
    Print = StandardKey("Print", "Ctrl+P")
    Delete = StandardKey("Delete", "Del")
    Undo = StandardKey("Undo", "Ctrl+Z")
    Redo = StandardKey("Redo", "Ctrl+Shift+Z")
    Cut = StandardKey("Cut", "Ctrl+X")
    Copy = StandardKey("Copy", "Ctrl+C")
    Paste = StandardKey("Paste", "Ctrl+V")
    SelectAll = StandardKey("SelectAll", "Ctrl+A")
    Find = StandardKey("Find", "Ctrl+F")
    FindNext = StandardKey("FindNext", "F3")
    FindPrevious = StandardKey("FindPrevious", "Shift+F3")
    Refresh = StandardKey("Refresh", "F5")
    FullScreen = StandardKey("FullScreen", "F11")
    ZoomIn = StandardKey("ZoomIn", "Ctrl++")
    ZoomOut = StandardKey("ZoomOut", "Ctrl+-")
    Back = StandardKey("Back", "Alt+Left")
    Forward = StandardKey("Forward", "Alt+Right")
    Preferences = StandardKey("Preferences", "Ctrl+,")
    MoveToNextPage = StandardKey("MoveToNextPage", "PgDown")
    MoveToPreviousPage = StandardKey("MoveToPreviousPage", "PgUp")
    MoveToStartOfDocument = StandardKey("MoveToStartOfDocument", "Ctrl+Home")
    MoveToEndOfDocument = StandardKey("MoveToEndOfDocument", "Ctrl+End")


Key = str | StandardKey

MENUS = ("File", "Edit", "View", "Go", "Notes", "Help")

SCOPED_PREFIXES = ("reading.", "library.remove", "library.paste", "library.rename", "compare.")
"""Commands named with these prefixes only fire while that pane has focus, so single-letter
keys (j, k, c, n, h) never steal typing from the filter box or the notes editor; the
"compare." ones act only in the comparison window."""


class Command(NamedTuple):
    name: str
    """Stable id used for settings and tests, e.g. 'document.next'."""
    text: str
    """Menu text, with an & mnemonic."""
    keys: tuple[Key, ...]
    menu: str
    help: str


COMMANDS: tuple[Command, ...] = (
    # File
    Command("library.add_files", "&Add Files…", (SK.Open,), "File",
            "Add text, Markdown or HTML files to the library"),
    Command("library.add_folder", "Add &Folder…", ("Ctrl+Shift+O",), "File",
            "Add every article in a folder and its sub-folders"),
    Command("library.add_url", "Add from &URL…", ("Ctrl+Shift+U",), "File",
            "Fetch a web page by its address and add it (a changed page keeps its old text)"),
    Command("library.paste_url", "&Paste Web Address", (SK.Paste,), "File",
            "In the library list: add the web page whose address is on the clipboard"),
    Command("library.watch_folder", "&Watch Folder…", (), "File",
            "Add a folder and keep the library in step with it as files change"),
    Command("app.quit", "&Quit", (SK.Quit, "Ctrl+Q"), "File", "Close reader"),
    # Edit (undo/redo of note changes and removals; a text field's own undo wins in it)
    Command("edit.undo", "&Undo", (SK.Undo,), "Edit",
            "Undo the last change to a note or the library"),
    Command("edit.redo", "&Redo", (SK.Redo,), "Edit", "Redo the last undone change"),
    Command("library.rename", "Edit &Title…", ("F2",), "Edit",
            "In the library list: give the selected document a title of your own"),
    Command("library.versions", "Earlier &Versions…", ("Ctrl+Shift+V",), "View",
            "Read the earlier texts of the selected document, your notes where they sat in each"),
    Command("library.remove", "&Remove from Library", (SK.Delete,), "Edit",
            "Remove the selected documents from the library (the files stay on disk)"),
    # Edit
    Command("find.open", "&Find in Document…", (SK.Find,), "Edit",
            "Find words in the open document; every match is marked"),
    Command("find.next", "Find &Next", (SK.FindNext,), "Edit",
            "Go to the next match of the current find"),
    Command("find.previous", "Find Pre&vious", (SK.FindPrevious,), "Edit",
            "Go to the previous match of the current find"),
    Command("search.library", "&Search Library and Notes…", ("Ctrl+Shift+F", "Ctrl+K"), "Edit",
            "Search every document and note; Enter opens the document at the match"),
    Command("reading.extend_next", "Extend Selection to Next Paragraph",
            ("Shift+J", "Ctrl+Shift+Down"), "Edit",
            "Grow the selection to the end of the next paragraph"),
    Command("reading.extend_previous", "Extend Selection to Previous Paragraph",
            ("Shift+K", "Ctrl+Shift+Up"), "Edit",
            "Grow the selection back to the start of the previous paragraph"),
    # View
    Command("view.zoom_in", "Zoom &In", (SK.ZoomIn, "Ctrl+="), "View", "Larger reading text"),
    Command("view.zoom_out", "Zoom &Out", (SK.ZoomOut,), "View", "Smaller reading text"),
    Command("view.zoom_reset", "&Actual Size", ("Ctrl+0",), "View",
            "Reading text at the chosen font size"),
    Command("view.wider", "&Wider Lines", ("Ctrl+]",), "View",
            "More characters per line in the reading pane"),
    Command("view.narrower", "&Narrower Lines", ("Ctrl+[",), "View",
            "Fewer characters per line in the reading pane"),
    Command("view.font", "Reading &Font…", (), "View", "Choose the reading font and size"),
    Command("view.theme_next", "Next &Theme", ("Ctrl+Shift+T",), "View",
            "Cycle through system, light, dark and sepia themes"),
    Command("view.theme_system", "Follow &System", (), "View/Theme",
            "Light or dark as the desktop is set"),
    Command("view.theme_light", "&Light", (), "View/Theme", "Dark text on white"),
    Command("view.theme_dark", "&Dark", (), "View/Theme",
            "Light text on a dark background"),
    Command("view.theme_sepia", "S&epia", (), "View/Theme", "Brown text on warm paper"),
    Command("passage.explain", "&Why This Kind?", ("Ctrl+I",), "View",
            "Explain why the passage under the cursor is reporting, commentary or furniture"),
    Command("view.show_all", "Show &Everything", ("Ctrl+1",), "View",
            "Show every passage"),
    Command("view.hide_furniture", "Hide &Furniture", ("Ctrl+2",), "View",
            "Hide captions, credits, ads and other page furniture"),
    Command("view.reporting_only", "&Reporting Only", ("Ctrl+3",), "View",
            "Show only the original reporting"),
    Command("view.commentary_only", "&Commentary Only", ("Ctrl+4",), "View",
            "Show only commentary added by a republisher or annotator"),
    # Go
    Command("focus.library", "Go to &Library", ("Alt+1",), "Go", "Move focus to the library"),
    Command("focus.reading", "Go to &Reading Pane", ("Alt+2",), "Go",
            "Move focus to the reading pane"),
    Command("focus.notes", "Go to &Notes", ("Alt+3",), "Go", "Move focus to the notes sidebar"),
    Command("focus.next_pane", "Next &Pane", ("F6",), "Go",
            "Move focus to the next pane: library, reading, notes"),
    Command("focus.previous_pane", "Previous P&ane", ("Shift+F6",), "Go",
            "Move focus to the previous pane"),
    Command("document.next", "&Next Document", ("Ctrl+PgDown", "Alt+Down"), "Go",
            "Open the next document in the library"),
    Command("document.previous", "&Previous Document", ("Ctrl+PgUp", "Alt+Up"), "Go",
            "Open the previous document in the library"),
    Command("passage.open_original", "Open &Original at Passage", ("Ctrl+Return",), "Go",
            "Open the original article at the passage under the cursor"),
    Command("go.back", "&Back", ("Alt+Left",), "Go",
            "Go back to the document and place you were reading before"),
    Command("go.forward", "&Forward", ("Alt+Right",), "Go",
            "Go forward again to the place you went back from"),
    Command("document.compare", "Compare with Ori&ginal", ("Ctrl+Shift+C",), "Go",
            "Show this document beside its original (or copy): what was added, changed, "
            "moved and left out"),
    Command("document.relatives", "&Relatives of This Document", ("Ctrl+Shift+R",), "Go",
            "Go to the list of this document's original, copies, siblings and versions above "
            "the text: Enter opens one, Ctrl+Shift+C compares with it"),
    Command("document.compare_selected", "Compare Selected Doc&uments", ("Ctrl+Shift+M",), "Go",
            "Show the two documents selected in the library side by side (Ctrl+click selects "
            "a second one)"),
    Command("compare.next", "Next &Difference", ("D", "F7"), "Go/Comparison",
            "In the comparison, go to the next added, changed, moved or left-out passage"),
    Command("compare.previous", "Previous D&ifference", ("Shift+D", "Shift+F7"),
            "Go/Comparison", "In the comparison, go to the previous difference"),
    Command("compare.switch_side", "&Switch Side", ("S",), "Go/Comparison",
            "In the comparison, move between the original's column and the copy's"),
    Command("compare.expand", "&Expand Left-out Passage", ("E",), "Go/Comparison",
            "In the comparison, show a left-out passage whole, or fold it again"),
    Command("compare.open_passage", "&Open Document at Passage", ("Return", "O"),
            "Go/Comparison", "Open the current column's document at the current passage"),
    Command("compare.close", "&Close Comparison", ("Esc",), "Go/Comparison",
            "Close the comparison and return to where you were"),
    Command("reading.paragraph_next", "Next P&aragraph", ("J", "Ctrl+Down"), "Go",
            "Move to the next paragraph"),
    Command("reading.paragraph_previous", "Previous Pa&ragraph", ("K", "Ctrl+Up"), "Go",
            "Move to the previous paragraph"),
    Command("reading.commentary_next", "Next &Commentary", ("C", "]"), "Go",
            "Jump to the next commentary passage"),
    Command("reading.commentary_previous", "Previous Co&mmentary", ("Shift+C", "["), "Go",
            "Jump to the previous commentary passage"),
    Command("reading.note_next", "Next N&ote", ("N",), "Go", "Jump to the next highlight or note"),
    Command("reading.note_previous", "Previous No&te", ("Shift+N",), "Go",
            "Jump to the previous highlight or note"),
    Command("reading.page_down", "Page &Down", (SK.MoveToNextPage, "Space"), "Go",
            "Scroll the reading pane down one screen"),
    Command("reading.page_up", "Page &Up", (SK.MoveToPreviousPage, "Shift+Space"), "Go",
            "Scroll the reading pane up one screen"),
    Command("reading.top", "&Top of Document", (SK.MoveToStartOfDocument,), "Go",
            "Go to the start of the document"),
    Command("reading.bottom", "&Bottom of Document", (SK.MoveToEndOfDocument, "Shift+G"), "Go",
            "Go to the end of the document"),
    # Notes
    Command("note.highlight", "&Highlight Selection", ("Ctrl+Shift+H",), "Notes",
            "Highlight the selected text in the last colour used"),
    Command("note.highlight_note", "Highlight and Add &Note", ("Ctrl+Shift+N",), "Notes",
            "Highlight the selection (or the paragraph at the caret) and start its note"),
    Command("note.document_note", "&Document Note", ("Ctrl+Shift+D",), "Notes",
            "Add a note about the whole document"),
    Command("note.delete", "De&lete Note", ("Ctrl+Shift+Del",), "Notes",
            "Delete the note selected in the sidebar (undo brings it back)"),
    Command("note.reattach", "&Re-attach Note to Selection", (), "Notes",
            "Give the selected (orphaned) note the passage selected in the reading pane"),
    Command("notes.all", "&All Notes", ("Ctrl+Shift+A",), "Notes",
            "Switch the sidebar between this document's notes and the whole library's"),
    Command("notes.filter", "&Filter Notes", ("Ctrl+Alt+F",), "Notes",
            "Move to the notes filter (Escape clears it)"),
    Command("notes.export", "&Export Notes…", (), "Notes",
            "Save the notes in the sidebar as Markdown or W3C Web Annotation JSON"),
    Command("notes.import", "&Import Notes…", (), "Notes",
            "Merge notes from a W3C Web Annotation JSON file"),
    Command("reading.highlight", "&Highlight Paragraph or Selection", ("H",), "Notes",
            "Highlight the selection, or the current paragraph when nothing is selected"),
    # Help
    Command("help.shortcuts", "&Keyboard Shortcuts…", (SK.HelpContents, "?"), "Help",
            "Show every action and its keys; change them here"),
    Command("help.guide", "How reader &Decides…", (), "Help",
            "What reporting, commentary and furniture are, and how each passage is labelled"),
    Command("help.about", "&About reader…", (), "Help",
            "Version, data folder and licence"),
)

CONTEXT_MENUS: dict[str, tuple[str, ...]] = {
    "reading": (
        "reading.highlight", "passage.explain", "passage.open_original", "find.open",
        "reading.commentary_next", "reading.note_next", "search.library", "help.shortcuts",
    ),
    "library": ("document.next", "document.previous", "library.remove", "search.library",
                "library.add_files"),
}
"""Context menu of each pane: command names, in order (a name may appear in several)."""


def command(name: str) -> Command:
    for entry in COMMANDS:
        if entry.name == name:
            return entry
    raise KeyError(name)


def key_text(key: Key) -> str:
    """Portable text of one key: a standard key's usual binding."""
    return key.default if isinstance(key, StandardKey) else key


def keys_text(keys: tuple[Key, ...], separator: str = ", ") -> str:
    seen: list[str] = []
    for key in keys:
        text = key_text(key)
        if text not in seen:
            seen.append(text)
    return separator.join(seen)


def menu_path(entry: Command) -> str:
    parts = [*entry.menu.split("/"), entry.text.replace("&", "").rstrip("…")]
    return " › ".join(parts)
