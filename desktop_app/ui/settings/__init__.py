"""The Settings tab: the panel built from the settings registry, its presenter and the connection check."""
