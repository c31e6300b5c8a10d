"""Where the article is: its headline, and the element that holds its body.

Readability's way: paragraphs score their ancestors (commas, length, less their links),
class and id words weigh them, and the best-scoring element with its like-scored siblings
is the article; near the headline counts for more, and where most of the page's prose is
overrules a small dense box.
"""

from __future__ import annotations

from reader.core.web.metadata import norm_words
from reader.core.web.walk import Element, Para


def find_article(
    elements: list[Element],
    paras: list[Para],
    chains: list[list[int]],
    near: set[int] = frozenset(),  # type: ignore[assignment]
) -> tuple[set[int], int]:
    """Indices of paragraphs in the main article (Readability's scoring, simplified), and
    the element that holds it (-1 for none)."""
    n = len(elements)
    score = [0.0] * n
    chars = [0] * n
    links = [0] * n
    scored = [False] * n
    prose = [0] * n
    for para, chain in zip(paras, chains, strict=True):
        size = len(para.text)
        told = size if len(para.text.split()) >= 20 and para.links < size * 0.2 else 0
        for index in chain:
            chars[index] += size
            links[index] += para.links
            prose[index] += told
        if size < 25 or para.heading:
            continue
        density = para.links / size
        points = (1 + para.text.count(",") + para.text.count("，") + min(size // 100, 3)) * (
            1 - density
        )
        # The paragraph's own block counts as Readability's <p>: its parent gets the full
        # score, the grandparent half, then a third per level for three more levels.
        for level, index in enumerate(chain[1:6]):
            if not scored[index]:
                scored[index] = True
                element = elements[index]
                score[index] += element.weight + _TAG_BONUS.get(element.tag, 0)
            score[index] += points / (1 if level == 0 else 2 if level == 1 else level * 3)
    best, best_score = -1, 0.0
    for index in range(n):
        if not scored[index] or not chars[index]:
            continue
        final = score[index] * (1 - links[index] / chars[index])
        if index in near:
            final *= _NEAR_HEADLINE  # the body follows its headline; a box elsewhere does not
        score[index] = final
        if final > best_score:
            best, best_score = index, final
    if best < 0:
        return set(range(len(paras))), -1
    # A body whose paragraphs each sit in wrappers of their own scores low on every one of
    # them: where most of the page's prose is (its 'mass') overrules a small dense box.
    mass = [0.0] * n
    for para, chain in zip(paras, chains, strict=True):
        size = len(para.text)
        if size < 25 or para.heading:
            continue
        points = (1 + para.text.count(",") + min(size // 100, 3)) * (1 - para.links / size)
        for index in chain:
            mass[index] += points
    children: dict[int, list[int]] = {}
    for index, element in enumerate(elements):
        children.setdefault(element.parent, []).append(index)
    node = max(children.get(-1, [0]), key=lambda i: mass[i])
    while True:
        kids = children.get(node, [])
        top = max(kids, key=lambda i: mass[i], default=-1)
        if top < 0 or mass[top] < mass[node] * _MASS_SHARE:
            break
        node = top
    if mass[best] < mass[node] * _MASS_FLOOR:
        # The best-scoring box holds too little of the prose (a notice, a teaser): the best
        # element that holds enough of it, else the element where the prose is.
        floor = mass[node] * _MASS_FLOOR
        enough = [
            i
            for i in range(n)
            if scored[i] and mass[i] >= floor and elements[i].tag not in ("body", "html")
        ]
        if enough:
            best = max(enough, key=lambda i: score[i])
            best_score = score[best]
        elif elements[node].tag not in ("body", "html"):
            best, best_score = node, max(best_score, score[node])
    # Climb through wrappers that hold nothing but the article.
    while True:
        parent = elements[best].parent
        if parent < 0 or chars[parent] != chars[best] or elements[parent].tag == "body":
            break
        best = parent
    chosen = {best}
    parent = elements[best].parent
    threshold = max(10.0, best_score * 0.2)
    mine = elements[best]
    if parent >= 0:
        for index in range(n):
            element = elements[index]
            if element.parent != parent or index == best:
                continue
            # Readability's sibling rule, and its same-class bonus made whole: a body cut
            # into modules of one template (<div class="mod modParagraph"> each, ads
            # between) is one article, each module holding a paragraph of prose.
            if score[index] >= threshold or (
                mine.cls
                and element.cls == mine.cls
                and element.tag == mine.tag
                and mass[index] > 0
                and links[index] < chars[index] * 0.25
            ):
                chosen.add(index)
    # The same a level or two up: the body goes on in a later block of the template
    # (<div class="flex"> twice, an embed between; each with a box of links beside it).
    level = best
    for _ in range(_SAME_CLASS_LEVELS):
        up = elements[level].parent
        if up < 0 or elements[up].tag in ("body", "html"):
            break
        me = elements[level]
        for index in children.get(up, []) if me.cls else []:
            element = elements[index]
            if (
                index != level
                and element.tag == me.tag
                and element.cls == me.cls
                and prose[index] >= _SAME_CLASS_CHARS
                and links[index] < chars[index] * 0.5
            ):
                chosen.add(index)
        level = up
    members = set()
    for i, chain in enumerate(chains):
        if any(index in chosen for index in chain):
            members.add(i)
    # Loose paragraphs beside the article (no container of their own): sentences, few links.
    for i, (para, chain) in enumerate(zip(paras, chains, strict=True)):
        if i in members or len(chain) < 2 or chain[1] != parent:
            continue
        size = len(para.text)
        density = para.links / size
        if (size > 80 and density < 0.25) or (density == 0 and para.text.endswith(".")):
            members.add(i)
    return members, best


_NEAR_HEADLINE = 1.5
_SAME_CLASS_LEVELS = 3
_SAME_CLASS_CHARS = 200
_MASS_SHARE = 0.85
_MASS_FLOOR = 0.3
_NEAR_LEVELS = 4

_TAG_BONUS = {
    "div": 5,
    "article": 10,
    "main": 5,
    "section": 3,
    "pre": 3,
    "td": 3,
    "blockquote": 3,
    "address": -3,
    "ol": -3,
    "ul": -3,
    "dl": -3,
    "dd": -3,
    "dt": -3,
    "li": -3,
    "form": -3,
    "th": -5,
}


def similar(a: str, b: str) -> float:
    """Share of the shorter text's words found in the other (both normalised)."""
    wa, wb = a.split(), b.split()
    if not wa or not wb:
        return 0.0
    if a == b:
        return 1.0
    short, long = (wa, set(wb)) if len(wa) <= len(wb) else (wb, set(wa))
    return sum(1 for w in short if w in long) / max(len(wa), len(wb))


def find_headline(paras: list[Para], title: str) -> int | None:
    """The paragraph that is the article's headline: the heading most like the title."""
    wanted = norm_words(title)
    best, best_score = None, 0.0
    for i, para in enumerate(paras):
        if para.heading == 0 and not wanted:
            continue
        words = norm_words(para.text)
        if not words or len(words) > 400:
            continue
        similarity = similar(words, wanted) if wanted else 0.0
        if para.heading == 0 and similarity < 0.99:
            continue
        points = similarity * 2 + (1.0 if para.heading == 1 else 0.5 if para.heading else 0.0)
        if points > best_score and (similarity >= 0.6 or (not wanted and para.heading == 1)):
            best, best_score = i, points
    if best is None and wanted:
        return None
    if best is None:
        h1s = [i for i, p in enumerate(paras) if p.heading == 1 and len(p.text.split()) >= 2]
        return h1s[0] if len(h1s) == 1 else None
    return best


def near_headline(elements: list[Element], headline_chain: list[int]) -> set[int]:
    """Elements within a few levels of the headline's container: where its body is."""
    near = set(headline_chain[1 : _NEAR_LEVELS + 1])
    tops = set(near)
    for index, element in enumerate(elements):
        parent = element.parent
        depth = 0
        while parent >= 0 and depth < 6 and parent not in tops:
            parent = elements[parent].parent
            depth += 1
        if parent in tops and elements[parent].tag not in ("body", "html"):
            near.add(index)
    return near
