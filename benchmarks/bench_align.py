"""Alignment speed: two 1 MB texts that share nothing verbatim (every sentence reworded,
every paragraph's sentences shuffled, the paragraphs reordered) must align in under a second,
and a reworded 1 MB copy must classify against its original in a bounded time.

Run: `python -m benchmarks.bench_align [--quick]`; the harness calls `run(quick)`.
The floor is tokenising both texts into stems (what any word-level comparison must do at
least), measured in the same run. Texts are made here, deterministically, from made-up words
with Zipf-like frequencies; 35% of each sentence's words are replaced and the rest rotated,
so no 5-word run survives.
"""

from __future__ import annotations

import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.figures import time_calls  # noqa: E402
from reader.core.classify import MemoryCorpus, classify  # noqa: E402
from reader.core.compare.alignment import align  # noqa: E402
from reader.core.compare.sentences import stems  # noqa: E402


def reworded_pair(size: int, seed: int = 1) -> tuple[str, str]:
    """An article of about `size` characters and a copy with every sentence reworded."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ra", "ten", "vo", "shi", "der", "an", "ul", "bre", "st", "po"]
    vocabulary = [
        "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(30_000)
    ]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    originals: list[str] = []
    copies: list[str] = []
    total = 0
    while total < size:
        sentences = [
            rng.choices(vocabulary, weights, k=rng.randint(12, 28))
            for _ in range(rng.randint(2, 5))
        ]
        paragraph = " ".join(" ".join(s).capitalize() + "." for s in sentences)
        reworded = []
        for sentence in sentences:
            words = [w if rng.random() > 0.35 else rng.choice(vocabulary) for w in sentence]
            turn = rng.randrange(len(words))
            reworded.append(" ".join(words[turn:] + words[:turn]).capitalize() + ".")
        rng.shuffle(reworded)
        originals.append(paragraph)
        copies.append(" ".join(reworded))
        total += len(paragraph) + 2
    rng.shuffle(copies)
    return "\n\n".join(originals), "\n\n".join(copies)



def _figure(name: str, times: list[float], **extra: object) -> dict[str, object]:
    return {
        "name": name,
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
        "runs": len(times),
        **extra,
    }


def run(quick: bool) -> list[dict[str, object]]:
    size = 200_000 if quick else 1_000_000
    repeat = 3 if quick else 5
    original, copy = reworded_pair(size)
    label = f"{size // 1000} KB" if quick else "1 MB"
    floor = time_calls(lambda: (stems(original), stems(copy)), repeat)
    floor_s = statistics.median(floor)
    result = align(copy, original)
    figures = [
        _figure(f"floor: stems of two {label} texts", floor),
        _figure(
            f"align two {label} texts sharing nothing verbatim",
            time_calls(lambda: align(copy, original), repeat),
            floor_s=floor_s,
            floor_name="stems",
            target="< 1 s",
            note=f"align {label} vs {label}: {len(result.a_units):,} sentences of the copy, "
            f"{len(result.links):,} links, {100 * result.shared_a:.0f}% of the copy's words "
            "aligned (35% of every sentence's words replaced, the rest rotated)",
        ),
    ]
    corpus = MemoryCorpus()
    corpus.add("original.txt", "Original", original)
    corpus.add("copy.txt", "Copy", copy)
    figures.append(
        _figure(
            f"classify a reworded {label} copy against its {label} original",
            time_calls(lambda: classify(copy, corpus, key="copy.txt"), max(1, repeat - 2)),
            floor_s=floor_s,
            floor_name="stems",
        )
    )
    return figures


if __name__ == "__main__":
    for figure in run("--quick" in sys.argv):
        print(f"{figure['name']:<60} median {float(figure['median_s']) * 1000:9.1f} ms")  # type: ignore[arg-type]
