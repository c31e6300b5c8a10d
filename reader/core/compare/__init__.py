"""Comparing two versions of an article: which passages of one are in the other, and how.

Qt-free. `alignment` links the sentences of two texts through rewording, merges, splits,
reordering and trims; the classifier builds on it to tell reworded reporting from additions,
and the comparison view (issue 17) shows it.
"""
