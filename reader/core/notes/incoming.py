"""The one validating parser for annotations that come from outside (files, other apps).

Everything the importer stores passes through here first, so a field that could break a
later export, the store or the sidebar (a date outside what every later step can print, an
offset that is negative, infinite or beyond any text, a string with a lone surrogate, a
selector that is not an object) is refused here with a message naming the annotation and
the field, never a traceback. One bad annotation is skipped; the file's others still import.

Formats read: the W3C Web Annotation model (an Annotation, a list, an AnnotationPage or an
AnnotationCollection with its pages), Hypothesis's h API JSON (one annotation or a search
result `{"rows": [...]}`), the Hypothesis client's export file (`export_date`,
`annotations: [...]`) and h's JSON-LD (W3C with Hypothesis ids).
"""

from __future__ import annotations

import json
import math
import uuid as uuid_module
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from reader.core.isotime import EARLIEST, LATEST
from reader.core.notes.storage import COLORS, MAX_TAG_LENGTH, MAX_TAGS, normalize_tags

MAX_DEPTH = 64
"""Deeper JSON than any annotation format needs is refused before anything walks it."""
MAX_OFFSET = 2**31 - 1
"""Offsets past this are beyond any document the library can hold."""
MAX_TEXT = 1_000_000
"""Characters in one quote, context or note body."""
HYPOTHESIS_BASE = "https://hypothes.is/a/"
UNKNOWN_SOURCE_PREFIX = "urn:reader:sha256:"


class ImportFormatError(ValueError):
    """The whole input is unusable (not JSON, not annotations); the message says why."""


class FieldError(ValueError):
    """One annotation has a bad field; it is skipped with this message."""


@dataclass
class Incoming:
    """One validated annotation, ready to be matched to a document and stored."""

    id: str
    """The id as it is exported: the annotation's own IRI, kept verbatim."""
    uuid: str
    """The store's key for it (the bare uuid for `urn:uuid:` ids, else the id)."""
    source: str = ""
    path: str = ""
    """The local file path when the source is a file:// URI."""
    content_hash: str = ""
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    color: str = "yellow"
    body: str = ""
    tags: tuple[str, ...] = ()
    created: float | None = None
    modified: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    """What the note does not model, kept to be written back on export."""


@dataclass
class Parsed:
    format: str
    items: list[Incoming] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    generated: float | None = None


# -- reading the file ----------------------------------------------------------------------


def _refuse_constant(name: str) -> float:
    raise ImportFormatError(f"{name} is not a number JSON allows")


def load_json(raw: bytes | str) -> Any:
    """Decode and parse, refusing what later steps could not handle as one clear error."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFormatError(f"not UTF-8 text ({error.reason} at byte {error.start})"
                                    ) from None
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except RecursionError:
        raise ImportFormatError(f"nested deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError as error:
        raise ImportFormatError(f"not valid JSON ({error.msg} at line {error.lineno},"
                                f" column {error.colno})") from None
    except ValueError as error:  # e.g. an integer with more digits than Python converts
        raise ImportFormatError(f"not usable JSON ({error})") from None
    _check_depth(data)
    return data


def _check_depth(data: Any) -> None:
    """The whole file's nesting (its strings and numbers are checked per annotation, so one
    bad annotation does not sink the others)."""
    try:
        check_tree(data, "the file", values=False)
    except FieldError as error:
        raise ImportFormatError(str(error)) from None


def check_tree(data: Any, where: str, values: bool = True) -> None:
    """Depth, and unless `values` is False finite numbers and well-formed strings
    everywhere (iterative: no recursion)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise FieldError(f"{where} is nested deeper than {MAX_DEPTH} levels")
        if isinstance(value, dict):
            for key, child in value.items():
                if values:
                    _check_string(str(key), where)
                stack.append((child, depth + 1))
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)
        elif not values:
            continue
        elif isinstance(value, str):
            _check_string(value, where)
        elif isinstance(value, float) and not math.isfinite(value):
            raise FieldError(f"{where} holds a number that is not finite")


def _check_string(text: str, where: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise FieldError(f"{where} holds a lone surrogate (text that is not valid Unicode)"
                         ) from None
    if "\x00" in text:
        raise FieldError(f"{where} holds a NUL character")


# -- recognising the format ----------------------------------------------------------------


def _is_hypothesis(item: dict[str, Any]) -> bool:
    return "type" not in item and ("uri" in item or "text" in item or "user" in item)


def parse(data: Any) -> Parsed:
    """Every annotation in `data`, validated; raises ImportFormatError if there are none to
    read (the wrong kind of JSON), else lists each skipped annotation in `problems`."""
    _check_depth(data)
    generated: float | None = None
    if isinstance(data, list):
        kind, raw_items = "W3C annotation list", data
    elif not isinstance(data, dict):
        raise ImportFormatError("expected a JSON object or a list of annotations")
    elif "annotations" in data and "export_date" in data:
        kind, raw_items = "Hypothesis client export", _list(data["annotations"], "annotations")
        generated = _optional_date(data.get("export_date"), "export_date")
    elif "rows" in data and "type" not in data:
        kind, raw_items = "Hypothesis API search result", _list(data["rows"], "rows")
    elif _is_hypothesis(data):
        kind, raw_items = "Hypothesis API annotation", [data]
    else:
        kind, raw_items = _w3c_items(data)
        generated = _optional_date(data.get("generated"), "generated")
    parsed = Parsed(kind, generated=generated)
    for index, item in enumerate(raw_items):
        label = f"annotation {index + 1}"
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            label = f"annotation {item['id'][:200]!r}"
        try:
            if not isinstance(item, dict):
                raise FieldError(f"is a JSON {type(item).__name__}, not an object")
            parsed.items.append(_hypothesis(item) if _is_hypothesis(item) else _w3c(item))
        except FieldError as error:
            parsed.problems.append(f"{label}: {error}")
    return parsed


def _optional_date(value: Any, name: str) -> float | None:
    try:
        return _date(value, name)
    except FieldError as error:
        raise ImportFormatError(str(error)) from None


def _list(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise ImportFormatError(f"'{name}' is a JSON {type(value).__name__}, not a list")
    return value


def _w3c_items(data: dict[str, Any]) -> tuple[str, list[Any]]:
    kind = data.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "Annotation" in kinds:
        return "W3C annotation", [data]
    if "AnnotationPage" in kinds:
        return "W3C annotation page", _pages(data)
    if "AnnotationCollection" in kinds:
        first = data.get("first")
        if first is None:
            return "W3C annotation collection", []
        if not isinstance(first, dict):
            raise ImportFormatError("the collection's 'first' page is not embedded (only a"
                                    " link): export the pages themselves")
        return "W3C annotation collection", _pages(first)
    raise ImportFormatError(f"not a W3C Web Annotation or a Hypothesis export (type {kind!r})")


def _pages(page: Any) -> list[Any]:
    items: list[Any] = []
    seen = 0
    while isinstance(page, dict):
        seen += 1
        if seen > 10_000:
            raise ImportFormatError("more than 10,000 pages")
        items += _list(page.get("items", []), "items")
        page = page.get("next")
    return items


# -- fields --------------------------------------------------------------------------------


def _text(value: Any, name: str, limit: int = MAX_TEXT) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FieldError(f"{name} is a JSON {type(value).__name__}, not a string")
    if len(value) > limit:
        raise FieldError(f"{name} is longer than {limit:,} characters")
    return value


def _offset(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(f"{name} is {value!r}, not a whole number")
    if isinstance(value, float):
        if not value.is_integer():
            raise FieldError(f"{name} is {value!r}, not a whole number")
        value = int(value)
    assert isinstance(value, int)
    if not 0 <= value <= MAX_OFFSET:
        raise FieldError(f"{name} is {value}, outside 0..{MAX_OFFSET}")
    return value


def _date(value: Any, name: str) -> float | None:
    """Seconds since the epoch, or None if absent; refused if it could not be printed back."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 64:
        raise FieldError(f"{name} is not an ISO 8601 date")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        utc = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise FieldError(f"{name} {value!r} is not an ISO 8601 date in range") from None
    if not EARLIEST <= utc < LATEST:
        raise FieldError(f"{name} {value!r} is outside {EARLIEST.year}..{LATEST.year - 1}")
    return utc.timestamp()


def _iri(value: Any, name: str) -> str:
    text = _text(value, name, 4096).strip()
    if text and (":" not in text or any(ch.isspace() for ch in text)):
        raise FieldError(f"{name} {text[:80]!r} is not an IRI")
    return text


def _identity(item: dict[str, Any], raw_id: Any, hypothesis: bool) -> tuple[str, str]:
    """(exported id, store key). Foreign IRIs are kept verbatim; a bare Hypothesis id
    becomes its hypothes.is IRI (what h's JSON-LD calls it, so both forms merge); any other
    non-IRI or missing id gets a name-based uuid, the same on every import of that text."""
    text = _text(raw_id, "id", 4096).strip()
    if hypothesis and text and ":" not in text and "/" not in text:
        text = HYPOTHESIS_BASE + text
    if text.lower().startswith("urn:uuid:"):
        try:
            bare = str(uuid_module.UUID(text[len("urn:uuid:"):]))
        except ValueError:
            pass  # not a UUID after all: named from the text below, like any non-IRI
        else:
            return f"urn:uuid:{bare}", bare
    elif text and ":" in text and not any(ch.isspace() for ch in text):
        return text, text
    seed = text or json.dumps(item, sort_keys=True, ensure_ascii=True)
    name = str(uuid_module.uuid5(uuid_module.NAMESPACE_URL, f"reader:annotation:{seed}"))
    return f"urn:uuid:{name}", name


def _source(incoming: Incoming, value: Any) -> None:
    source = _iri(value, "target source")
    incoming.source = source
    if source.startswith("file:"):
        incoming.path = unquote(urlsplit(source).path)
    elif source.startswith(UNKNOWN_SOURCE_PREFIX):
        incoming.content_hash = source[len(UNKNOWN_SOURCE_PREFIX):]


def _selectors(target: dict[str, Any]) -> list[Any]:
    value = target.get("selector")
    if value is None:
        return []
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return value
    raise FieldError(f"target selector is a JSON {type(value).__name__}, not an object")


def _read_selectors(incoming: Incoming, selectors: list[Any]) -> list[Any]:
    """Fill the quote and position from the text selectors (also inside `refinedBy` and a
    RangeSelector of two positions); return the ones the note cannot hold, to keep."""
    kept: list[Any] = []
    for selector in selectors:
        if not isinstance(selector, dict):
            raise FieldError(f"a selector is a JSON {type(selector).__name__}, not an object")
        if selector.get("type") == "RangeSelector" and "startContainer" in selector:
            selector = _dom_range(selector)
        if not _read_selector(incoming, selector):
            kept.append(selector)
    if incoming.start is None and incoming.exact == "" and any(
            isinstance(s, dict) and s.get("type") == "TextQuoteSelector" for s in selectors):
        raise FieldError("TextQuoteSelector has an empty exact")
    return kept


def _dom_range(selector: dict[str, Any]) -> dict[str, Any]:
    """The Hypothesis client's DOM range (containers and offsets) as the W3C model spells it,
    as h's own JSON-LD does: one XPath refined by a position, or a range of two."""
    points = []
    for side in ("start", "end"):
        container = _text(selector.get(f"{side}Container"), f"RangeSelector {side}Container",
                          2000)
        offset = _offset(selector.get(f"{side}Offset"), f"RangeSelector {side}Offset")
        points.append((container, offset))
    (first, start), (last, end) = points
    if first == last:
        return {"type": "XPathSelector", "value": first,
                "refinedBy": {"type": "TextPositionSelector", "start": start, "end": end}}
    return {"type": "RangeSelector",
            "startSelector": {"type": "XPathSelector", "value": first, "refinedBy": {
                "type": "TextPositionSelector", "start": start, "end": start}},
            "endSelector": {"type": "XPathSelector", "value": last, "refinedBy": {
                "type": "TextPositionSelector", "start": end, "end": end}}}


def _read_selector(incoming: Incoming, selector: dict[str, Any]) -> bool:
    """True if the selector was fully taken into the note's fields."""
    kind = selector.get("type")
    refined = selector.get("refinedBy")
    if refined is not None and not isinstance(refined, dict):
        raise FieldError(f"{kind} refinedBy is not an object")
    if kind == "TextQuoteSelector":
        if incoming.exact:
            return False
        incoming.exact = _text(selector.get("exact"), "TextQuoteSelector exact")
        incoming.prefix = _text(selector.get("prefix"), "TextQuoteSelector prefix", 10_000)
        incoming.suffix = _text(selector.get("suffix"), "TextQuoteSelector suffix", 10_000)
        return refined is None
    if kind == "TextPositionSelector":
        start = _offset(selector.get("start"), "TextPositionSelector start")
        end = _offset(selector.get("end"), "TextPositionSelector end")
        if start > end:
            raise FieldError(f"TextPositionSelector start {start} is after its end {end}")
        if incoming.start is not None:
            return False
        incoming.start, incoming.end = start, end
        return refined is None
    if kind == "RangeSelector":
        first, last = selector.get("startSelector"), selector.get("endSelector")
        if isinstance(first, dict) and isinstance(last, dict) and all(
                s.get("type") == "TextPositionSelector" for s in (first, last)):
            start = _offset(first.get("start"), "RangeSelector startSelector start")
            end = _offset(last.get("end"), "RangeSelector endSelector end")
            if start > end:
                raise FieldError(f"RangeSelector starts at {start}, after its end {end}")
            if incoming.start is None:
                incoming.start, incoming.end = start, end
        elif not (isinstance(first, dict) and isinstance(last, dict)):
            raise FieldError("RangeSelector has no startSelector and endSelector objects")
        return False
    if refined is not None and refined.get("type") == "TextQuoteSelector":
        # a quote is a quote wherever it is refined from; a refined position counts from
        # the outer selector's node, not from the start of the text, so it is not taken
        _read_selector(incoming, refined)
    return False


def _bodies(incoming: Incoming, item: dict[str, Any]) -> list[Any]:
    """The note's text and tags from `body`/`bodyValue`; returns bodies kept as they are."""
    kept: list[Any] = []
    tags: list[str] = []
    if "bodyValue" in item:
        incoming.body = _text(item.get("bodyValue"), "bodyValue")
    value = item.get("body")
    bodies = value if isinstance(value, list) else [] if value is None else [value]
    for body in bodies:
        if isinstance(body, str):
            _iri(body, "body")
            kept.append(body)
            continue
        if not isinstance(body, dict):
            raise FieldError(f"a body is a JSON {type(body).__name__}, not an object")
        purpose = body.get("purpose")
        textual = body.get("type") in ("TextualBody", None) and "value" in body
        if textual and purpose == "tagging":
            tags.append(_text(body.get("value"), "tagging body value", MAX_TAG_LENGTH))
        elif textual and not incoming.body and purpose in (None, "commenting", "describing"):
            incoming.body = _text(body.get("value"), "body value")
            body_format = body.get("format")
            if body_format not in (None, "text/markdown", "text/plain"):
                incoming.extra["bodyFormat"] = _text(body_format, "body format", 100)
            for key in ("language", "purpose"):
                if key in body and body[key] != "commenting":
                    incoming.extra.setdefault("body", {})[key] = body[key]
        else:
            kept.append(body)
    _tags(incoming, tags)
    return kept


def _tags(incoming: Incoming, tags: list[Any]) -> None:
    if len(tags) > MAX_TAGS:
        raise FieldError(f"more than {MAX_TAGS} tags")
    for tag in tags:
        _text(tag, "a tag", MAX_TAG_LENGTH)
        if any(not ch.isprintable() and not ch.isspace() for ch in tag):
            raise FieldError("a tag holds a control character")
    incoming.tags = normalize_tags(tags)


_W3C_OWN = {"@context", "id", "type", "motivation", "created", "modified", "body",
            "bodyValue", "target", "stylesheet"}


def _w3c(item: dict[str, Any]) -> Incoming:
    kinds = item.get("type")
    if kinds is not None and "Annotation" not in (kinds if isinstance(kinds, list) else [kinds]):
        raise FieldError(f"type is {kinds!r}, not Annotation")
    check_tree(item, "it")
    exported, key = _identity(item, item.get("id"), hypothesis=False)
    incoming = Incoming(id=exported, uuid=key)
    incoming.created = _date(item.get("created"), "created")
    incoming.modified = _date(item.get("modified"), "modified")
    kept_bodies = _bodies(incoming, item)
    target = item.get("target")
    if target is None:
        raise FieldError("has no target")
    targets = target if isinstance(target, list) else [target]
    if not targets:
        raise FieldError("target is an empty list")
    first, *others = targets
    if isinstance(first, str):
        _source(incoming, first)
    elif isinstance(first, dict):
        _source(incoming, first.get("source") or first.get("id"))
        incoming.content_hash = _text(first.get("contentHash"), "contentHash", 200) or \
            incoming.content_hash
        kept_selectors = _read_selectors(incoming, _selectors(first))
        if kept_selectors:
            incoming.extra["selectors"] = kept_selectors
        style = first.get("styleClass")
        if isinstance(style, str) and style in COLORS:
            incoming.color = style
        target_rest = {k: v for k, v in first.items()
                       if k not in ("source", "selector", "styleClass", "contentHash")}
        if target_rest:
            incoming.extra["target"] = target_rest
    else:
        raise FieldError(f"target is a JSON {type(first).__name__}, not an object")
    for other in others:
        if not isinstance(other, str | dict):
            raise FieldError(f"a target is a JSON {type(other).__name__}, not an object")
    if others:
        incoming.extra["targets"] = others
    if kept_bodies:
        incoming.extra["bodies"] = kept_bodies
    rest = {k: v for k, v in item.items() if k not in _W3C_OWN}
    if rest:
        incoming.extra["properties"] = rest
    if item.get("motivation") not in (None, "commenting", "highlighting"):
        incoming.extra["motivation"] = item["motivation"]
    return incoming


def _hypothesis(item: dict[str, Any]) -> Incoming:
    """An h API annotation (also each one in a client export). Replies are refused: a note
    here is about a passage or a document, not about another note."""
    check_tree(item, "it")
    references = item.get("references")
    if isinstance(references, list) and references:
        raise FieldError("is a reply to another annotation (replies are not imported)")
    exported, key = _identity(item, item.get("id"), hypothesis=True)
    incoming = Incoming(id=exported, uuid=key)
    incoming.created = _date(item.get("created"), "created")
    incoming.modified = _date(item.get("updated"), "updated")
    incoming.body = _text(item.get("text"), "text")
    tags = item.get("tags")
    if tags is not None and not isinstance(tags, list):
        raise FieldError(f"tags is a JSON {type(tags).__name__}, not a list")
    _tags(incoming, tags or [])
    target = item.get("target")
    targets = target if isinstance(target, list) else [] if target is None else [target]
    first = targets[0] if targets else {}
    if not isinstance(first, dict):
        raise FieldError(f"target is a JSON {type(first).__name__}, not an object")
    _source(incoming, first.get("source") or item.get("uri"))
    kept = _read_selectors(incoming, _selectors(first))
    if kept:
        incoming.extra["selectors"] = kept
    if len(targets) > 1:
        incoming.extra["targets"] = targets[1:]
    user = item.get("user")
    if isinstance(user, str) and user:
        incoming.extra["properties"] = {"creator": _text(user, "user", 500)}
    document = item.get("document")
    title = document.get("title") if isinstance(document, dict) else None
    if isinstance(title, list) and title and isinstance(title[0], str):
        incoming.extra["title"] = _text(title[0], "document title", 2000)
    return incoming
