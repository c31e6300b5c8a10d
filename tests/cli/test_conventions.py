"""The command line follows git's and calibredb's conventions (issue 18), table-tested."""

from __future__ import annotations

import argparse
import io
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli.docs import completion, man_page
from reader.cli.examples import EXAMPLES
from reader.cli.main import full_parser, main

NO_JSON = {"completion": "prints a shell script", "man": "prints roff",
           "notes": "a group: its subcommands take --json"}
"""Commands without --json, and why."""


def _all_commands() -> list[tuple[str, argparse.ArgumentParser]]:
    from reader.cli.docs import _commands

    return [(" ".join(words), sub) for words, sub, _ in _commands(full_parser())]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    doc = tmp_path / "story.txt"
    doc.write_text("Council passes budget\n\nThe vote was close on Tuesday.\n",
                   encoding="utf-8")
    assert main(["--data-dir", str(data), "add", str(doc)]) == 0
    return data


CASES: list[tuple[str, list[str], int, str]] = [
    # (what, argv after the data dir is put in, exit status, text expected on stderr)
    ("global option before the command", ["--data-dir", "{data}", "list"], 0, ""),
    ("global option after the command", ["list", "--data-dir", "{data}"], 0, ""),
    ("unknown command: an error with a suggestion", ["lsit"], 2, "did you mean 'list'?"),
    ("unknown word: an error, never the GUI", ["bogus"], 2, "not a reader command"),
    ("unknown option", ["--data-dir", "{data}", "list", "--frobnicate"], 2,
     "unrecognized arguments"),
    ("bad choice", ["--data-dir", "{data}", "notes", "export", "--format", "pdf"], 2,
     "invalid choice"),
    ("search without a match", ["--data-dir", "{data}", "search", "zebra"], 1, "No matches"),
    ("search with a match", ["--data-dir", "{data}", "search", "budget"], 0, ""),
    ("export of a document not in the library",
     ["--data-dir", "{data}", "notes", "export", "/no/such/file.txt"], 1, "not in the library"),
    ("watching a folder that does not exist",
     ["--data-dir", "{data}", "watch", "/no/such/folder"], 1, "is not a folder"),
    ("removing an unknown id", ["--data-dir", "{data}", "remove", "999"], 1, "no document"),
    ("a missing file to import", ["--data-dir", "{data}", "notes", "import", "/no/x.json"], 1,
     "cannot read"),
]


@pytest.mark.parametrize(("what", "argv", "status", "err"), CASES, ids=[c[0] for c in CASES])
def test_convention(what: str, argv: list[str], status: int, err: str, library: Path,
                    capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    args = [a.replace("{data}", str(library)) for a in argv]
    try:
        code = main(args)
    except SystemExit as exit_:  # argparse's own usage errors
        code = int(exit_.code or 0)
    assert code == status, what
    assert err in capsys.readouterr().err


def test_an_unknown_command_never_starts_the_gui() -> None:
    run = subprocess.run([sys.executable, "-m", "reader", "bogus"], capture_output=True,
                         text=True, timeout=30)
    assert run.returncode == 2 and "reader: 'bogus' is not a reader command" in run.stderr


@pytest.mark.parametrize("name", [name for name, _ in _all_commands()])
def test_every_command_has_a_description_examples_and_json(name: str) -> None:
    parser = dict(_all_commands())[name]
    helped = parser.format_help()
    assert parser.description, name
    assert "examples:" in helped and EXAMPLES.get(name), name
    options = {o for action in parser._actions for o in action.option_strings}
    if name not in NO_JSON:
        assert "--json" in options, f"{name} has no --json"
    for action in parser._actions:
        assert action.help, f"{name}: {action.option_strings or action.dest} has no help"


def test_every_example_parses_with_the_real_parser() -> None:
    parser = full_parser()
    for rows in EXAMPLES.values():
        for command, _why in rows:
            words = shlex.split(command.split("|")[-1].split(">")[0].split("&&")[0])
            assert words[0] == "reader", command
            parser.parse_args(words[1:])  # exits (fails the test) on any error


def test_json_dates_are_iso_8601(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--data-dir", str(library), "list", "--json"]) == 0
    for entry in json.loads(capsys.readouterr().out):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["added_at"])


def test_dash_reads_standard_input(library: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    annotation = {"type": "Annotation", "id": "urn:x:stdin", "bodyValue": "from a pipe",
                  "target": {"source": "https://e.org/", "selector": {
                      "type": "TextQuoteSelector", "exact": "The vote was close"}}}
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(annotation).encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    capsys.readouterr()
    assert main(["--data-dir", str(library), "notes", "import", "--json", "-"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert (counts["added"], counts["orphaned"]) == (1, 0)  # placed by its quote
    assert main(["--data-dir", str(library), "notes", "export", "--json", "-o", "-"]) == 0
    assert "from a pipe" in capsys.readouterr().out


def test_write_readme_refuses_outside_a_checkout(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli import shortcuts

    installed = tmp_path / "site-packages" / "README.md"
    installed.parent.mkdir()
    installed.write_text("not ours\n", encoding="utf-8")
    monkeypatch.setattr(shortcuts, "readme_path", lambda: installed)
    assert main(["shortcuts", "--write-readme"]) == 2
    assert "source checkout" in capsys.readouterr().err
    assert installed.read_text(encoding="utf-8") == "not ours\n"


def test_completion_scripts_come_from_the_parser() -> None:
    bash = completion("bash")
    checked = subprocess.run(["bash", "-n"], input=bash, text=True, capture_output=True)
    assert checked.returncode == 0, checked.stderr
    for name, _ in _all_commands():
        assert name.split()[-1] in bash
    assert "#compdef reader" in completion("zsh")
    fish = completion("fish")
    assert "complete -c reader -n '__reader_needs_command' -a notes" in fish
    assert "__fish_seen_subcommand_from notes; and not __fish_seen_subcommand_from" in fish
    assert "-l data-dir" in fish


def _fish_offers(script: Path, line: str) -> dict[str, str]:
    """What fish offers after `line` (`complete -C`), with the script sourced: {word: help}."""
    done = subprocess.run(["fish", "--no-config", "-c", f"source {script}; complete -C {line!r}"],
                          text=True, capture_output=True, timeout=30)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return dict((row.split("\t") + [""])[:2] for row in done.stdout.splitlines())


def test_fish_completion_loads_in_fish_and_offers_what_the_parser_takes(tmp_path: Path) -> None:
    """Issue 18: the fish script was only ever read as text; here fish itself runs it."""
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed")
    script = tmp_path / "reader.fish"
    script.write_text(completion("fish"), encoding="utf-8")
    checked = subprocess.run(["fish", "--no-execute", str(script)], capture_output=True,
                             text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    assert list(_fish_offers(script, "reader no")) == ["notes"]
    assert set(_fish_offers(script, "reader ")) == {name.split()[0] for name, _ in
                                                    _all_commands()}
    # a global option's value is not taken for the command (fish's own check did that)
    assert "notes" in _fish_offers(script, f"reader --data-dir {tmp_path} ")
    assert set(_fish_offers(script, "reader notes ")) == {"export", "import"}
    assert set(_fish_offers(script, "reader completion ")) == {"bash", "zsh", "fish"}
    formats = _fish_offers(script, "reader notes export --format ")
    assert set(formats) == {"md", "json", "html"} and formats["md"] == "md, json or html"
    assert "--sort" in _fish_offers(script, "reader list --")
    (tmp_path / "story.html").write_text("<p>x</p>", encoding="utf-8")
    assert f"{tmp_path}/story.html" in _fish_offers(script, f"reader add {tmp_path}/st")
    assert _fish_offers(script, "reader remove ") == {}  # ids: no files offered


def test_man_page_is_clean_roff_with_every_command() -> None:
    page = man_page()
    for name, _ in _all_commands():
        assert f".SS reader {name}".replace("-", "\\-") in page
    groff = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z"], input=page, text=True,
                           capture_output=True)
    if groff.returncode == 127:  # pragma: no cover - groff missing
        pytest.skip("groff is not installed")
    assert groff.returncode == 0 and groff.stderr == "", groff.stderr


PIPED = (b"Harbour reopens after repairs\n\nThe harbour reopened on Tuesday after three weeks "
         b"of repairs to the sea wall, the port authority said.\n")
PIPED_PAGE = (b"<!doctype html><html><head><title>Harbour page</title></head><body><article>"
              b"<h1>Harbour page</h1><p>The harbour reopened on Tuesday after three weeks of "
              b"repairs to the sea wall.</p></article></body></html>")

STDIN_CASES: list[tuple[str, list[str], bytes, int, str, str]] = [
    # (what, argv after the data dir, standard input, exit status, stdout has, stderr has)
    ("classify - lists it under the path '-'", ["classify", "-"], PIPED, 0,
     "- — Harbour reopens after repairs", ""),
    ("classify --json - names it '-'", ["classify", "--json", "-"], PIPED, 0,
     '"path": "-"', ""),
    ("classify - reads a page as HTML", ["classify", "-"], PIPED_PAGE, 0,
     "- — Harbour page", ""),
    ("classify - with nothing piped", ["classify", "-"], b"  \n", 1, "",
     "standard input is empty"),
    ("add - stores it", ["add", "-"], PIPED, 0, "1 added", ""),
    ("add - with nothing piped", ["add", "-"], b"", 1, "1 failed", "standard input is empty"),
]


@pytest.mark.parametrize(("what", "argv", "piped", "status", "out", "err"), STDIN_CASES,
                         ids=[c[0] for c in STDIN_CASES])
def test_dash_is_standard_input_for_classify_and_add(
        what: str, argv: list[str], piped: bytes, status: int, out: str, err: str,
        library: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(piped)))
    capsys.readouterr()
    assert main(["--data-dir", str(library), *argv]) == status, what
    captured = capsys.readouterr()
    assert out in captured.out and err in captured.err, what


def test_add_dash_titles_by_the_first_prose_line_and_dedupes(
        library: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    for expected in ("1 added", "1 unchanged"):  # the same text piped twice: one document
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PIPED)))
        assert main(["--data-dir", str(library), "add", "-"]) == 0
        assert expected in capsys.readouterr().out
    assert main(["--data-dir", str(library), "list", "--json"]) == 0
    piped = [e for e in json.loads(capsys.readouterr().out)
             if Path(e["path"]).name.startswith("stdin-")]
    assert [e["title"] for e in piped] == ["Harbour reopens after repairs"]
    assert piped[0]["path"].endswith(".txt") and Path(piped[0]["path"]).read_bytes() == PIPED
