"""Python compiled from the Designer forms in the top-level ``ui/`` folder; generated, never edited by hand.

Regenerate after changing a form: ``python -m agentdesk.gui.forms`` (runs ``pyside6-uic`` on every ``ui/*.ui``);
``tests/gui/test_forms.py`` fails while a compiled form is out of date.
"""
