"""The consultation dock (コンサルテーション): an internal conversation about the open interaction with a team member (S11)."""
