"""Tests of the `reader` command line, run in-process and as a real process."""
