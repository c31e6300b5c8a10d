"""Python's cycle collector held off while a burst of small, acyclic objects is built.

Building tens of thousands of lists, sets and tuples that all stay alive makes the collector
run again and again, each time walking everything built so far, to free nothing: reference
counting frees these objects. `paused_collector` holds automatic collection off for the
burst and gives it back as it found it (the GUI already collects on its own thread only,
`reader.ui.app.gc_collector`, and then nothing changes).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_collector() -> Iterator[None]:
    """No automatic collection inside; afterwards gc is enabled again only if it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
