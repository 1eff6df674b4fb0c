"""The History tab: past runs, their decisions and the runs chart."""
