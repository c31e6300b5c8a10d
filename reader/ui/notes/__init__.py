"""The notes feature: highlights, the notes sidebar (cards, editor, model), undo."""
