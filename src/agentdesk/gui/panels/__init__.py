"""The dock panels: one small package per dock (``panels/<name>/``), assembled by the main window."""
