"""User text (titles, file names, reasons, process names) printed to a terminal as inert text.

A title holding ESC sequences set the terminal's title and cleared the screen, and a newline
in a file name forged a row of `reader list`. Every value that comes from a document, a file
name or another process goes through `shown` before the CLI prints it in human form (JSON
output escapes by itself).
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f"  # C0 (newline and ESC included), DEL, C1 (8-bit CSI)
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi controls that reorder the line
    "\ud800-\udfff]"  # lone surrogates: bytes of a file name that were not UTF-8
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for a byte that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(value: object) -> str:
    """`value` as one line of printable text: controls and stray bytes shown as escapes."""
    return _UNSAFE.sub(_escape, str(value))
