"""Per-character accuracy on the seed pair and on the hand-written cases in tests/data/cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.classify import MemoryCorpus, Segment, classify, commentary_share
from reader.core.text.title import derive_title
from tests.cases import CaseDoc, accuracy, load_cases
from tests.conftest import SEEDS

SEED_LABELS = json.loads((Path(__file__).parents[1] / "data" / "seed_labels.json").read_text())
CASES = load_cases()


def _spans(segments: list[Segment]) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.kind) for s in segments]


def _together(texts: dict[str, str]) -> dict[str, list[Segment]]:
    corpus = MemoryCorpus()
    for key, text in texts.items():
        corpus.add(key, derive_title(text), text)
    return {key: classify(text, corpus, key=key) for key, text in texts.items()}


def test_seeds_together_and_alone() -> None:
    texts = {name: (SEEDS / name).read_text(encoding="utf-8") for name in SEED_LABELS}
    together = _together(texts)
    for name, text in texts.items():
        score = accuracy(text, SEED_LABELS[name], _spans(together[name]))
        alone = accuracy(text, SEED_LABELS[name], _spans(classify(text)))
        print(f"{name}: together {score:.4f}, alone {alone:.4f}")
        assert score >= 0.99, name
        assert alone >= 0.99, name


def test_seed_copy_reasons_name_the_original() -> None:
    texts = {name: (SEEDS / name).read_text(encoding="utf-8") for name in SEED_LABELS}
    original, copy = sorted(texts)
    segments = _together(texts)[copy]
    sourced = [s for s in segments if s.source is not None]
    assert sourced and all(s.source == original for s in sourced)
    assert any(s.reason.startswith("in the original:") for s in sourced)
    first_match = next(s for s in sourced if s.kind == "reporting")
    assert first_match.source_start is not None
    assert any(s.reason == "marker: Comment:" for s in segments)
    assert any(s.reason == "continues the comment above" for s in segments)
    # The original is never called commentary, even where the copy lacks its lines.
    assert all(s.kind != "commentary" for s in _together(texts)[original])


def _case_ids() -> list[tuple[str, str]]:
    return [(case, doc.name) for case, docs in CASES.items() for doc in docs]


@pytest.mark.parametrize(("case", "name"), _case_ids(), ids=lambda v: str(v))
def test_hand_written_case_together(case: str, name: str) -> None:
    docs = CASES[case]
    together = _together({d.name: d.text for d in docs})
    doc = next(d for d in docs if d.name == name)
    score = accuracy(doc.text, doc.labels, _spans(together[name]))
    print(f"{case}/{name}: together {score:.4f}")
    assert score >= 0.97


def _solo_docs() -> list[CaseDoc]:
    return [doc for docs in CASES.values() for doc in docs if doc.solo]


@pytest.mark.parametrize("doc", _solo_docs(), ids=lambda d: f"{d.case}/{d.name}")
def test_hand_written_case_alone(doc: CaseDoc) -> None:
    """Originals and fully marked copies need no corpus."""
    segments = classify(doc.text)
    score = accuracy(doc.text, doc.labels, _spans(segments))
    print(f"{doc.case}/{doc.name}: alone {score:.4f}")
    assert score >= 0.97
    if not any(kind == "commentary" for _, _, kind in doc.labels):
        assert commentary_share(doc.text, segments) == 0.0  # no over-firing on clean originals


def test_all_cases_and_seeds_in_one_corpus() -> None:
    """Unrelated articles in the same corpus must not disturb each other."""
    texts = {f"{d.case}/{d.name}": d.text for docs in CASES.values() for d in docs}
    labels = {f"{d.case}/{d.name}": d.labels for docs in CASES.values() for d in docs}
    for name in SEED_LABELS:
        texts[name] = (SEEDS / name).read_text(encoding="utf-8")
        labels[name] = [tuple(span) for span in SEED_LABELS[name]]
    together = _together(texts)
    for key, text in texts.items():
        assert accuracy(text, labels[key], _spans(together[key])) >= 0.97, key
