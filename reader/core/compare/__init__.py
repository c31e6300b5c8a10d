"""Comparing a copy with its original: which passages match, what was added, changed, moved
and left out, word by word. No Qt: `reader compare`, the comparison view and the reading
pane's change marks all call `compare_texts`.
"""
