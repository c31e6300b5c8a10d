"""The bundled corpus a fresh install opens, shipped as package data."""

from __future__ import annotations

from pathlib import Path

from reader.core.store.paths import bundled_dir

SEED_COLLECTION = "seeds"


def seed_paths() -> list[Path]:
    """Paths of the bundled seed articles, sorted by name."""
    return sorted(bundled_dir("seeds").glob("*.txt"), key=lambda p: p.name)
