"""Hand-labelled classifier cases (tests/data/cases): parse `.ann` files and score results.

Shared by the case tests and the seed test so both score the same way: per non-whitespace
character, the share whose predicted kind equals the label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

CASES_DIR = Path(__file__).resolve().parent / "data" / "cases"
_INLINE = re.compile(r"\{\{([RCF]):(.*?)\}\}")
_KINDS = {"R": "reporting", "C": "commentary", "F": "furniture"}


@dataclass(frozen=True)
class CaseDoc:
    case: str
    name: str
    text: str
    labels: list[tuple[int, int, str]]

    @property
    def solo(self) -> bool:
        return self.name.startswith("solo-")


def parse_annotated(source: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Plain text and [start, end, kind] spans from the annotated form (see the README)."""
    out: list[str] = []
    labels: list[tuple[int, int, str]] = []
    pos = 0
    lines = source.split("\n")
    for index, line in enumerate(lines):
        if line.strip():
            if len(line) < 2 or line[1] != "|" or line[0] not in _KINDS:
                raise ValueError(f"line {index + 1} has no R|/C|/F| prefix: {line!r}")
            kind = _KINDS[line[0]]
            body = line[2:]
            cursor = 0
            for match in _INLINE.finditer(body):
                before = body[cursor : match.start()]
                labels.append((pos, pos + len(before), kind))
                out.append(before)
                pos += len(before)
                inner = match.group(2)
                labels.append((pos, pos + len(inner), _KINDS[match.group(1)]))
                out.append(inner)
                pos += len(inner)
                cursor = match.end()
            rest = body[cursor:]
            labels.append((pos, pos + len(rest), kind))
            out.append(rest)
            pos += len(rest)
        if index < len(lines) - 1:
            out.append("\n")
            pos += 1
    return "".join(out), [span for span in labels if span[1] > span[0]]


def load_cases() -> dict[str, list[CaseDoc]]:
    cases: dict[str, list[CaseDoc]] = {}
    for folder in sorted(p for p in CASES_DIR.iterdir() if p.is_dir()):
        docs = []
        for path in sorted(folder.glob("*.ann")):
            text, labels = parse_annotated(path.read_text(encoding="utf-8"))
            docs.append(CaseDoc(folder.name, path.stem, text, labels))
        cases[folder.name] = docs
    return cases


def char_kinds(text: str, spans: Iterable[Sequence[object]]) -> list[str | None]:
    kinds: list[str | None] = [None] * len(text)
    for start, end, kind, *_ in spans:
        for i in range(int(start), int(end)):  # type: ignore[call-overload]
            kinds[i] = str(kind)
    return kinds


def accuracy(
    text: str, gold: Iterable[Sequence[object]], predicted: Iterable[Sequence[object]]
) -> float:
    """Share of non-whitespace characters whose predicted kind equals the gold kind."""
    want = char_kinds(text, gold)
    got = char_kinds(text, predicted)
    total = right = 0
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        total += 1
        right += want[i] is not None and want[i] == got[i]
    return right / total if total else 1.0
