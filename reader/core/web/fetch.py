"""Fetching a page over http(s), with every limit a hostile or broken server needs.

http and https only (a redirect elsewhere — file:, ftp:, data: — is refused), at most
`MAX_REDIRECTS` redirects, a timeout on connecting and on each read, a size cap enforced
while reading (a server that lies about Content-Length or sends forever is cut off), a real
User-Agent (many sites refuse Python's), and errors a user can act on.
"""

from __future__ import annotations

import socket
import ssl
import urllib.error
import urllib.request
from email.message import Message
from typing import NamedTuple
from urllib.parse import urldefrag, urlsplit

MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT_S = 20.0
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36 reader/0.1"
)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A page that could not be fetched; `reason` is written for the user."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class Fetched(NamedTuple):
    url: str
    """Where the page was asked for (without a #fragment): the document's key."""
    final_url: str
    """Where it came from after redirects."""
    data: bytes
    charset: str | None
    """The charset the HTTP header declared, if any."""


def normalise_url(url: str) -> str:
    """The URL without its fragment, checked to be http(s) with a host; raises FetchError."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(url, "only http:// and https:// addresses can be fetched")
    if not parts.hostname:
        raise FetchError(url, "the address has no host name")
    return urldefrag(url)[0]


def looks_like_url(text: str) -> bool:
    return text.strip().lower().startswith(("http://", "https://"))


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: object,
        code: int,
        msg: str,
        headers: Message,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise FetchError(newurl, "the server redirected to an address that is not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)  # type: ignore[arg-type]


def _opener(url: str) -> urllib.request.OpenerDirector:
    # Only the handlers http(s) needs: no file:, ftp: or data: handler can be reached.
    # The user's proxy settings apply, except to this machine itself.
    local = (urlsplit(url).hostname or "") in ("localhost", "127.0.0.1", "::1")
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler({} if local else None),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        urllib.request.HTTPDefaultErrorHandler(),
        _Redirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch_url(url: str, *, timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES) -> Fetched:
    """The page's bytes; raises FetchError with a reason (not found, not HTML, too large…)."""
    url = normalise_url(url)
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
            "Accept-Language": "en;q=0.9, *;q=0.5",
        },
    )
    try:
        with _opener(url).open(request, timeout=timeout) as response:
            final = response.geturl()
            headers = response.headers
            kind = (headers.get_content_type() or "").lower()
            declared = headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(url, _too_large(int(declared), max_bytes))
            chunks: list[bytes] = []
            size = 0
            while True:
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(url, _too_large(size, max_bytes, at_least=True))
                chunks.append(chunk)
            data = b"".join(chunks)
            charset = headers.get_content_charset()
    except FetchError:
        raise
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400 and "not allowed" in str(error.msg):
            reason = "the server redirected to an address that is not http(s)"
            raise FetchError(url, reason) from None
        raise FetchError(url, _http_reason(error.code)) from None
    except urllib.error.URLError as error:
        raise FetchError(url, _network_reason(error.reason)) from None
    except TimeoutError:
        raise FetchError(url, f"the server did not answer within {timeout:.0f} seconds") from None
    except (ConnectionError, OSError) as error:
        raise FetchError(url, _network_reason(error)) from None
    except ValueError as error:  # a malformed address urllib only notices late
        raise FetchError(url, f"the address cannot be fetched ({error})") from None
    if kind and kind not in _HTML_TYPES and not _sniff_html(data):
        raise FetchError(url, f"this is not a web page (the server sent {kind})")
    if not data.strip():
        raise FetchError(url, "the server sent an empty page")
    return Fetched(url, final, data, charset)


def _sniff_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def _too_large(size: int, cap: int, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return (
        f"the page is too large ({more}{size / 1e6:.1f} MB; "
        f"reader fetches up to {cap / 1e6:.0f} MB)"
    )


def _http_reason(code: int) -> str:
    if code == 404 or code == 410:
        return f"not found (the server says {code}: the page does not exist or was removed)"
    if code in (401, 403):
        return f"access refused (the server says {code}; the page may need a login)"
    if code == 429:
        return "the server says too many requests (429); try again later"
    if code >= 500:
        return f"the server failed ({code}); try again later"
    if 300 <= code < 400:
        return f"too many redirects (more than {MAX_REDIRECTS}) or a redirect loop"
    return f"the server refused the request ({code})"


def _network_reason(reason: object) -> str:
    if isinstance(reason, FetchError):
        return reason.reason
    if isinstance(reason, TimeoutError | socket.timeout):
        return "the server did not answer in time"
    if isinstance(reason, socket.gaierror):
        return "no network, or the host name is unknown (the name could not be looked up)"
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection (nothing is listening there)"
    if isinstance(reason, ssl.SSLError):
        return f"the secure connection failed ({reason.reason or reason})"
    text = str(reason)
    if "timed out" in text:
        return "the server did not answer in time"
    return f"the page could not be fetched ({text})"
