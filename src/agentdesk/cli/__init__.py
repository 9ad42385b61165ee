"""Command-line entry points: ``agentdesk`` and its verbs (demo, router, db, admin, interactions, search, render)."""
