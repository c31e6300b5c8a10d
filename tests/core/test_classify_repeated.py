"""Issue 15: site chrome found by repetition across a library's documents
(`classify.repeated`, the store's `line_index`)."""

from __future__ import annotations

from pathlib import Path

from reader.core.classify import MemoryCorpus, analyse
from reader.core.classify.repeated import MAX_LINES, sample_values, text_lines
from reader.core.classify.segments import Segment
from reader.core.classify.verdicts import LibraryClassifier
from reader.core.context import open_context
from reader.core.store.database import _REPEATED_LINES, SCHEMA_VERSION, open_store
from tests.stores import store_before

FOOTER = "Valley Voice is funded by its readers and answers to nobody else."
STORIES = [
    (
        "Lemberg library to open on Sundays from April",
        "The public library in Lemberg will open on Sunday afternoons from April, after the "
        "town council agreed to fund two more part-time posts for the branch.",
    ),
    (
        "Flood barrier at Kessfeld passes its first winter",
        "The new flood barrier on the Ostra at Kessfeld held back the river during three "
        "high-water events this winter, the regional water board said on Friday.",
    ),
    (
        "Bus line 14 to run every 20 minutes",
        "Bus line 14 between Lemberg station and the hospital will run every 20 minutes "
        "instead of every half hour from May, the transport authority said on Monday.",
    ),
    (
        "Ostra valley dairy to close after 90 years",
        "The Ostra Valley Dairy cooperative will close its plant in Lemberg at the end of "
        "September, ending 90 years of cheese making in the town, its board said.",
    ),
]


def _page(title: str, body: str) -> str:
    return f"{title}\n\n{body}\n\n{FOOTER}\n"


def _at(segments: list[Segment], text: str, needle: str) -> Segment:
    start = text.index(needle)
    return next(s for s in segments if s.start <= start < s.end)


def test_a_line_on_three_other_pages_is_furniture() -> None:
    corpus = MemoryCorpus()
    for n, (title, body) in enumerate(STORIES):
        corpus.add(f"{n}.txt", title, _page(title, body))
    text = _page(*STORIES[0])
    segments = analyse(text, corpus, key="0.txt").segments
    footer = _at(segments, text, FOOTER)
    assert footer.kind == "furniture"
    assert footer.reason == "furniture: repeated on 3 pages in the library"
    assert _at(segments, text, "The public library").kind == "reporting"


def test_two_other_pages_are_not_enough() -> None:
    corpus = MemoryCorpus()
    for n, (title, body) in enumerate(STORIES[:3]):
        corpus.add(f"{n}.txt", title, _page(title, body))
    text = _page(*STORIES[0])
    assert _at(analyse(text, corpus, key="0.txt").segments, text, FOOTER).kind == "reporting"


def test_pages_of_other_sites_do_not_count() -> None:
    corpus = MemoryCorpus()
    for n, (title, body) in enumerate(STORIES):
        corpus.add(f"{n}.txt", title, _page(title, body), "Valley Voice" if n < 2 else "Other")
    text = _page(*STORIES[0])
    segments = analyse(text, corpus, key="0.txt", site="Valley Voice").segments
    assert _at(segments, text, FOOTER).kind == "reporting"


def test_a_storys_own_lines_repeated_by_its_copies_stay_reporting() -> None:
    head = "Dairy to close after 90 years\n\n"
    short = "The closure will cut 140 jobs.\n\n"
    body = (
        "The Ostra Valley Dairy cooperative will close its plant in Lemberg at the end of "
        "September, ending 90 years of cheese making in the town, its board said on "
        "Thursday. Milk from its 65 member farms will go to a larger plant in Kessfeld.\n"
    )
    original = head + short + body
    corpus = MemoryCorpus()
    corpus.add("o.txt", "Original", original)
    for n in range(4):
        corpus.add(f"c{n}.txt", f"Copy {n}", original + f"Reposted from the Valley Voice {n}\n")
    segments = analyse(original, corpus, key="o.txt").segments
    assert _at(segments, original, "Dairy to close").kind == "reporting"
    assert _at(segments, original, "The closure will").kind == "reporting"


def test_a_document_keeps_at_most_its_first_and_last_short_lines() -> None:
    text = "\n".join(f"Line number {n} of a long list" for n in range(500))
    assert len(sample_values(text_lines(text))) == MAX_LINES


def _html(site: str, title: str, body: str) -> str:
    return (
        "<!doctype html><html><head>"
        f'<meta property="og:site_name" content="{site}">'
        f"<title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{body}</p><p>{FOOTER}</p></article></body></html>"
    )


def test_a_stored_pages_footer_repeated_on_its_sites_pages(data_dir: Path, tmp_path: Path) -> None:
    paths = []
    for n, (title, body) in enumerate(STORIES):
        path = tmp_path / f"page{n}.html"
        path.write_text(_html("Valley Voice", title, body), "utf-8")
        paths.append(str(path))
    context = open_context(data_dir)
    context.library.add_files(paths)
    doc_id = context.library.id_for_path(Path(paths[0]))
    assert doc_id is not None
    classifier = LibraryClassifier(context.db)
    text = classifier.text(doc_id)
    footer = _at(classifier.classify(doc_id), text, FOOTER)
    assert footer.kind == "furniture"
    assert footer.reason == "furniture: repeated on 3 pages of Valley Voice"
    # Removing pages removes their lines from the index.
    others = [context.library.id_for_path(Path(p)) for p in paths[1:]]
    context.library.remove([i for i in others if i is not None])
    assert _at(classifier.classify(doc_id), text, FOOTER).kind == "reporting"
    context.close()


def test_store_from_the_version_before_gains_the_line_index(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = store_before(path, _REPEATED_LINES)
    old.commit()
    old.close()
    db = open_store(path).db
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("SELECT count(*) FROM line_index").fetchone()[0] == 0
