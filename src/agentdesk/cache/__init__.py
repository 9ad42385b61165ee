"""The desktop's local SQLite cache: an offline copy of the routing database, full-text search, drafts."""
