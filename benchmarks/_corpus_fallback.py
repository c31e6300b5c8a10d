"""A stand-in corpus generator until `benchmarks/corpus.py` (library benchmarks) is merged.

Same signature as `benchmarks.corpus.write_corpus`; deterministic for a given seed. Articles are
news-shaped: a headline, a dateline and 4-12 paragraphs of sentences from a small vocabulary.
"""

from __future__ import annotations

import random
from pathlib import Path

_VOCABULARY = (
    "government minister officials said on Tuesday the council report vote parliament talks "
    "agreement budget spokesman according to statement election court ruling police city "
    "residents water energy prices market shares company workers union strike hospital "
    "schools funding plan proposal opposition leader president agency data figures year "
    "month week region border trade deal sanctions security forces ceasefire aid supplies "
    "reporters witnesses told news conference earlier later after before despite while"
)
_WORDS = _VOCABULARY.split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 22))]
    return " ".join(words).capitalize() + "."


def _article(rng: random.Random, index: int) -> str:
    headline = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 10))).title()
    paragraphs = [
        " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
        for _ in range(rng.randint(4, 12))
    ]
    return (
        f"{headline} ({index})\n\nCITY, March {index % 28 + 1} —\n\n"
        + "\n\n".join(paragraphs)
        + "\n"
    )


def write_corpus(root: Path, n_docs: int, seed: int = 0) -> list[Path]:
    """Write `n_docs` articles under `root` (100 per subfolder) and return their paths."""
    rng = random.Random(seed)
    paths = []
    for index in range(n_docs):
        folder = Path(root) / f"{index // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"article_{index:05d}.txt"
        path.write_text(_article(rng, index), encoding="utf-8")
        paths.append(path)
    return paths
