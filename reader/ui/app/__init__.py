"""The application shell: the staged start-up, the main window that wires the
features, the single-instance hand-off."""
