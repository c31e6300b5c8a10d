"""Speed and memory figures for `reader`, each against a floor measured in the same run.

Run from the repository root: `python -m benchmarks [--quick] [--only NAME] [--json OUT]`.
"""
