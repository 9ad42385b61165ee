"""``agentdesk`` with no verb: open the desktop (the first-run setup when there is no configuration yet).

Qt is imported only here, when the desktop really opens, so ``agentdesk --help`` and every other verb run
without PySide6 being loaded.
"""

from __future__ import annotations

import argparse


def launch(args: argparse.Namespace) -> int:
    from agentdesk.gui import smoke

    if smoke.requested():  # AGENTDESK_SMOKE_TEST=1: open the main window on a throwaway folder and exit
        return smoke.run_smoke_test()
    from agentdesk.gui.app import run

    return run(getattr(args, "config", None))
