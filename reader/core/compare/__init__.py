"""Comparing two versions of an article: which passages of one are in the other, and how.

Qt-free. `alignment` links the sentences of two texts through rewording, merges, splits,
reordering and trims; the classifier builds on it to tell reworded reporting from additions,
and the comparison (issue 17) builds on it too: `ops.compare_texts` turns the sentence links
into passage ops (same, changed, added, left out, moved) with word-level differences, which
`reader compare`, the comparison view and the reading pane's change marks all show.
"""
