"""The case data dock (ケース データ): the case's key/values, read-only keys locked, and the QA status (S6, S9, S31)."""
