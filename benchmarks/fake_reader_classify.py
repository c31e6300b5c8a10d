"""A stand-in for `reader classify --json FILE...` that answers from labels.json or trivially.

Why: lets eval_classifier.py (and its test) exercise the whole subprocess/JSON/scoring path
before the real classifier exists, and gives floor numbers to compare the real one with.

    python benchmarks/fake_reader_classify.py [--mode oracle|all-reporting] classify --json FILE
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def segments_for(path: Path, mode: str) -> list[dict[str, object]]:
    text = path.read_bytes().decode("utf-8")
    if mode == "oracle":
        labels = json.loads((path.parent / "labels.json").read_text(encoding="utf-8"))
        return [
            {"start": s, "end": e, "kind": k, "reason": "oracle", "source": None}
            for s, e, k in labels[path.name]
        ]
    if mode == "all-reporting":
        return [
            {
                "start": 0,
                "end": len(text),
                "kind": "reporting",
                "reason": "baseline",
                "source": None,
            }
        ]
    raise SystemExit(f"unknown mode {mode}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", default="oracle")
    parser.add_argument("command", choices=["classify"])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    out = [
        {"path": str(p), "title": p.stem, "segments": segments_for(p, args.mode)}
        for p in args.files
    ]
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
