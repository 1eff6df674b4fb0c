"""Pure domain: purposes, legal bases, records and the decision rules. No Qt, no I/O."""
