"""Highlights and notes: storage, anchoring to changing text, export/import, Markdown rendering."""
