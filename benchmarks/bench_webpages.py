"""Web pages: importing a 200 KB saved page with its classification, and 1,000 saved pages.

Run: `python -m benchmarks.bench_webpages [--quick]`; the harness calls `run(quick)`.

The 200 KB page is a real one from the dev set (tests/data/webpages/, thedailybeast.com,
211 KB): each timed run adds it to a fresh library (`Library.add_files`: read, decode,
convert, store, index, classify with its structure). The floor is the same article as plain
text (its converted text saved as .txt) added the same way, so the ratio is what HTML costs.
The 1,000 pages are that page's template (its chrome, 140 KB of it) around 1,000 distinct
synthetic articles, imported as one folder (worker processes, as a user's import runs).
"""

from __future__ import annotations

import gzip
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_classify import _paragraph, _vocabulary  # noqa: E402
from benchmarks.figures import timing  # noqa: E402
from reader.core.library.documents import Library  # noqa: E402
from reader.core.store.database import open_store  # noqa: E402
from reader.core.text.document import load_document  # noqa: E402
from reader.core.web.convert import read_page  # noqa: E402

PAGE = ROOT / "tests" / "data" / "webpages" / "newspaper-thedailybeast.com1.html.gz"
BODY_MARK = "<!-- article body -->"


_CPU: dict[Path, list[float]] = {}
"""CPU seconds of each timed import, by file: on a machine others load, the wall time
waits for the CPU; this is what the import itself costs."""


def _import_once(path: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        opened = open_store(Path(tmp) / "library.db")
        library = Library(opened.db)
        cpu = time.process_time()
        start = time.perf_counter()
        result = library.add_files([path])
        elapsed = time.perf_counter() - start
        _CPU.setdefault(path, []).append(time.process_time() - cpu)
        assert result.added, result.failed
        opened.db.close()
        return elapsed


def _template(html: str) -> tuple[str, str]:
    """The page cut around its article (headline to last paragraph): the site's template,
    which every page of the site shares word for word."""
    start = html.index("<h1", html.index("<article") if "<article" in html else 0)
    end = html.rindex("</p>") + 4
    return html[:start], html[end:]


def _synthetic_pages(folder: Path, count: int, html: str) -> None:
    before, after = _template(html)
    own_title = read_page(html).meta.title
    rng = random.Random(16)
    vocab = _vocabulary(rng)
    for i in range(count):
        headline = " ".join(vocab.choices(rng, 8)).capitalize()
        body = "".join(f"<p>{_paragraph(rng, vocab)}</p>\n" for _ in range(rng.randint(8, 20)))
        # Each page's head names its own story (og:title, <title>), as a site's pages do.
        page = before.replace(own_title, headline) + f"<h1>{headline}</h1>\n" + body + after
        (folder / f"page{i:04d}.html").write_text(page, encoding="utf-8")


def run(quick: bool) -> list[dict[str, object]]:
    raw = gzip.decompress(PAGE.read_bytes())
    figures: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        page = folder / "page.html"
        page.write_bytes(raw)
        plain = folder / "page.txt"
        plain.write_text(load_document(page).text, encoding="utf-8")
        repeat = 5 if quick else 21
        _import_once(page)  # warm: modules loaded, files cached
        floor_times = [_import_once(plain) for _ in range(repeat)]
        page_times = [_import_once(page) for _ in range(repeat)]
        floor = timing("the same article as plain text: import", floor_times)
        floor["floor_name"] = "as text"
        figures.append(floor)
        cpu = sorted(_CPU[page][-repeat:])[repeat // 2]
        figures.append(
            timing(
                f"200 KB web page ({len(raw) // 1024} KB): import with classification",
                page_times,
                floor=floor,
                target="≤ 30 ms",
                note=f"CPU median {cpu * 1000:.1f} ms",
            )
        )
        count = 100 if quick else 1000
        pages = folder / "pages"
        pages.mkdir()
        _synthetic_pages(pages, count, raw.decode("utf-8", "replace"))
        opened = open_store(folder / "many.db")
        library = Library(opened.db)
        before = os.times()
        start = time.perf_counter()
        result = library.add_files([pages])
        elapsed = time.perf_counter() - start
        after = os.times()
        assert len(result.added) == count, result.failed[:3]
        opened.db.close()
        # CPU time of this process and its (joined) worker processes: the fair figure on a
        # machine others load too; divided by the two cores the target assumes, it is the
        # wall time the import needs when it has them to itself.
        cpu = sum(after[:4]) - sum(before[:4])
        figures.append(
            timing(
                f"{count:,} saved web pages: import a folder (classified)",
                [elapsed],
                target="≤ 60 s" if count == 1000 else None,
                note=f"{elapsed / count * 1000:.1f} ms a page; CPU {cpu:.1f} s"
                f" (/2 cores = {cpu / 2:.1f} s)",
            )
        )
    return figures


if __name__ == "__main__":
    for figure in run("--quick" in sys.argv):
        print(figure)
