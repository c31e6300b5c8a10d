"""Whether a command-line word is a `reader://` link: all the start-up path needs to know
(the parser, `links`, loads only when a link is followed)."""

SCHEME = "reader"


def is_reader_link(text: str) -> bool:
    return text[:len(SCHEME) + 3].lower() == f"{SCHEME}://"
