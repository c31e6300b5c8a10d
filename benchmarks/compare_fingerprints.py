"""Fingerprints of the comparison's output on many pairs, to show a speed change kept it.

For each pair: the sentence alignment (links, similarities, shares, per-unit similarity) and
`reader compare --json` (ops, word differences, relation), hashed. Run it on two checkouts
under the same hash seed and diff the files. The output no longer depends on the seed
(word weights are summed with `math.fsum`, ties broken by the stem); the script still insists
on a fixed `PYTHONHASHSEED` so a run on an older checkout compares like with like.

    PYTHONHASHSEED=0 python benchmarks/compare_fingerprints.py OUT

Pairs: every ordered pair within each group of `tests/data/eval`; the two seeds and
`tests/data/compare/reworded_copy.txt`; five 200 kB `bench_compare` copies 0–100% reworded;
40 eval texts with random edits (words swapped, upper-cased, dropped; datelines, curly
quotes, Greek and Turkish letters put in). The last line printed is a hash of them all.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_compare import copy_text, original_text  # noqa: E402
from reader.core.compare.alignment import align  # noqa: E402
from reader.core.compare.ops import compare_texts, comparison_json  # noqa: E402

DATA = ROOT / "tests" / "data"
_INSERTS = ["“Quote”", "İstanbul’da", "ΟΔΟΣ.", "NATO—", "\n\n", "BRUSSELS (AP) —", "ß", "it’s"]


def _groups() -> Iterator[list[str]]:
    for group in sorted(p for p in (DATA / "eval").iterdir() if p.is_dir()):
        files = sorted(p for p in group.rglob("*") if p.suffix in (".txt", ".md"))
        if len(files) >= 2:
            yield [p.read_text(encoding="utf-8") for p in files[:6]]
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    yield [p.read_text(encoding="utf-8") for p in seeds] + [
        (DATA / "compare" / "reworded_copy.txt").read_text(encoding="utf-8")
    ]


def _edited(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    for _ in range(rng.randint(1, 60)):
        roll, at = rng.random(), rng.randrange(len(words))
        if roll < 0.3:
            words[at] = rng.choice(words)
        elif roll < 0.5:
            words.insert(at, rng.choice(_INSERTS))
        elif roll < 0.7 and len(words) > 1:
            del words[at]
        else:
            words[at] = words[at].upper()
    return " ".join(words)


def pairs() -> Iterator[tuple[str, str]]:
    for texts in _groups():
        for i, a in enumerate(texts):
            for j, b in enumerate(texts):
                if i != j:
                    yield a, b
    original = original_text(random.Random(0), n_bytes=200_000)
    for share in (0.0, 0.1, 0.3, 0.6, 1.0):
        yield original, copy_text(random.Random(2), original, share)
    texts = [p.read_text(encoding="utf-8") for p in sorted((DATA / "eval").rglob("*.txt"))]
    rng = random.Random(5)
    for _ in range(40):
        text = rng.choice(texts)
        yield text, _edited(rng, text)


def fingerprint(a: str, b: str) -> str:
    found = align(a, b)
    sentences = [
        [[list(k.a), list(k.b), k.similarity, k.verbatim] for k in found.links],
        found.shared_a,
        found.shared_b,
        [found.similarity_of_a(i) for i in range(len(found.a_units))],
    ]
    compared = comparison_json(compare_texts(a, b), "a", "b")
    blob = json.dumps([sentences, compared], sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def main() -> None:
    if "PYTHONHASHSEED" not in os.environ or len(sys.argv) != 2:
        sys.exit("usage: PYTHONHASHSEED=0 python benchmarks/compare_fingerprints.py OUT")
    lines = [fingerprint(a, b) for a, b in pairs()]
    Path(sys.argv[1]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(len(lines), "pairs", hashlib.sha256("".join(lines).encode()).hexdigest()[:16])


if __name__ == "__main__":
    main()
