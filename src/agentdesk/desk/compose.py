"""What the GUI's outbound window and attachment list need of the mail layer's rules, in one place.

The GUI imports no ``agentdesk.mail`` module itself (docs/layers.md): the quote style the sent HTML uses (so a
quote typed in the rich-text editor looks the same in the customer's mail program) and the safe file name an
attachment is saved under come from here.
"""

from __future__ import annotations

from agentdesk.mail.compose import QUOTE_STYLE
from agentdesk.mail.filenames import safe_filename

__all__ = ["QUOTE_STYLE", "safe_filename"]
