"""The Home tab: the status at a glance and the buttons that start a run."""
