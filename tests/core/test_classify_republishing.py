"""Issue 15: reworded copies, siblings, the republisher's voice, other languages' markers."""

from __future__ import annotations

import pytest

from reader.core.classify import MemoryCorpus, analyse, classify
from reader.core.classify.vocabulary import vocabulary

ORIGINAL = (
    "Central bank holds rates steady, signals cuts could come by summer\n\n"
    "The Northland Central Bank left its benchmark interest rate unchanged at 4.75% on "
    "Wednesday, but its governor said for the first time that borrowing costs could fall "
    "before the summer if inflation keeps cooling.\n\n"
    "Consumer prices rose 2.9% in December from a year earlier, down from a peak of 9.1% in "
    "late 2022. The bank targets inflation of 2%.\n\n"
    "Halvorsen said wage growth remained too strong for the bank to act at once. Average "
    "hourly pay rose 5.2% last year, according to the national statistics office.\n\n"
    "Mortgage holders, who have seen monthly payments climb by hundreds of dollars since "
    "2022, are likely to be the first to benefit from any cut, analysts said.\n"
)
REWORDED = (
    "Central bank holds rates steady, signals cuts could come by summer\n\n"
    "Loans may get cheaper by summer should price growth go on slowing, the governor of "
    "the Northland Central Bank told reporters Wednesday, as the bank kept its main rate "
    "unchanged at 4.75%.\n\n"
    "In December consumer prices were up 2.9% on a year earlier, down from a 9.1% peak in "
    "late 2022. The bank's inflation target is 2%.\n\n"
    "Notice what she did not say. Why should you believe a timetable from people who missed "
    "every turn of this cycle? We certainly do not.\n\n"
    "Reposted from Northland Business Daily\n"
)


def _pair(original: str, copy: str) -> tuple[MemoryCorpus, str, str]:
    corpus = MemoryCorpus()
    corpus.add("o.txt", "Original", original)
    corpus.add("c.txt", "Copy", copy)
    return corpus, "o.txt", "c.txt"


def test_reworded_reporting_names_the_original_wording() -> None:
    corpus, original, copy = _pair(ORIGINAL, REWORDED)
    result = analyse(REWORDED, corpus, key=copy)
    assert result.relation.role == "copy" and result.relation.other == original
    start = REWORDED.index("Loans may")
    segment = next(s for s in result.segments if s.start <= start < s.end)
    assert segment.kind == "reporting"
    assert segment.reason.startswith("reworded from the original (")
    assert "benchmark interest rate unchanged" in segment.reason  # the original's own words
    assert segment.source == original and segment.source_start is not None
    assert 0.5 < segment.confidence < 1.0
    aside = REWORDED.index("Notice what")
    assert next(s for s in result.segments if s.start <= aside < s.end).kind == "commentary"
    repost = REWORDED.index("Reposted from")
    assert next(s for s in result.segments if s.start <= repost < s.end).kind == "furniture"
    # The original's paragraph the copy dropped stays reporting.
    theirs = analyse(ORIGINAL, corpus, key=original)
    assert theirs.relation.role == "original"
    assert all(s.kind == "reporting" for s in theirs.segments)


def test_two_wire_versions_are_siblings_without_commentary() -> None:
    first = ORIGINAL + (
        "\nThe bank's next decision is due on March 12, a spokesperson said in a statement.\n"
    )
    second = (
        ORIGINAL.replace(
            "Consumer prices rose",
            "Economists had expected the decision, a survey showed. Prices rose",
        )
        + "\nThe currency fell 0.6% against the dollar within minutes, traders said.\n"
    )
    corpus, a, b = _pair(first, second)
    for text, key in ((first, a), (second, b)):
        result = analyse(text, corpus, key=key)
        assert result.relation.role == "sibling"
        assert all(s.kind != "commentary" for s in result.segments)
        assert any(s.reason.startswith("only in this version") for s in result.segments)


def test_an_opinion_original_is_never_commentary() -> None:
    column = (
        "The four-day week is the future of work\n\n"
        "Every few months another chief executive warns that the four-day week will wreck "
        "productivity. They are wrong, and we should say so.\n\n"
        "Meetings that could have been emails, dashboards nobody reads: you know the waste. "
        "Why do we put up with it?\n\n"
        "Politicians who claim to care about burnout should be championing this. Instead, too "
        "many hide behind lobbies that were wrong about every reform since the weekend.\n"
    )
    copy = (
        "The four-day week is the future of work\n\n"
        "Every few months another chief executive warns that the four-day week will wreck "
        "productivity. They are wrong, and we should say so.\n\n"
        "Via The Daily Ledger\n"
    )
    corpus, original, key = _pair(column, copy)
    assert all(s.kind != "commentary" for s in classify(column, corpus, key=original))
    assert all(s.kind != "commentary" for s in classify(column))  # alone: its own voice


def test_a_copy_alone_shows_its_framing_by_its_voice() -> None:
    copy = (
        "Harbor City approves 40 miles of bike lanes\n\n"
        "We have covered this fight for two years, and we will say it plainly: you should be "
        "glad the city chose people over parking.\n\n"
        "The Harbor City Council voted 7-4 on Tuesday night to build 40 miles of protected bike "
        "lanes, officials said.\n\n"
        "The $62 million plan will replace about 1,900 parking spaces, according to the city.\n\n"
        "City engineers estimate the lanes will cut serious cycling injuries by a third.\n\n"
        "Opponents said losing parking would hurt small businesses on Fulton Avenue.\n"
    )
    segments = classify(copy)
    framing = next(s for s in segments if s.start <= copy.index("We have covered") < s.end)
    assert framing.kind == "commentary" and framing.reason.startswith("opinion:")
    assert sum(1 for s in segments if s.kind == "commentary") == 1


_FERRY = (
    "Island ferry service cut to twice a day\n\n"
    "The regional transport authority will cut the Skerry Island ferry to two sailings a day "
    "from March, its director said on Monday, citing a shortage of licensed crew.\n\n"
    "I have taken this boat every winter for a decade, and clearly I have never seen the "
    "harbour office so quiet; the waiting room that once held forty commuters now holds a few "
    "pensioners and their dogs, and the café has closed its shutters.\n\n"
    "About 1,200 people live on the island, according to the county's latest census, and "
    "roughly a third of them commute to the mainland for work, officials said.\n\n"
    "The authority said it had advertised eleven deckhand posts since October and filled "
    "two of them, and that a training scheme with the maritime college would start in May.\n\n"
    "The island council said it would ask the transport minister to fund a third daily "
    "sailing during school terms, a request it estimated at 400,000 euros a year.\n\n"
    "Freight sailings, which carry fuel and groceries, are not affected, the authority "
    "added in a statement.\n"
)


def test_an_original_alone_keeps_its_first_person_body_paragraph() -> None:
    """Between two reporting paragraphs a long first-person paragraph is the writer's own."""
    assert all(s.kind != "commentary" for s in classify(_FERRY))


def test_a_long_run_after_the_last_reporting_paragraph_is_the_articles_own() -> None:
    """A republisher frames in a paragraph or two; three argued paragraphs closing an
    article alone are its writer's conclusion."""
    closing = (
        "Clearly an island cannot be run on goodwill and two boats a day. For how long?\n\n"
        "The county should have seen this coming. Was the crew shortage not years old?\n\n"
        "Why does the training scheme start in May and not in January? It must explain.\n"
    )
    story = _FERRY + (
        "\nThe ferry's operator said passenger numbers fell 8% last year.\n\n"
        "The authority said the timetable would be reviewed in September, a spokesperson "
        "told reporters.\n\n"
        "Two private water taxis are licensed to carry up to twelve passengers, officials "
        "said.\n"
    )
    text = story + "\n" + closing
    assert all(s.kind != "commentary" for s in classify(text))
    framed = story + "\n" + closing.split("\n\n")[0] + "\n"  # one paragraph: framing
    outro = next(s for s in classify(framed) if s.start <= framed.index("Clearly an") < s.end)
    assert outro.kind == "commentary"


def test_a_short_loaded_aside_inside_the_story_is_commentary() -> None:
    aside = "Shameful. You should be furious that nobody in charge saw this coming, again!"
    copy = _FERRY.replace("About 1,200 people", aside + "\n\nAbout 1,200 people")
    segments = classify(copy)
    found = next(s for s in segments if s.start <= copy.index("Shameful") < s.end)
    assert found.kind == "commentary" and found.reason.startswith("opinion:")
    body = next(s for s in segments if s.start <= copy.index("I have taken") < s.end)
    assert body.kind == "reporting"


def test_a_web_pages_body_is_never_opinion_commentary() -> None:
    """The page's markup marks its headline; its body, unhinted, is the article's own voice
    even where a text read alone would call a framing paragraph commentary."""
    text = (
        "Harbor City approves 40 miles of bike lanes\n\n"
        "We have covered this fight for two years, and we will say it plainly: you should be "
        "glad the city chose people over parking.\n\n"
        "The Harbor City Council voted 7-4 on Tuesday night to build 40 miles of protected "
        "bike lanes, officials said.\n\n"
        "The $62 million plan will replace about 1,900 parking spaces, according to the city.\n\n"
        "Opponents said losing parking would hurt small businesses on Fulton Avenue.\n"
    )
    assert any(s.kind == "commentary" for s in classify(text))  # read as plain text
    headline = (0, text.index("\n"), "reporting", "page structure: the headline")
    assert all(s.kind != "commentary" for s in classify(text, structure=[headline]))


@pytest.mark.parametrize(
    ("paragraph", "label"),
    [
        ("Commentaire : une fois de plus, les usagers paieront.", "Commentaire:"),
        (
            "Anmerkung der Redaktion: Unsere Leser können uns Fotos schicken.",
            "Anmerkung der Redaktion:",
        ),
        ("Unsere Meinung: Soforthilfen sind gut, aber zu spät.", "Unsere Meinung:"),
        ("Nota del editor: actualizaremos esta información.", "Nota del editor:"),
        ("Note from the editor: AgriNova funded two of the studies.", "Note from the editor:"),
        ("**Comment:** Regulators were warned in 2013.", "Comment:"),
        ("If you grow a garden, skip the spray this year. — Ed.", "— Ed."),
        ("(Emphasis added.) Real wages are still below 2021.", "(Emphasis added"),
    ],
)
def test_markers_in_other_conventions_and_languages(paragraph: str, label: str) -> None:
    body = "A reporting paragraph that says what happened, officials said."
    text = f"Headline of the story\n\n{body}\n\n{paragraph}\n"
    segments = classify(text)
    marked = next(s for s in segments if s.start == text.index(paragraph))
    assert marked.kind == "commentary" and label in marked.reason


@pytest.mark.parametrize(
    "remark",
    [
        "(NDLR : le même calendrier avait été promis)",
        "[Anm. d. Red.: 2013 stand sie höher.]",
        "(N. del E.: el consumo medio ronda los 160 litros)",
        "[Ed: queens survive the winter.]",
    ],
)
def test_inline_remarks_in_other_languages(remark: str) -> None:
    text = f"Title here\n\nLe ministère a rappelé un calendrier {remark} et appelé au calme.\n"
    segments = classify(text)
    inline = next(s for s in segments if s.start == text.index(remark))
    assert inline.kind == "commentary" and inline.end == text.index(remark) + len(remark)


@pytest.mark.parametrize(
    "line",
    [
        "Publicité",
        "Partager sur Facebook",
        "Lire aussi",
        "Anzeige",
        "Artikel teilen",
        "Mehr zum Thema",
        "Publicidad",
        "Compartir en WhatsApp",
        "Lee también: Cómo ahorrar agua",
        "Dieser Artikel erschien zuerst bei der Donau-Rundschau.",
        "Cet article a été publié initialement sur Le Courrier du Rhône.",
        "Publicado originalmente en Diario del Mediterráneo.",
        "Authored by Kenji Watanabe via ZH,",
        "Republished with permission from Northland Business Daily.",
        "Print Friendly",
        "Stand: 14.06.2025, 16:45 Uhr",
        "Publié le 6 février 2025 à 07h12",
    ],
)
def test_furniture_lines_in_other_languages(line: str) -> None:
    body = "A long reporting paragraph that carries the story and its sources, officials said. " * 2
    text = f"Headline of the story\n\n{body}\n\n{line}\n\n{body}\n"
    segment = next(s for s in classify(text) if s.start == text.index(line))
    assert segment.kind == "furniture", segment.reason


def test_vocabulary_tables_are_data_one_per_language() -> None:
    words = vocabulary()
    assert set(words.languages) >= {"English", "French", "German", "Spanish"}
    assert len(words.stances) == len(words.languages)
    assert words.attribution.match("Zuerst erschienen bei der Zeitung")
    assert not words.line_marker.match("Note: skulls from 1946 were found.")


def test_a_fisk_alone_is_the_bloggers_between_its_excerpts() -> None:
    post = (
        "Another bee scare dressed up as science\n\n"
        "The papers are full of it this morning. Here is the key claim:\n\n"
        "> Colonies near treated fields produced 52% fewer new queens, the team found.\n\n"
        "Fewer queens is not fewer colonies, and nobody has shown the second.\n\n"
        "> Researchers placed 240 colonies next to treated and untreated fields.\n\n"
        "Eighty colonies per region is a small sample for a claim this big.\n"
    )
    segments = classify(post)
    kinds = {post[s.start : s.end][:12]: s.kind for s in segments}
    assert kinds["Another bee "] == "commentary"
    assert kinds["Eighty colon"] == "commentary"
    assert kinds["> Colonies n"] == "reporting" and kinds["> Researcher"] == "reporting"
    # A news story that quotes people paragraph by paragraph is no fisk.
    news = (
        "Bee study finds colony losses\n\n"
        "“We were surprised by how consistent it was,” said lead author Samuel Okonkwo.\n\n"
        "Colonies near treated fields produced 52% fewer new queens, the team found.\n\n"
        "“Wet years, dry years, different farms, the bees always did worse.”\n\n"
        "The maker said the study did not reflect real farming conditions.\n"
    )
    assert all(s.kind == "reporting" for s in classify(news))
