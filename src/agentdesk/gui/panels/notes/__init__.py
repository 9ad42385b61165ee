"""The notes dock (メモ): the open interaction's notes and a box to add one (S7, S13)."""
