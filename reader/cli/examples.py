"""Examples shown at the end of each command's `--help` (and in the man page), by command.

A test checks that every command and subcommand has at least one, and that each example
parses with the real parser, so they cannot drift from the options.
"""

from __future__ import annotations

EXAMPLES: dict[str, list[tuple[str, str]]] = {
    "list": [
        ("reader list", "every document, newest first"),
        ("reader list --json --sort title", "as JSON (ISO 8601 dates), by title"),
        ("reader --data-dir ~/work-reader list --collection library",
         "another library, without the seed articles"),
    ],
    "add": [
        ("reader add ~/News", "a folder, recursively"),
        ("reader add -v story.html other.txt", "two files, naming each outcome"),
    ],
    "remove": [("reader remove 12 14", "two documents by id (the files stay on disk)")],
    "search": [
        ("reader search budget vote", "documents and notes with both words"),
        ("reader search --json --limit 5 council", "the best five, as JSON"),
    ],
    "watch": [
        ("reader watch", "list the watched folders"),
        ("reader watch ~/Downloads/articles", "import new files from there as they appear"),
        ("reader watch --stop ~/Downloads/articles", "stop watching it"),
    ],
    "classify": [
        ("reader classify original.txt copy.html", "label both, each the other's corpus"),
        ("reader classify --json --corpus ~/News copy.html", "compare with a folder, as JSON"),
    ],
    "compare": [
        ("reader compare original.txt copy.txt", "what the copy added, changed and left out"),
        ("reader compare --json original.html copy.html", "the alignment as JSON"),
    ],
    "shortcuts": [
        ("reader shortcuts", "every action and its keys"),
        ("reader shortcuts --json", "the same as JSON"),
    ],
    "notes": [
        ("reader notes export -o notes.md", "every note as Markdown"),
        ("reader notes import hypothesis-export.json", "merge notes from Hypothesis"),
    ],
    "notes export": [
        ("reader notes export -o notes.md", "every note as one Markdown file"),
        ("reader notes export -o ~/Vault/Reader/", "one Markdown file per document"),
        ("reader notes export --format json story.txt", "one document's notes as W3C JSON"),
        ("reader notes export --tag budget --json", "notes tagged 'budget', as W3C JSON"),
        ("reader notes export --format html -o evidence.html copy.html",
         "one document annotated, to share"),
    ],
    "notes import": [
        ("reader notes import annotations.json", "W3C, Hypothesis API or client export"),
        ("curl -s https://hypothes.is/api/annotations/ID | reader notes import -",
         "from standard input"),
    ],
    "open": [
        ("reader open 'reader://note/5f0c…'", "show the note's passage in the app"),
        ("reader open --json 'reader://open?hash=…&path=…&start=10&end=42'",
         "say where a link points, without a window"),
    ],
    "install-desktop": [
        ("reader install-desktop", "menu entry, icons, reader:// handler for this user"),
        ("reader install-desktop --uninstall", "take them away again"),
    ],
    "completion": [
        ("reader completion bash > ~/.local/share/bash-completion/completions/reader",
         "bash"),
        ("reader completion fish > ~/.config/fish/completions/reader.fish", "fish"),
    ],
    "man": [("reader man > reader.1 && man ./reader.1", "the manual page, from this parser")],
}
