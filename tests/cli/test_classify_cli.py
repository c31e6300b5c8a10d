"""`reader classify`: the JSON contract scripts rely on, the listing, and bad files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ORIGINAL, REPUBLISHED

KINDS = {"reporting", "commentary", "furniture"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "classify", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def _check_cover(path: str, segments: list[dict[str, object]]) -> None:
    text = Path(path).read_bytes().decode("utf-8")
    covered = [False] * len(text)
    last_end = 0
    for seg in segments:
        assert set(seg) == {"start", "end", "kind", "reason", "source", "confidence"}
        assert isinstance(seg["confidence"], float) and 0.0 <= seg["confidence"] <= 1.0
        start, end = seg["start"], seg["end"]
        assert isinstance(start, int) and isinstance(end, int)
        assert last_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert seg["kind"] in KINDS and isinstance(seg["reason"], str) and seg["reason"]
        for i in range(start, end):
            covered[i] = True
        last_end = end
    assert all(covered[i] for i, ch in enumerate(text) if not ch.isspace())


def test_json_contract_for_files_named_together() -> None:
    done = run("--json", str(ORIGINAL), str(REPUBLISHED))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [r["path"] for r in result] == [str(ORIGINAL), str(REPUBLISHED)]
    for item in result:
        assert item["title"].startswith("NATO Secretary General")
        _check_cover(item["path"], item["segments"])
    assert result[0]["relation"] == {"role": "original", "other": str(REPUBLISHED)}
    assert result[1]["relation"] == {"role": "copy", "other": str(ORIGINAL)}
    copy = result[1]["segments"]
    assert any(s["kind"] == "commentary" for s in copy)
    assert {s["source"] for s in copy if s["source"]} == {str(ORIGINAL)}
    assert all(s["kind"] != "commentary" for s in result[0]["segments"])


def test_relation_of_a_file_alone_and_of_two_wire_versions(tmp_path: Path) -> None:
    """Two outlets' versions of one story, each with a paragraph the other lacks: siblings,
    and neither has commentary; a file with no relative is alone."""
    shared = (
        "PORT ELLIS (Wire) — A container ship ran aground in the Strait of Mora early Friday, "
        "halting traffic for about seven hours, the coast guard said.\n\n"
        "Four tugboats refloated the vessel at high tide around 10 a.m., and it was towed to an "
        "anchorage for inspection, spokesperson Helena Duarte said.\n\n"
    )
    first = tmp_path / "a.txt"
    second = tmp_path / "b.txt"
    first.write_text(
        "Ship runs aground in the Strait of Mora\n\n" + shared + "More than 40 ships were "
        "waiting to pass by mid-morning, according to the ship-tracking firm SeaTrace.\n",
        encoding="utf-8",
    )
    second.write_text(
        "Ship runs aground in the Strait of Mora\n\n" + shared + "The owner, Blue Meridian "
        "Shipping, said in a statement that it would investigate the engine failure.\n",
        encoding="utf-8",
    )
    done = run("--json", str(first), str(second))
    assert done.returncode == 0, done.stderr
    a, b = json.loads(done.stdout)
    assert a["relation"] == {"role": "sibling", "other": str(second)}
    assert b["relation"] == {"role": "sibling", "other": str(first)}
    for item in (a, b):
        assert all(s["kind"] == "reporting" for s in item["segments"])
        assert any(s["reason"].startswith("only in this version") for s in item["segments"])
    [alone] = json.loads(run("--json", str(first)).stdout)
    assert alone["relation"] == {"role": "alone", "other": None}


def test_corpus_dir_supplies_the_original(tmp_path: Path) -> None:
    library = tmp_path / "lib" / "deep"
    library.mkdir(parents=True)
    original = library / "original.txt"
    original.write_text(ORIGINAL.read_text(encoding="utf-8"), encoding="utf-8")
    (library / "broken.txt").write_bytes(b"\xff\xfe not utf-8 \xff")
    (library / "ignored.pdf").write_bytes(b"%PDF")
    copy = tmp_path / "copy.txt"
    text = REPUBLISHED.read_text(encoding="utf-8")
    # An unmarked added paragraph that only the original can reveal.
    added = "Western capitals have never once kept a promise made to Moscow in thirty years."
    copy.write_text(text.replace("\n\nStoltenberg said", f"\n\n{added}\n\nStoltenberg said"))
    done = run("--json", "--corpus", str(tmp_path / "lib"), str(copy))
    assert done.returncode == 0
    assert "broken.txt" in done.stderr
    [item] = json.loads(done.stdout)
    start = copy.read_text().index(added)
    seg = next(s for s in item["segments"] if s["start"] <= start < s["end"])
    assert seg["kind"] == "commentary"
    assert seg["source"] == str(original)
    alone = json.loads(run("--json", str(copy)).stdout)[0]["segments"]
    seg = next(s for s in alone if s["start"] <= start < s["end"])
    assert seg["kind"] == "reporting" and seg["source"] is None


def test_bad_file_is_reported_and_the_others_still_printed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait")
    missing = tmp_path / "missing.txt"
    done = run("--json", str(bad), str(ORIGINAL), str(missing))
    assert done.returncode == 1
    assert str(bad) in done.stderr and "UTF-8" in done.stderr
    assert str(missing) in done.stderr
    result = json.loads(done.stdout)
    assert [r["path"] for r in result] == [str(bad), str(ORIGINAL), str(missing)]
    assert result[1]["segments"] and "error" not in result[1]
    assert result[0]["segments"] == [] and result[0]["error"]


def test_readable_listing_without_json() -> None:
    done = run(str(REPUBLISHED))
    assert done.returncode == 0
    assert "\x1b[" not in done.stdout  # not a terminal: no colour codes
    assert "commentary" in done.stdout and "marker: Comment:" in done.stdout
    assert "Stoltenberg NATO" in done.stdout


def test_classify_does_not_import_qt() -> None:
    code = (
        "import sys; from reader.cli.main import main; "
        f"main(['classify', '--json', {str(ORIGINAL)!r}]); "
        "assert not [m for m in sys.modules if m.startswith('PySide6')]"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_listing_is_coloured_on_a_terminal() -> None:
    import os
    import pty

    main_fd, child_fd = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "classify", str(REPUBLISHED)],
        stdout=child_fd,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(child_fd)
    chunks = []
    while True:
        try:
            data = os.read(main_fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=60)
    os.close(main_fd)
    shown = b"".join(chunks).decode("utf-8")
    assert process.returncode == 0
    assert "\x1b[35mcommentary" in shown and "\x1b[0m" in shown


def test_corpus_in_the_library_is_answered_from_its_index(tmp_path: Path) -> None:
    """`--corpus` over the library's own folder gives what reading the folder gives."""
    folder = tmp_path / "news"
    folder.mkdir()
    original = folder / "original.txt"
    original.write_text(ORIGINAL.read_text(encoding="utf-8"), encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(REPUBLISHED.read_text(encoding="utf-8"), encoding="utf-8")
    data = str(tmp_path / "data")
    added = subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", data, "add", str(folder)],
        capture_output=True, text=True, timeout=60,
    )
    assert added.returncode == 0, added.stderr
    reused = run("--data-dir", data, "--json", "--corpus", str(folder), str(copy))
    read = run("--data-dir", data, "--no-library", "--json", "--corpus", str(folder), str(copy))
    assert reused.returncode == read.returncode == 0, reused.stderr + read.stderr
    assert json.loads(reused.stdout) == json.loads(read.stdout)
    [item] = json.loads(reused.stdout)
    assert item["relation"] == {"role": "copy", "other": str(original)}
