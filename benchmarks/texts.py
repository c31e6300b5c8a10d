"""The texts the floors and the reading-pane figures share, built from the bundled seeds."""

from __future__ import annotations

from pathlib import Path

from reader.core.library.seeds import seed_paths

MB = 1_000_000
SIZES = {"1 MB": 1 * MB, "5 MB": 5 * MB}
"""Document sizes named by the issue; bytes of UTF-8."""


def seed_path() -> Path:
    """The seed a fresh library opens first (the first by name), as the launch figures show."""
    return seed_paths()[0]


def seed_text() -> str:
    return seed_path().read_text(encoding="utf-8")


def sized_text(n_bytes: int) -> str:
    """Real news paragraphs (the seeds, repeated) cut to `n_bytes` of UTF-8 at a line end."""
    seeds = [path.read_text(encoding="utf-8").strip() + "\n\n" for path in seed_paths()]
    parts: list[str] = []
    size = 0
    while size < n_bytes:
        for text in seeds:
            parts.append(text)
            size += len(text.encode("utf-8"))
    data = "".join(parts).encode("utf-8")[:n_bytes]
    text = data.decode("utf-8", errors="ignore")
    return text[: text.rfind("\n") + 1] or text


def write_sized(folder: Path, label: str) -> Path:
    """A file of the named size under `folder` (the reading figures load it like a user's)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"document_{label.replace(' ', '')}.txt"
    if not path.exists():
        path.write_text(sized_text(SIZES[label]), encoding="utf-8")
    return path
