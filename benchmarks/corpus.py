"""A realistic, deterministic news corpus for the library benchmarks.

About 5 KB per article: a headline, furniture (section label, byline, "Advertisement",
photo captions, tags), a dateline lead, reporting paragraphs with quotes. About a fifth of the
documents are republished copies of another article, with "Comment:" paragraphs, inline
"[Comment: …]" remarks and some unmarked additions, as the classifier meets them in the wild.
Files are spread over folders of 100 so folder sorting and watching see a real tree.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

_WORDS = (  # noqa: SIM905 - a word list reads better as text
    "government minister official officials said told reporters statement week month year "
    "talks agreement deal border security forces troops military alliance summit leaders "
    "economy market prices inflation bank rates growth trade exports sanctions energy gas "
    "oil pipeline election vote voters campaign party parliament opposition court ruling "
    "judge law police investigation report reports according sources spokesman spokeswoman "
    "city region country capital province villages residents people families children "
    "hospital health workers union strike protest protesters crowd streets rally city hall "
    "plan proposal budget spending billion million percent increase decrease support "
    "against between during after before while despite because however also still already "
    "new first last next former senior local national international foreign domestic "
    "public private major key early late recent further several many most other the a an "
    "of to in on for with at by from about over under into would could should will may "
    "has have had was were is are been being not no more than its their his her they "
    "it this that these those which who when where whether there here both each such "
    "agency data figures analysts companies industry farmers prices fuel water weather "
    "storm flood fire damage rescue emergency aid relief talks ceasefire negotiators"
).split()
_PLACES = (
    "BRUSSELS",
    "LONDON",
    "MOSCOW",
    "KYIV",
    "WASHINGTON",
    "BERLIN",
    "PARIS",
    "WARSAW",
    "ANKARA",
    "VIENNA",
    "GENEVA",
    "ROME",
    "MADRID",
    "OSLO",
    "TALLINN",
    "RIGA",
)
_NAMES = (
    "Anna Keller",
    "Jens Olsen",
    "Maria Rossi",
    "Tomasz Nowak",
    "Elena Petrova",
    "David Brown",
    "Sofia Marin",
    "Lukas Weber",
    "Ines Duarte",
    "Omar Haddad",
)
_SECTIONS = ("World", "Europe", "Politics", "Business", "Analysis", "Energy", "Security")
_COMMENTS = (
    "Comment: Readers will notice how little of this the officials were willing to explain.",
    "Comment: The figures quoted here were disputed by independent analysts last year.",
    "Editor's note: We republish this report because the mainstream coverage ignored it.",
    "Our take: Another promise that will be forgotten by the next summit.",
)
_ADDITIONS = (
    "This is exactly what critics had predicted from the start, and nobody listened.",
    "Few outlets bothered to ask who actually benefits from such an arrangement.",
    "The timing of the announcement, days before the vote, is hardly a coincidence.",
)


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_WORDS, k=rng.randint(12, 26))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
    if rng.random() < 0.3:
        quote = " ".join(rng.choices(_WORDS, k=rng.randint(8, 16))).capitalize()
        text += f' "{quote}," {rng.choice(_NAMES)} said.'
    return text


def _article(rng: random.Random, number: int) -> str:
    place = rng.choice(_PLACES)
    headline = " ".join(rng.choices(_WORDS, k=rng.randint(6, 11))).capitalize()
    lines = [
        rng.choice(_SECTIONS),
        f"{headline} (report {number})",
        f"By {rng.choice(_NAMES).upper()} {rng.randint(1, 28)} MAR 2024",
        f"{place} — " + _paragraph(rng),
    ]
    target = rng.randint(4200, 5600)
    size = sum(len(line) for line in lines)
    while size < target:
        if rng.random() < 0.08:
            line = rng.choice(
                (
                    "Advertisement",
                    f"© Reuters/{rng.choice(_NAMES)}",
                    f"Photo: {rng.choice(_NAMES)} speaks to reporters in {place.title()}",
                )
            )
        else:
            line = _paragraph(rng)
        lines.append(line)
        size += len(line)
    lines.append("Tags: " + " ".join(rng.sample(_SECTIONS, 3)))
    return "\n\n".join(lines) + "\n"


def _republish(rng: random.Random, original: str) -> str:
    paragraphs = original.rstrip("\n").split("\n\n")
    out: list[str] = ["Reposted", *paragraphs[1:2]]
    for paragraph in paragraphs[2:]:
        if rng.random() < 0.12 and len(paragraph) > 80:
            cut = paragraph.find(". ") + 1 or len(paragraph)
            paragraph = (
                paragraph[:cut] + " [Comment: " + rng.choice(_ADDITIONS) + "]" + paragraph[cut:]
            )
        out.append(paragraph)
        roll = rng.random()
        if roll < 0.08:
            out.append(rng.choice(_COMMENTS))
        elif roll < 0.12:
            out.append(rng.choice(_ADDITIONS))
    out.append("This article originally appeared in a wire service.")
    return "\n\n".join(out) + "\n"


def write_corpus(root: Path, n_docs: int = 10_000, seed: int = 0) -> list[Path]:
    """Write `n_docs` articles under `root` (folders of 100); the same seed, the same bytes."""
    rng = random.Random(seed)
    root = Path(root)
    written: list[Path] = []
    originals: list[str] = []
    for number in range(n_docs):
        folder = root / f"batch{number // 100:03}"
        if number % 100 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        if originals and rng.random() < 0.2:
            text = _republish(rng, rng.choice(originals))
            name = f"{number:05}_republished.txt"
        else:
            text = _article(rng, number)
            originals.append(text)
            if len(originals) > 400:  # republish from a recent window, like real feeds
                originals.pop(0)
            name = f"{number:05}.txt"
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = write_corpus(args.root, args.n, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} documents, {size / 1e6:.1f} MB under {args.root}")


if __name__ == "__main__":
    main()
