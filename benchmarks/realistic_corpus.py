"""A realistic corpus for the scale figures: real wording, real boilerplate, republished copies.

`corpus.py` draws from 230 words, so its five-word phrases repeat far more than real text's.
Here the wording comes from real articles (the public test pages of codelucas/newspaper and
goose3 already in `tests/data/webpages/*.txt`): an order-2 word chain trained on them writes
new sentences with real vocabulary and real phrase frequencies. Each outlet wraps its articles
in the chrome real sites print on every page (navigation, bylines, "This article originally
appeared in…", newsletter and copyright footers, wire credits), so some phrases sit in
thousands of documents, as in a real library. A fifth of the documents are republished copies
of a recent article with comments added, so the classifier has originals to find.

    python -m benchmarks.realistic_corpus ROOT -n 10000
    python -m benchmarks.realistic_corpus --check ROOT -n 3000   # cap vs no cap, see below

`--check` imports the corpus twice, with the boilerplate cap (`MAX_POSTINGS`) and without,
and reports the import CPU and how many republished copies found their original in each.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "tests" / "data" / "webpages"

_OUTLETS = (
    "The Daily Ledger", "Harbour Times", "Metro Courier", "The Evening Post", "Northern Star",
    "City Wire", "The Observer Weekly", "Valley News", "Capital Report", "The Morning Herald",
    "Coast Gazette", "Union Tribune Online",
)
_NAMES = (
    "Anna Keller", "Jens Olsen", "Maria Rossi", "Tom Novak", "Elena Petrova", "David Brown",
    "Sofia Marin", "Lukas Weber", "Ines Duarte", "Omar Haddad", "Grace Liu", "Sam Ortega",
)
_NAV = "Home | News | World | Business | Opinion | Sport | Culture | Lifestyle | Video"
_FOOTERS = (
    "Sign up for our newsletter to get the day's top stories delivered to your inbox every "
    "morning. You can unsubscribe at any time.",
    "Follow us on Twitter, Facebook and Instagram for the latest news and analysis.",
    "Comments are closed. Read our community guidelines and our privacy policy.",
    "We value your feedback. If you spot an error in this story, please let us know.",
)
_SHARED = (
    "This article originally appeared in The Conversation. Read the original article.",
    "This story has been shared from a wire service. It has not been edited by our staff.",
)
_COMMENTS = (
    "Comment: Readers will notice how little of this the officials were willing to explain.",
    "Editor's note: We republish this report because the mainstream coverage ignored it.",
    "Our take: another promise that will be forgotten by the next summit.",
    "Few outlets bothered to ask who actually benefits from such an arrangement.",
)
_WORD = re.compile(r"\S+")


def _chain(texts: list[str]) -> dict[tuple[str, str], list[str]]:
    chain: dict[tuple[str, str], list[str]] = defaultdict(list)
    for text in texts:
        for paragraph in text.split("\n"):
            words = ["", "", *_WORD.findall(paragraph), "\n"]
            for a, b, c in zip(words, words[1:], words[2:], strict=False):
                chain[(a, b)].append(c)
    return chain


def _paragraph(rng: random.Random, chain: dict[tuple[str, str], list[str]]) -> str:
    words: list[str] = []
    a, b = "", ""
    while len(words) < 140:
        followers = chain.get((a, b))
        if not followers:
            break
        c = rng.choice(followers)
        if c == "\n":
            if len(words) >= 40:
                break
            a, b = "", ""  # too short: start another sentence run
            continue
        words.append(c)
        a, b = b, c
    return " ".join(words)


def _article(rng: random.Random, chain: dict[tuple[str, str], list[str]], outlet: str,
             number: int) -> str:
    paragraphs = [_paragraph(rng, chain) for _ in range(rng.randint(5, 9))]
    headline = " ".join(paragraphs[0].split()[:9]).rstrip(".,;:") + f" ({number})"
    author = rng.choice(_NAMES)
    lines = [_NAV, outlet, headline, f"By {author}", *paragraphs]
    if rng.random() < 0.3:
        lines.append(f"(Reporting by {author}; Editing by {rng.choice(_NAMES)})")
    if rng.random() < 0.25:
        lines.append(rng.choice(_SHARED))
    lines.append(rng.choice(_FOOTERS))
    lines.append(f"© 2024 {outlet}. All rights reserved. This material may not be published, "
                 "broadcast, rewritten or redistributed.")
    return "\n\n".join(lines) + "\n"


def _republish(rng: random.Random, original: str, outlet: str) -> str:
    paragraphs = original.rstrip("\n").split("\n\n")
    body = [p for p in paragraphs[2:-2] if not p.startswith(("By ", "(Reporting"))]
    out = [_NAV, outlet, *body[:1]]
    for paragraph in body[1:]:
        out.append(paragraph)
        if rng.random() < 0.15:
            out.append(rng.choice(_COMMENTS))
    out.append(rng.choice(_SHARED))
    out.append(f"© 2024 {outlet}. All rights reserved.")
    return "\n\n".join(out) + "\n"


def write_corpus(root: Path, n_docs: int, seed: int = 0) -> tuple[list[Path], set[str]]:
    """Write the corpus (folders of 100); returns the files and the names of the copies."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("*.txt"))]
    chain = _chain(texts)
    rng = random.Random(seed)
    written: list[Path] = []
    copies: set[str] = set()
    recent: list[str] = []
    for number in range(n_docs):
        folder = root / f"batch{number // 100:03}"
        if number % 100 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        outlet = rng.choice(_OUTLETS)
        if recent and rng.random() < 0.2:
            text = _republish(rng, rng.choice(recent), outlet)
            name = f"{number:05}_republished.txt"
            copies.add(name)
        else:
            text = _article(rng, chain, outlet, number)
            recent.append(text)
            if len(recent) > 300:
                recent.pop(0)
            name = f"{number:05}.txt"
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written, copies


def check(root: Path, n_docs: int) -> None:
    """Import with and without the boilerplate cap: CPU and copies that found an original."""
    import resource
    import shutil
    import tempfile
    import time

    sys.path.insert(0, str(REPO))
    from reader.core.classify import shingles
    from reader.core.context import open_context
    from reader.core.library.importer import Importer
    from reader.core.store.packed_text import unpack

    files, copies = write_corpus(root, n_docs)
    for cap in (shingles.MAX_POSTINGS, 10**9):
        shingles.MAX_POSTINGS = cap  # read at each query (inline import: this process)
        data = Path(tempfile.mkdtemp(prefix="reader-realistic-"))
        context = open_context(data)
        try:
            cpu = time.process_time()
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            children = usage.ru_utime + usage.ru_stime
            list(Importer(context.library, parallel=False).run([root]))
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            spent = time.process_time() - cpu + usage.ru_utime + usage.ru_stime - children
            found = 0
            for path, segments in context.db.execute("SELECT path, segments FROM documents"):
                if Path(path).name in copies and segments and '"/' in str(unpack(segments)):
                    found += 1  # a segment names a source document
            print(f"cap {cap if cap < 10**9 else 'none'}: import CPU {spent:.1f} s "
                  f"({spent / len(files) * 1000:.1f} ms/doc); copies that found an original "
                  f"{found} of {len(copies)}")
        finally:
            context.close()
            shutil.rmtree(data, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    if args.check:
        check(args.root, args.n)
        return
    paths, copies = write_corpus(args.root, args.n, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} documents ({len(copies)} copies), {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
