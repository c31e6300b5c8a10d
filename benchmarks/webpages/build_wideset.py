"""Build tests/data/webpages_wide/ (the second web-page dev set) from two more public sources.

Run once by hand with local git clones: `python -m benchmarks.webpages.build_wideset
FUNDUS_GIT NEWSPAPER4K_GIT`. The first set (tests/data/webpages/) is 77 pages of 2011-2015
from two sources; this one widens it with newer pages from other sites and languages:

- flairNLP/fundus (MIT): one saved page per publisher (tests/resources/parser/test_data/),
  with the title, standfirst ("summary"), section headings and paragraphs its hand-written
  per-publisher parser is tested to extract. The expected text is those, in order.
  CJK pages are left out (the word-shingle score needs spaced words), and pages over
  MAX_GZ bytes gzipped, to keep the set small.
- AndyTheFactory/newspaper4k (MIT): its saved pages not already in the first set, with
  the article text its tests expect (CJK left out, as above).

Never built from the held-out sources (scrapinghub's benchmark, mozilla/readability,
adbar/trafilatura).
"""

from __future__ import annotations

import gzip
import html
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[2] / "tests" / "data" / "webpages_wide"
FUNDUS_DATA = "tests/resources/parser/test_data"
CJK_COUNTRIES = {"jp", "cn", "tw", "kr"}
MAX_GZ = 100_000
"""Largest gzipped page kept (the median fundus page is ~50 KB gzipped)."""
PER_COUNTRY = 20
"""Most fundus pages from one country (it has 70 German publishers), spread evenly."""
NEWSPAPER4K_SKIP = {
    "chinese_article",
    "chinese_article_001",
    "chinese_article_002",
    "japanese_article",
    "japanese_article2",
    "thai_article",
    "burmese_article",
}
"""Scripts written without spaces between words: the word-shingle score cannot judge them."""
_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]+>")


def _git(repo: str, *args: str) -> bytes:
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True).stdout


def _flat(text: str) -> str:
    return _SPACE.sub(" ", html.unescape(text)).strip()


def _expected(version: dict[str, Any]) -> str:
    """Title, standfirst, then each section's headings and paragraphs, a blank line apart."""
    parts = [str(version.get("title") or "")]
    body = version.get("body") or {}
    parts += [str(p) for p in body.get("summary", [])]
    for section in body.get("sections", []):
        parts += [str(p) for p in section.get("headline", [])]
        parts += [str(p) for p in section.get("paragraphs", [])]
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _page_text(raw: bytes) -> str:
    return _flat(_TAG.sub(" ", raw.decode("utf-8", "replace")))


def _matches(version: dict[str, Any], page: str) -> bool:
    """Is this expected body the one of this page? Its longest paragraphs appear in it."""
    body = version.get("body") or {}
    paragraphs = [p for s in body.get("sections", []) for p in s.get("paragraphs", [])]
    longest = sorted(paragraphs, key=len, reverse=True)[:3]
    return bool(longest) and all(_flat(p)[:60] in page for p in longest)


def fundus(repo: str) -> list[dict[str, str]]:
    commit = _git(repo, "rev-parse", "HEAD").decode().strip()
    listing = _git(repo, "ls-tree", "-r", "-l", "HEAD", FUNDUS_DATA + "/").decode().splitlines()
    sizes = {line.split("\t")[1]: int(line.split()[3]) for line in listing}
    by_publisher: dict[tuple[str, str], list[str]] = {}
    for path in sizes:
        parts = path.split("/")
        if len(parts) != 6 or not path.endswith(".html.gz") or parts[4] in CJK_COUNTRIES:
            continue
        publisher = parts[5].split("_")[0].removesuffix(".html.gz")
        by_publisher.setdefault((parts[4], publisher), []).append(path)
    chosen: dict[str, list[tuple[str, bytes, str]]] = {}
    for (country, publisher), paths in sorted(by_publisher.items()):
        json_path = f"{FUNDUS_DATA}/{country}/{publisher}.json"
        try:
            versions = json.loads(_git(repo, "show", f"HEAD:{json_path}"))
        except subprocess.CalledProcessError:
            continue
        # the newest saved page small enough, whose expected body is found in it
        for path in sorted(paths, reverse=True):
            if sizes[path] > MAX_GZ:
                continue
            raw = gzip.decompress(_git(repo, "show", f"HEAD:{path}"))
            page = _page_text(raw)
            found = [v for v in versions.values() if isinstance(v, dict) and _matches(v, page)]
            if not found:
                continue
            text = _expected(found[0])
            if len(text.split()) < 60:
                continue
            name = f"fundus-{country}-{Path(path).name.removesuffix('.html.gz')}"
            chosen.setdefault(country, []).append((name, raw, text))
            break
    manifest = []
    for pages in chosen.values():
        step = max(1.0, len(pages) / PER_COUNTRY)
        for index in range(min(len(pages), PER_COUNTRY)):
            name, raw, text = pages[int(index * step)]
            manifest.append(_write(name, raw, text, "flairNLP/fundus", commit))
    return manifest


def newspaper4k(repo: str, taken: set[str]) -> list[dict[str, str]]:
    commit = _git(repo, "rev-parse", "HEAD").decode().strip()
    names = _git(repo, "ls-tree", "--name-only", "HEAD", "tests/data/txt/").decode().split()
    manifest = []
    for path in names:
        name = Path(path).stem
        if name in taken or name in NEWSPAPER4K_SKIP or not path.endswith(".txt"):
            continue
        try:
            raw = _git(repo, "show", f"HEAD:tests/data/html/{name}.html")
        except subprocess.CalledProcessError:
            continue
        text = _git(repo, "show", f"HEAD:{path}").decode("utf-8")
        if len(text.split()) < 60 or len(gzip.compress(raw)) > MAX_GZ:
            continue
        manifest.append(
            _write(f"newspaper4k-{name}", raw, text, "AndyTheFactory/newspaper4k", commit)
        )
    return manifest


def _write(name: str, raw: bytes, text: str, repo: str, commit: str) -> dict[str, str]:
    (OUT / f"{name}.html.gz").write_bytes(gzip.compress(raw, 9, mtime=0))
    (OUT / f"{name}.txt").write_text(text.strip() + "\n", encoding="utf-8")
    return {"name": name, "source": repo, "commit": commit}


def build(fundus_repo: str, newspaper4k_repo: str) -> list[dict[str, str]]:
    OUT.mkdir(parents=True, exist_ok=True)
    first = json.loads((OUT.parent / "webpages" / "manifest.json").read_text(encoding="utf-8"))
    taken = {entry["name"].split("-", 1)[1] for entry in first}
    manifest = fundus(fundus_repo) + newspaper4k(newspaper4k_repo, taken)
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


if __name__ == "__main__":
    print(len(build(sys.argv[1], sys.argv[2])), "pages")
