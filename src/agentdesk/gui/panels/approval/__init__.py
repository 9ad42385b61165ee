"""The approval dock (leads only, B4): the team's outbound email waiting for QA review; approve, reject, edit (S30–S33, X1)."""
