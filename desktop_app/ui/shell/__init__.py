"""The window's frame: the application controller, the main window that wires the tabs, the About dialog."""
