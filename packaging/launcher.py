"""The frozen application's entry point: the same ``agentdesk`` command as the console script."""

import sys

from agentdesk.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
