"""The Qt layer: one package per feature (`app`, `actions`, `library`, `reading`, `notes`),
with what they share at this root: `context` (the services handed to every feature),
`tasks` (the one background-task helper), `plain_text` (user text shown as typed) and
`themes` (the reading pane's look).

No domain logic and no storage here: the UI runs no SQL and opens no connection; it calls
the core (`reader.core`) and runs slow core work through `tasks` (tests/project/
test_layering.py enforces it). Features are handed their collaborators, not the window.
"""
