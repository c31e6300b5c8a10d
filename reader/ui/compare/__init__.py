"""The comparison view: a copy beside its original in aligned columns, with what was added,
changed, moved and left out marked (not by colour alone), stepped through from the keyboard.

Owns the side-by-side window (`window.py`), the table it shows (`table.py`) and the feature
that opens it from the reading pane and routes its commands (`feature.py`). The alignment
itself is Qt-free, in `reader.core.compare`.
"""
