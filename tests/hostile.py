"""Hostile documents, built on the fly (10 MB files do not belong in the repository)."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

MARKUP = (
    "<html><head><title>Injected title</title><style>body{display:none}</style></head>\n"
    "<body onload=\"alert('onload')\"><h1>Markup headline</h1>\n"
    "<script>alert(1)</script>\n"
    '<img src="http://127.0.0.1:9/tracker.png" width="1" height="1">\n'
    '<p>A <a href="file:///etc/passwd">file link</a> and a <a href="javascript:alert(2)">'
    "script link</a>.</p>\n"
    '<iframe src="https://example.invalid/"></iframe>\n'
    "<link rel=stylesheet href=\"http://127.0.0.1:9/x.css\">\n"
    "&lt;escaped&gt; &amp; entities &#x202E; stay as typed\n"
    "</body></html>\n"
)

RTL = (
    "Invoice for \u202eexe.txt\u202c and more \u202dLTR override\u202c\n\n"
    "Arabic \u0627\u0644\u062e\u0628\u0631 mixed with English, isolates \u2067abc\u2069.\n"
)


def hostile_texts() -> dict[str, Callable[[], bytes]]:
    """name -> bytes of the file (built lazily: some are big)."""
    return {
        "markup.html.txt": lambda: MARKUP.encode(),
        "rtl.txt": lambda: RTL.encode(),
        "nul-mid.txt": lambda: ("Headline\n\n" + "word " * 3000).encode()
        + b"\x00\x00 after the nul bytes\n",
        "long-line.txt": lambda: ("Headline of a one-line dump " + "word " * 2_000_000).encode(),
        "blob-line.txt": lambda: b"A" * 10_000_000,
        "million-paragraphs.txt": lambda: "".join(
            f"Paragraph {i}.\n" for i in range(1_000_000)
        ).encode(),
    }


def write_hostile(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, build in hostile_texts().items():
        path = folder / name
        if not path.exists():
            path.write_bytes(build())
        paths[name] = path
    return paths


def inet_sockets_of(pid: int | str = "self") -> list[str]:
    """TCP/UDP sockets a process holds right now (Linux), as 'proto:inode'."""
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for proto in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        table = Path(f"/proc/{pid}/net/{proto}")
        if not table.exists():
            continue
        for row in table.read_text().splitlines()[1:]:
            fields = row.split()
            if len(fields) > 9 and fields[9] in inodes:
                found.append(f"{proto}:{fields[9]}")
    return found


def forbid_network(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Make any Python-level connection attempt fail the test loudly; returns the log."""
    attempts: list[str] = []

    def refuse(self, address, *args):  # type: ignore[no-untyped-def]
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(repr(address))
            raise AssertionError(f"network access attempted: {address!r}")
        return original_connect(self, address, *args)

    original_connect = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(repr(a)) or [])
    return attempts
