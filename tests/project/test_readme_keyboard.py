"""The README's Keyboard section is generated from the action table; they never disagree.

Regenerate with `python -m reader.cli.shortcuts --write-readme`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from reader.cli.shortcuts import README_END, README_START, markdown, replace_section
from reader.keymap import COMMANDS

REPO = Path(__file__).resolve().parents[2]


def test_readme_keyboard_section_matches_the_table() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert README_START in readme and README_END in readme
    section = readme.split(README_START, 1)[1].split(README_END, 1)[0]
    assert section.strip() == markdown().strip(), (
        "README Keyboard section is stale: run python -m reader.cli.shortcuts --write-readme"
    )


def test_replace_section_keeps_the_rest() -> None:
    before = f"# T\n\nintro\n\n{README_START}\nold\n{README_END}\n\n## After\n"
    after = replace_section(before, "new\n")
    assert after == f"# T\n\nintro\n\n{README_START}\nnew\n{README_END}\n\n## After\n"
    assert README_START in replace_section("# T\n", "x\n")


def test_reader_shortcuts_prints_every_command_without_qt() -> None:
    code = (
        "import sys; from reader.cli.main import main; status = main(['shortcuts']);"
        "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NOQT'); "
        "sys.exit(status)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()
    assert lines[-1] == "NOQT"
    for entry in COMMANDS:
        row = next(line for line in lines if line.startswith(entry.name + " "))
        assert entry.help in row
    assert any("Ctrl+F (Find)" in line for line in lines)


def test_reader_shortcuts_shows_the_users_rebindings(qtbot, core, capsys) -> None:  # type: ignore[no-untyped-def]
    from reader.cli.main import main
    from reader.ui.app.launch import create_window

    window = create_window(core)
    qtbot.addWidget(window)
    from PySide6.QtGui import QKeySequence

    window.action_table.rebind("reading.paragraph_next", [QKeySequence("Ctrl+L")])
    window.action_table.rebind("find.open", [QKeySequence("Ctrl+,")])  # a comma: INI quoting
    assert main(["shortcuts", "--data-dir", str(core.data_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(
        line.startswith("reading.paragraph_next") and "Ctrl+L (yours)" in line for line in lines
    )
    assert any(line.startswith("find.open") and "Ctrl+, (yours)" in line for line in lines)
