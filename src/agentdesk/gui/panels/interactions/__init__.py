"""The "My interactions" dock: what is assigned to me, with state, age and SLA colour."""
