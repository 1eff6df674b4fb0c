"""The Conflicts tab: the decisions that need a person, in one table model behind a filter."""
