"""Which files reader reads, by suffix: kept apart so checking a name costs no imports."""

from __future__ import annotations

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
SUPPORTED_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES
"""What a folder import picks up; files named explicitly are tried whatever their suffix."""
