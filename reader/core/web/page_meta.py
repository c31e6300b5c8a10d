"""A page's metadata as stored and shown: no parser needed to read it back (no lxml)."""

from __future__ import annotations

import json
from typing import NamedTuple


class PageMeta(NamedTuple):
    """What the page says about itself; '' where it says nothing."""

    title: str = ""
    site: str = ""
    author: str = ""
    published: str = ""
    """ISO 8601 as far as the page gives it: 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM'."""
    modified: str = ""
    url: str = ""
    """The canonical URL (link rel=canonical, og:url, else where it was fetched from)."""
    language: str = ""
    description: str = ""
    encoding_note: str = ""
    note: str = ""
    """Anything else the reader should know about how the page was read (a cut)."""
    head_title: str = ""
    """The `<title>`, less the site's name: the fallback when no heading is the headline."""

    def to_json(self) -> str:
        return json.dumps(self._asdict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: str | None) -> PageMeta:
        if not data:
            return cls()
        try:
            raw = json.loads(data)
        except ValueError:
            return cls()
        if not isinstance(raw, dict):
            return cls()
        return cls(**{k: str(v) for k, v in raw.items() if k in cls._fields and v is not None})
