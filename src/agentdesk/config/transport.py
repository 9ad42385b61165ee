"""How a team desktop reaches PostgreSQL: TLS with the server's certificate verified unless the URL says otherwise.

A settings file's PostgreSQL URL that names no ``sslmode`` gets ``sslmode=verify-full`` (libpq checks the
certificate against ``sslrootcert``, by default ``~/.postgresql/root.crt``; ``sslrootcert=system`` uses the
operating system's trusted authorities). A mode that may send the password in the clear or to an unverified
server (``disable``, ``allow``, ``prefer``) is accepted only by name and only for a loopback host or a Unix
socket. This applies where a settings file (or the setup assistant) turns into a URL; an explicit ``--url``
and the low-level :class:`~agentdesk.routing.db.Database` take the URL as given.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

DEFAULT_SSLMODE = "verify-full"
SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
#: modes under which libpq may talk to the server without TLS, or without checking who it is
WEAK_SSLMODES = ("disable", "allow", "prefer")


class TransportError(ValueError):
    """The URL asks for a connection agentdesk will not make (the message says which key and why)."""


def _query_value(url: URL, key: str) -> str | None:
    value = url.query.get(key)
    if isinstance(value, tuple):
        return str(value[-1]) if value else None
    return None if value is None else str(value)


def _hosts(url: URL) -> list[str]:
    """The hosts the URL names (libpq takes several, comma separated, in ``host=``); empty: the Unix socket."""
    named = _query_value(url, "host")
    if named:
        return [h.strip() for h in named.split(",") if h.strip()]
    return [url.host] if url.host else []


def is_loopback(host: str) -> bool:
    """``localhost``, a loopback address, or a Unix socket folder (a path)."""
    if host.startswith("/") or host.startswith("@") or host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_transport(url: URL) -> None:
    """Refuse an unknown ``sslmode``, and a weak one for a host that is not this machine."""
    if url.get_backend_name() != "postgresql":
        return
    mode = _query_value(url, "sslmode")
    if mode is None:
        return
    if mode not in SSLMODES:
        raise TransportError(f"sslmode={mode!r} is not one of {', '.join(SSLMODES)}")
    remote = [h for h in _hosts(url) if not is_loopback(h)]
    if mode in WEAK_SSLMODES and remote:
        raise TransportError(
            f"sslmode={mode} is allowed only for a database on this machine (127.0.0.1, localhost or a socket), "
            f"not for {remote[0]}: the password and the customers' data would cross the network unprotected or "
            f"to an unverified server. Use sslmode=verify-full (the default) with the server's certificate "
            f"authority in sslrootcert=…")


def with_transport_defaults(url: URL) -> URL:
    """``url`` checked, with ``sslmode=verify-full`` added when a PostgreSQL URL over TCP names none."""
    if url.get_backend_name() != "postgresql":
        return url
    check_transport(url)
    hosts = _hosts(url)
    if _query_value(url, "sslmode") is None and hosts and not all(h.startswith("/") for h in hosts):
        return url.update_query_dict({"sslmode": DEFAULT_SSLMODE})
    return url
