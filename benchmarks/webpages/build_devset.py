"""Build tests/data/webpages/ (the web-page dev set) from two public fixture repositories.

Run once by hand with local git clones: `python -m benchmarks.webpages.build_devset
NEWSPAPER_GIT GOOSE3_GIT`. Sources: the saved pages of codelucas/newspaper
(tests/data/html/NAME.html with the expected article text in tests/data/text/NAME.txt) and
those of goose3/goose3 whose expected `cleaned_text` is the whole body (most are a prefix).
One page per site (the first whose expected text is an article, not a note) keeps the set
to ~2 MB gzipped. Never built from the held-out sources (scrapinghub's benchmark,
mozilla/readability, adbar/trafilatura).
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "tests" / "data" / "webpages"
GOOSE_FULL_TEXT_MIN = 1000
WRONG = {"elle.com1": "the expected text is the newsletter box, not the article"}
"""Fixtures whose expected text is not the article."""


def _is_article_text(text: str) -> bool:
    return len(text.split()) >= 30 and any(ch.islower() for ch in text)


def _git(repo: str, *args: str) -> bytes:
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True).stdout


def _names(repo: str, folder: str) -> list[str]:
    return _git(repo, "ls-tree", "--name-only", "HEAD", folder + "/").decode().split()


def build(newspaper: str, goose: str) -> list[dict[str, str]]:
    OUT.mkdir(parents=True, exist_ok=True)
    manifest: list[dict[str, str]] = []
    commit = _git(newspaper, "rev-parse", "HEAD").decode().strip()
    htmls = {Path(p).stem for p in _names(newspaper, "tests/data/html")}
    sites: dict[str, list[str]] = {}
    for path in _names(newspaper, "tests/data/text"):
        name = Path(path).stem
        if name in htmls and name not in WRONG:
            sites.setdefault(name.rstrip("0123456789"), []).append(name)
    for names in sites.values():
        for name in sorted(names):
            text = _git(newspaper, "show", f"HEAD:tests/data/text/{name}.txt").decode("utf-8")
            if not _is_article_text(text):
                continue  # a note about a failure ("MISSED LAST PARAGRAPH"), not the text
            html = _git(newspaper, "show", f"HEAD:tests/data/html/{name}.html")
            manifest.append(
                _write(f"newspaper-{name}", html, text, "codelucas/newspaper", commit)
            )
            break
    commit = _git(goose, "rev-parse", "HEAD").decode().strip()
    for path in _names(goose, "tests/data/content"):
        if not path.endswith(".json"):
            continue
        expected = json.loads(_git(goose, "show", f"HEAD:{path}"))["expected"]
        text = expected.get("cleaned_text", "")
        if len(text) < GOOSE_FULL_TEXT_MIN:
            continue
        name = Path(path).stem.removeprefix("test_")
        html = _git(goose, "show", f"HEAD:{path[:-5]}.html")
        manifest.append(_write(f"goose3-{name}", html, text, "goose3/goose3", commit))
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def _write(name: str, html: bytes, text: str, repo: str, commit: str) -> dict[str, str]:
    (OUT / f"{name}.html.gz").write_bytes(gzip.compress(html, 9, mtime=0))
    (OUT / f"{name}.txt").write_text(text.strip() + "\n", encoding="utf-8")
    return {"name": name, "source": repo, "commit": commit}


if __name__ == "__main__":
    print(len(build(sys.argv[1], sys.argv[2])), "pages")
