"""The UI never touches the storage: no sqlite3, no SQL, no reaching into the opened store."""

from __future__ import annotations

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "reader" / "ui"

FORBIDDEN = {
    "sqlite3": re.compile(r"\bsqlite3\b"),
    "SQL run on a connection": re.compile(r"\.execute(many|script)?\("),
    "the opened store's path": re.compile(r"\bopened\.path\b"),
}


def test_the_ui_runs_no_sql_and_opens_no_connection() -> None:
    found = [
        f"{path.relative_to(UI.parent.parent)}:{number}: {what}"
        for path in sorted(UI.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for what, pattern in FORBIDDEN.items()
        if pattern.search(line)
    ]
    assert found == []


def test_the_check_sees_what_it_forbids(tmp_path: Path) -> None:
    line = 'db = sqlite3.connect(core.opened.path); db.execute("SELECT 1")'
    assert all(pattern.search(line) for pattern in FORBIDDEN.values())
