"""The action table made real: QActions with their keys, the menu bar, the shortcut sheet."""
