"""A checker for the MUSTs of the W3C Web Annotation Data Model and Vocabulary
(https://www.w3.org/TR/annotation-model/, /annotation-vocab/), as they apply to the JSON
serialisation: every rule below cites the requirement it checks. Used on every export the
tests make, so an export that breaks one fails a test.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MOTIVATIONS = {"assessing", "bookmarking", "classifying", "commenting", "describing",
               "editing", "highlighting", "identifying", "linking", "moderating",
               "questioning", "replying", "tagging"}
TEXT_SELECTORS = {"TextQuoteSelector", "TextPositionSelector"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# xsd:dateTime (the model: "MUST be expressed in the xsd:dateTime format"; it SHOULD have a
# timezone, and we require one, since every export here writes UTC).
_DATETIME = re.compile(r"^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def is_iri(value: Any) -> bool:
    """An absolute IRI: a scheme, then no whitespace or characters IRIs exclude; a
    `urn:uuid:` one must name a UUID (RFC 4122), not another IRI."""
    if not (isinstance(value, str) and bool(_SCHEME.match(value))
            and not re.search(r"[\s<>\"{}|\\^`]", value)):
        return False
    return not value.lower().startswith("urn:uuid:") or bool(_UUID.match(value[9:]))


def _types(value: dict[str, Any]) -> list[Any]:
    kind = value.get("type")
    return kind if isinstance(kind, list) else [kind]


def _context(data: dict[str, Any], where: str, problems: list[str]) -> None:
    # 3.1: "The Annotation MUST have 1 or more @context values and
    # http://www.w3.org/ns/anno.jsonld MUST be one of them. If there is only one value,
    # then it MUST be provided as a string." (The same for collections, 5.1.)
    context = data.get("@context")
    values = context if isinstance(context, list) else [context]
    if CONTEXT not in values:
        problems.append(f"{where}: @context lacks {CONTEXT}")
    if isinstance(context, list) and len(context) == 1:
        problems.append(f"{where}: a single @context must be a string")


def _date(value: Any, where: str, problems: list[str]) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not _DATETIME.match(value):
        problems.append(f"{where}: {value!r} is not an xsd:dateTime with a timezone")
        return
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        problems.append(f"{where}: {value!r} is not a real date")


def _selector(selector: Any, where: str, problems: list[str]) -> None:
    if not isinstance(selector, dict):
        if not is_iri(selector):
            problems.append(f"{where}: a selector is neither an object nor an IRI")
        return
    kind = selector.get("type")
    if kind is None:
        problems.append(f"{where}: a selector has no type")  # 4.2: "MUST have... type"
    if kind == "TextQuoteSelector":
        # 4.2.4: "exact ... MUST have exactly 1"; prefix/suffix "MAY have exactly 1"
        if not isinstance(selector.get("exact"), str):
            problems.append(f"{where}: TextQuoteSelector without a string exact")
        for key in ("prefix", "suffix"):
            if key in selector and not isinstance(selector[key], str):
                problems.append(f"{where}: TextQuoteSelector {key} is not a string")
    if kind == "TextPositionSelector":
        # 4.2.5: "start ... MUST have exactly 1 ... [non-negative] integer"; the same for end
        for key in ("start", "end"):
            value = selector.get(key)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                problems.append(f"{where}: TextPositionSelector {key} {value!r}")
        start, end = selector.get("start"), selector.get("end")
        if isinstance(start, int) and isinstance(end, int) and start > end:
            problems.append(f"{where}: TextPositionSelector start after end")
    if kind == "RangeSelector":
        # 4.2.9: "startSelector ... MUST have exactly 1"; "endSelector ... MUST have exactly 1"
        for key in ("startSelector", "endSelector"):
            if key not in selector:
                problems.append(f"{where}: RangeSelector without {key}")
            else:
                _selector(selector[key], where, problems)
    if kind in ("FragmentSelector", "CssSelector", "XPathSelector", "SvgSelector") and \
            "value" not in selector:
        problems.append(f"{where}: {kind} without a value")  # "MUST have exactly 1 value"
    if "refinedBy" in selector:
        _selector(selector["refinedBy"], where, problems)


def _resource(value: Any, where: str, problems: list[str], role: str) -> None:
    """A body or target: an IRI, or an object with an id, a TextualBody or a
    SpecificResource (which "MUST have exactly 1 source", 4.1)."""
    if isinstance(value, str):
        if not is_iri(value):
            problems.append(f"{where}: {role} {value!r} is not an IRI")
        return
    if not isinstance(value, dict):
        problems.append(f"{where}: {role} is neither an object nor an IRI")
        return
    if "id" in value and not is_iri(value["id"]):
        problems.append(f"{where}: {role} id {value['id']!r} is not an IRI")  # 3.2.1
    if "TextualBody" in _types(value):
        # 3.2.4: "The Textual Body MUST have exactly 1 value property"
        if not isinstance(value.get("value"), str):
            problems.append(f"{where}: TextualBody without a string value")
        if "format" in value and not isinstance(value["format"], str):
            problems.append(f"{where}: TextualBody format is not a string")
    elif "source" in value or "selector" in value or "styleClass" in value:
        if not is_iri(value.get("source")):
            problems.append(f"{where}: {role} source {value.get('source')!r} is not an IRI")
        selectors = value.get("selector", [])
        for selector in selectors if isinstance(selectors, list) else [selectors]:
            _selector(selector, where, problems)
        # 4.4: "styleClass ... The value MUST be a string"
        if "styleClass" in value and not isinstance(value["styleClass"], str):
            problems.append(f"{where}: styleClass is not a string")
    elif "id" not in value and "value" not in value:
        problems.append(f"{where}: {role} has neither an id nor a source nor a value")
    if "purpose" in value and value["purpose"] not in MOTIVATIONS:
        problems.append(f"{where}: {role} purpose {value['purpose']!r} is not a Motivation")


def annotation_problems(annotation: Any, where: str = "annotation",
                        embedded: bool = False) -> list[str]:
    """Every MUST an Annotation breaks (embedded ones may inherit the page's @context)."""
    problems: list[str] = []
    if not isinstance(annotation, dict):
        return [f"{where}: not an object"]
    if not embedded or "@context" in annotation:
        _context(annotation, where, problems)
    # 3.1: "An Annotation MUST have exactly 1 IRI that identifies it"
    if not is_iri(annotation.get("id")):
        problems.append(f"{where}: id {annotation.get('id')!r} is not an IRI")
    # 3.1: "An Annotation MUST have 1 or more types, and the Annotation class MUST be one"
    if "Annotation" not in _types(annotation):
        problems.append(f"{where}: type does not include Annotation")
    # 3.1: "There MUST be 1 or more target relationships"
    target = annotation.get("target")
    targets = target if isinstance(target, list) else [] if target is None else [target]
    if not targets:
        problems.append(f"{where}: no target")
    for item in targets:
        _resource(item, where, problems, "target")
    # 3.2.5: "If bodyValue is used, there MUST NOT be a body"; it MUST be a single string
    if "bodyValue" in annotation:
        if "body" in annotation:
            problems.append(f"{where}: both body and bodyValue")
        if not isinstance(annotation["bodyValue"], str):
            problems.append(f"{where}: bodyValue is not a string")
    body = annotation.get("body")
    for item in body if isinstance(body, list) else [] if body is None else [body]:
        _resource(item, where, problems, "body")
    motivation = annotation.get("motivation")
    for value in motivation if isinstance(motivation, list) else [motivation]:
        if value is not None and value not in MOTIVATIONS and not is_iri(value):
            problems.append(f"{where}: motivation {value!r} is not a Motivation")
    for key in ("created", "modified", "generated"):
        _date(annotation.get(key), f"{where} {key}", problems)
    stylesheet = annotation.get("stylesheet")
    if isinstance(stylesheet, dict):
        # 4.4: an embedded stylesheet "MUST have ... CssStylesheet" type and a value
        if "CssStylesheet" not in _types(stylesheet):
            problems.append(f"{where}: stylesheet is not a CssStylesheet")
        if "id" not in stylesheet and not isinstance(stylesheet.get("value"), str):
            problems.append(f"{where}: embedded stylesheet without a value")
    elif stylesheet is not None and not is_iri(stylesheet):
        problems.append(f"{where}: stylesheet is neither an object nor an IRI")
    return problems


def collection_problems(collection: Any) -> list[str]:
    """Every MUST a collection (and its embedded pages and annotations) breaks (5.1, 5.2)."""
    if not isinstance(collection, dict):
        return ["collection: not an object"]
    problems: list[str] = []
    _context(collection, "collection", problems)
    # 5.1: "The Collection MUST have an IRI that identifies it"
    if not is_iri(collection.get("id")):
        problems.append(f"collection: id {collection.get('id')!r} is not an IRI")
    # 5.1: "The Collection MUST have AnnotationCollection as one of its types"
    if "AnnotationCollection" not in _types(collection):
        problems.append("collection: type does not include AnnotationCollection")
    total = collection.get("total")
    if total is not None and (isinstance(total, bool) or not isinstance(total, int)
                              or total < 0):
        problems.append(f"collection: total {total!r} is not a non-negative integer")
    page = collection.get("first")
    if total and page is None:
        problems.append("collection: annotations counted but no first page")
    if total == 0 and page is not None:
        problems.append("collection: a first page although total is 0")
    count = 0
    index = 0
    while isinstance(page, dict):
        index += 1
        where = f"page {index}"
        # 5.2: "The Page MUST have an IRI that identifies it"
        if not is_iri(page.get("id")):
            problems.append(f"{where}: id {page.get('id')!r} is not an IRI")
        if "AnnotationPage" not in _types(page):
            problems.append(f"{where}: type does not include AnnotationPage")
        # 5.2: "The Page MUST have a partOf relationship" when part of a collection
        part_of = page.get("partOf")
        part_id = part_of.get("id") if isinstance(part_of, dict) else part_of
        if part_id != collection.get("id"):
            problems.append(f"{where}: partOf {part_id!r} is not the collection")
        # 5.2: "The Page MUST have 1 or more items"
        items = page.get("items")
        if not isinstance(items, list) or not items:
            problems.append(f"{where}: no items")
            items = []
        start = page.get("startIndex")
        if start is not None and (not isinstance(start, int) or start != count):
            problems.append(f"{where}: startIndex {start!r} is not {count}")
        for position, item in enumerate(items):
            problems += annotation_problems(item, f"{where} item {position}", embedded=True)
        count += len(items)
        page = page.get("next")
    if isinstance(total, int) and total != count:
        problems.append(f"collection: total {total} but {count} annotations")
    if "first" in collection and not isinstance(collection["first"], dict | str):
        problems.append("collection: first is neither a page nor an IRI")
    return problems
