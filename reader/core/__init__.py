"""The Qt-free core: loading, segmenting, classifying, anchoring, storage and export.

Nothing in this package may import Qt; `tests/core/test_core_is_qt_free.py` enforces it.
"""
