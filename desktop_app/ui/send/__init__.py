"""The Send tab: pasted addresses, the checklist, the scheduled sends."""
