"""The sync engine and, later, the scheduler: fetch, plan, apply, record. No widgets."""
