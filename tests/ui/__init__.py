"""Tests of the Qt layer's features, offscreen with pytest-qt."""
