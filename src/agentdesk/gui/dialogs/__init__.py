"""The desktop's dialogs: first-run setup, preferences, about."""
