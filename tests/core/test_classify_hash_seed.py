"""The classifier gives the same answer in every run: nothing it does may depend on Python's
string-hash seed (sets of strings iterated where order matters, ties taken in set order)."""

from __future__ import annotations

from pathlib import Path

from tests.faults import outputs_under_hash_seeds

EVAL = Path(__file__).resolve().parents[1] / "data" / "eval"


def test_the_vocabulary_patterns_are_the_same_under_any_hash_seed() -> None:
    """Phrases of equal length were joined into each alternation in set order."""
    script = (
        "import re\n"
        "from reader.core.classify.vocabulary import vocabulary\n"
        "def show(name, item):\n"
        "    if isinstance(item, re.Pattern):\n"
        "        print(name, item.pattern)\n"
        "    elif isinstance(item, tuple):\n"
        "        for i, part in enumerate(item):\n"
        "            show(f'{name}.{i}', part)\n"
        "    else:  # sets are looked up in, never walked: shown sorted\n"
        "        print(name, sorted(item) if isinstance(item, frozenset) else repr(item))\n"
        "show('vocabulary', vocabulary())\n"
    )
    assert len(outputs_under_hash_seeds("-c", script)) == 1


def test_classify_json_is_the_same_under_any_hash_seed(tmp_path: Path) -> None:
    """Verdicts, reasons, sources and confidences of a reworded copy, a sibling pair and
    their originals classified together, with the dev set's other texts as the corpus."""
    files = [
        *sorted((EVAL / "23_ship_wire_siblings").glob("*.txt")),
        *sorted((EVAL / "46_reworded_original_ranked_third").glob("*.txt")),
    ]
    args = ["-m", "reader", "--data-dir", str(tmp_path), "classify", "--no-library", "--json",
            "--corpus", str(EVAL / "19_council_reworded_churnalism"), *map(str, files)]
    assert len(outputs_under_hash_seeds(*args)) == 1
