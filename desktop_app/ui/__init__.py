"""The window: main window, panels, dialogs and their presenters; the only layer that draws widgets."""
