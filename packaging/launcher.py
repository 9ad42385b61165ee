"""The frozen application's entry point: the same ``agentdesk`` command as the console script.

First thing, before the CLI (and with it Qt) is imported: a process started as one of agentdesk's helpers
(``agentdesk -m agentdesk.desk.engine_process`` and the like, see :mod:`agentdesk.children`) runs that helper
and nothing else, exactly as ``python -m`` does in a source install.
"""

import sys

from agentdesk.children import run_if_child

if __name__ == "__main__":
    status = run_if_child()
    if status is not None:
        sys.exit(status)

    from agentdesk.cli.main import main

    sys.exit(main())
