"""`reader compare` speed: two 1 MB documents (under 500 ms however much is reworded), and a
10,000-paragraph document against its copy (linear, never quadratic: the per-paragraph cost
at 10,000 paragraphs against 2,500).

Run: `python -m benchmarks.bench_compare [--quick]`; the harness calls `run(quick)`.
Floor: splitting both texts into normalised words, the least any word comparison must do.
Times are CPU seconds of this process (`time.process_time`): the work is single-threaded,
so on an idle machine they equal the wall clock, and on a shared one (the target machine
runs several jobs at once) they still say what the comparison costs.
Texts are made here, deterministically: paragraphs of Zipf-weighted made-up words (so no two
paragraphs share long runs by chance), and copies with a share of their words reworded, some
paragraphs dropped, moved and split, and comments added.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.figures import Figure, time_calls, timing  # noqa: E402
from reader.core.compare.ops import compare_texts  # noqa: E402
from reader.core.compare.passages import normal_tokens  # noqa: E402

TARGET_1MB = "≤ 500 ms"
CPU = time.process_time


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    syllables = ["ka", "lo", "mi", "ra", "ten", "vo", "shi", "der", "an", "ul", "bre", "st"]
    words = sorted(
        {"".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(6000)}
    )
    return words, [1.0 / (rank + 1) for rank in range(len(words))]


def original_text(rng: random.Random, n_bytes: int = 0, paragraphs: int = 0) -> str:
    words, weights = _vocabulary(rng)
    out: list[str] = []
    size = 0
    while (n_bytes and size < n_bytes) or (paragraphs and len(out) < paragraphs):
        line = " ".join(rng.choices(words, weights, k=rng.randint(30, 70))).capitalize() + "."
        out.append(line)
        size += len(line) + 2
    return "\n\n".join(out) + "\n"


def copy_text(rng: random.Random, original: str, reworded: float) -> str:
    """`reworded` of the words replaced; 5% of paragraphs dropped, 2% moved, 3% split, and a
    comment after 5%."""
    words, weights = _vocabulary(random.Random(1))
    paragraphs = original.rstrip("\n").split("\n\n")
    out: list[str] = []
    moved: list[str] = []
    for paragraph in paragraphs:
        roll = rng.random()
        if roll < 0.05:
            continue
        tokens = paragraph.split()
        for i in range(len(tokens)):
            if rng.random() < reworded:
                tokens[i] = rng.choice(words)
        text = " ".join(tokens)
        if roll < 0.07:
            moved.append(text)
            continue
        if roll < 0.10:
            half = len(tokens) // 2
            text = " ".join(tokens[:half]) + "\n\n" + " ".join(tokens[half:])
        out.append(text)
        if rng.random() < 0.05:
            out.append("Comment: " + " ".join(rng.choices(words, weights, k=20)))
        if moved and rng.random() < 0.02:
            out.append(moved.pop())
    return "\n\n".join(out + moved) + "\n"



def run(quick: bool = False) -> list[Figure]:
    runs = 2 if quick else 7
    rng = random.Random(0)
    original = original_text(rng, n_bytes=1_000_000)
    floor = timing(
        "floor: words of two 1 MB texts (CPU)",
        time_calls(lambda: (normal_tokens(original), normal_tokens(original)), runs, CPU),
    )
    floor["floor_name"] = "words 2×1 MB"
    figures: list[Figure] = [floor]
    for share in (0.0, 0.3) if quick else (0.0, 0.1, 0.3, 1.0):
        copy = copy_text(random.Random(2), original, share)
        comparison = compare_texts(original, copy)
        kinds = {op.op for op in comparison.ops}
        figures.append(
            timing(
                f"compare two 1 MB documents, {share:.0%} of words reworded (CPU)",
                time_calls(lambda copy=copy: compare_texts(original, copy), runs, CPU),
                floor=floor,
                target=TARGET_1MB,
                note=f"{len(comparison.ops)} ops ({', '.join(sorted(kinds))})",
            )
        )
    per_paragraph: dict[int, float] = {}
    small, large = (1_000, 4_000) if quick else (2_500, 10_000)
    for count in (small, large):
        text = original_text(random.Random(3), paragraphs=count)
        copy = copy_text(random.Random(4), text, 0.1)
        samples = time_calls(
            lambda text=text, copy=copy: compare_texts(text, copy), 1 if quick else 3, CPU)
        figure = timing(f"compare {count:,}-paragraph document with its copy (CPU)", samples)
        per_paragraph[count] = figure["median_s"] or 0.0
        figures.append(figure)
    if per_paragraph[small]:
        growth = per_paragraph[large] / per_paragraph[small]
        figures[-1]["note"] = f"{growth:.2f}× the {small:,}-paragraph time for 4× the paragraphs"
    return figures


if __name__ == "__main__":
    for row in run("--quick" in sys.argv):
        print(row)
