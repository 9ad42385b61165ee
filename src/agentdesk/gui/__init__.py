"""The Qt desktop: main window, dock panels, dialogs, item models and background operations.

Only this package imports PySide6 (through :mod:`agentdesk.gui.qt`); it talks to the rest of agentdesk through
:mod:`agentdesk.actions` alone, on worker threads (:mod:`agentdesk.gui.ops`).
"""
