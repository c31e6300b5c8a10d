"""The reading feature: the text view, its decoration layers, kinds, find, navigation, position."""
