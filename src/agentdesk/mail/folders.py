"""Special-use folders (RFC 6154): the Sent, Drafts, Junk and Trash folders as the server names them.

Providers name them differently ("Sent Items" at Microsoft 365, "[Gmail]/Sent Mail" at Gmail, "Sent" at most
others), and in the user's language; the server says which is which with a special-use attribute in its LIST
answer (``\\Sent``, ``\\Drafts``, ``\\Junk``, ``\\Trash``, ``\\Archive``, ``\\All``), or in XLIST on old
servers. agentdesk looks them up instead of guessing names; only where the server says nothing does it fall
back to IMAPClient's list of common names.
"""

from __future__ import annotations

from imapclient import IMAPClient

from agentdesk.config.mailboxes import SPECIAL_USES

__all__ = ["SPECIAL_USES", "find_special", "special_folders"]


def _decode(value: bytes | str) -> str:
    return value.decode("ascii", "replace") if isinstance(value, bytes) else value


def special_folders(client: IMAPClient) -> dict[str, str]:
    """``{"\\Sent": "Sent Items", …}`` from the server's LIST (or XLIST) attributes; the first folder with an
    attribute wins. Empty when the server marks none."""
    found: dict[str, str] = {}
    listings = [client.list_folders()]
    if client.has_capability("XLIST") and not client.has_capability("SPECIAL-USE"):
        listings.append(client.xlist_folders())
    for listing in listings:
        for flags, _delimiter, name in listing:
            for flag in flags:
                text = _decode(flag)
                for use in SPECIAL_USES:
                    if text.lower() == use.lower() or (use == "\\Junk" and text.lower() == "\\spam"):
                        found.setdefault(use, str(name))
        if found:
            break
    return found


def find_special(client: IMAPClient, use: str) -> str | None:
    """The folder with special use ``use`` (e.g. ``"\\Sent"``): from the server's attributes, else the
    common names IMAPClient knows (``Sent``, ``Sent Items`` …), else None."""
    folder = special_folders(client).get(use)
    if folder is not None:
        return folder
    found = client.find_special_folder(use.encode("ascii"))
    return str(found) if found else None
