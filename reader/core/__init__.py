"""The Qt-free core: loading, segmenting, classifying, anchoring, storage and export.

Nothing in this package may import Qt; `tests/core/test_core_is_qt_free.py` enforces it.
One package per concern (`store`, `library`, `text`, `classify`, `notes`, `web`, `compare`);
at the root, `context` (the services every front end opens once) and `background` (the
core work front ends run off their main thread, each call on a connection of its own).
"""
