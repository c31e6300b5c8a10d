"""Build tests/data/eval/ (plain text + labels.json) from the marked-up sources next to this file.

Why a markup: hand-counting character offsets is where labelling errors creep in. Each source
line says its own kind, so the offsets in labels.json are computed, never typed.

Source format (`<group>/<file>.lbl` -> `eval/<group>/<file>`):
- `R|text`, `C|text`, `F|text`: one line of the article, labelled reporting / commentary /
  furniture over its first..last non-whitespace character.
- `⟦C|...⟧` (or R/F) inside a line: that bracketed span gets its own kind (e.g. an inline
  "[Comment: ...]" in a reporting paragraph). The ⟦ ⟧ marks are not written out.
- A blank line is written as a blank line.
- Directives before the text: `#! crlf` (CRLF line ends), `#! no-final-newline`,
  `#! straight-quotes` (curly quotes become straight, as many republishers do).

Run: python tests/data/eval_src/build.py [--check]   (--check prints every span's ends)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "eval"
KINDS = {"R": "reporting", "C": "commentary", "F": "furniture"}
INLINE = re.compile(r"⟦([RCF])\|(.*?)⟧")
QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def _span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The non-whitespace extent of text[start:end], or None if it is all whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def build_one(source: str) -> tuple[str, list[list[object]]]:
    directives: set[str] = set()
    lines = source.split("\n")
    while lines and lines[0].startswith("#!"):
        directives.add(lines.pop(0)[2:].strip())
    while lines and lines[-1] == "":
        lines.pop()
    newline = "\r\n" if "crlf" in directives else "\n"
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for number, line in enumerate(lines, 1):
        if line.strip():
            if len(line) < 2 or line[0] not in KINDS or line[1] != "|":
                raise ValueError(f"line {number}: no R|/C|/F| prefix: {line[:60]!r}")
            kind, body = KINDS[line[0]], line[2:]
            if "straight-quotes" in directives:
                body = body.translate(QUOTES)
            pieces: list[tuple[str, str]] = []
            last = 0
            for match in INLINE.finditer(body):
                pieces.append((kind, body[last : match.start()]))
                pieces.append((KINDS[match.group(1)], match.group(2)))
                last = match.end()
            pieces.append((kind, body[last:]))
            for piece_kind, piece in pieces:
                span = _span(piece, 0, len(piece))
                if span:
                    spans.append((pos + span[0], pos + span[1], piece_kind))
                out.append(piece)
                pos += len(piece)
        out.append(newline)
        pos += len(newline)
    if "no-final-newline" in directives:
        out.pop()
    text = "".join(out)
    merged: list[list[object]] = []
    for start, end, kind in spans:
        if merged and merged[-1][2] == kind and not text[merged[-1][1] : start].strip():
            merged[-1][1] = end
        else:
            merged.append([start, end, kind])
    return text, merged


def main(argv: list[str]) -> int:
    check = "--check" in argv
    for group in sorted(p for p in HERE.iterdir() if p.is_dir()):
        labels: dict[str, list[list[object]]] = {}
        target = OUT / group.name
        target.mkdir(parents=True, exist_ok=True)
        for src in sorted(group.glob("*.lbl")):
            text, spans = build_one(src.read_text(encoding="utf-8"))
            name = src.name[: -len(".lbl")]
            (target / name).write_bytes(text.encode("utf-8"))
            labels[name] = spans
            words = len(text.split())
            print(f"{group.name}/{name}: {len(text)} chars, {words} words, {len(spans)} spans")
            if check:
                for start, end, kind in spans:
                    s = text[start:end]  # type: ignore[misc]
                    print(f"  {kind[:4]} {start:>5}-{end:<5} {s[:40]!r} ... {s[-40:]!r}")
        (target / "labels.json").write_text(json.dumps(labels, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
