"""Tests of the Qt-free core: store, library, text, classifier, notes."""
