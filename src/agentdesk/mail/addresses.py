"""Checks for what goes into an outgoing header: addresses (syntax only, via email-validator, no DNS) and
header values (no CR, LF or NUL: this Python predates the CVE-2024-6923 fix)."""

from __future__ import annotations

from collections.abc import Iterable
from email.utils import getaddresses, parseaddr


class AddressError(ValueError):
    """An address that cannot be used; the message names the field ("To", "CC" …) and the bad value."""

    def __init__(self, message: str, *, field: str, value: str) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


class HeaderInjectionError(AddressError):
    """A header value holding CR, LF or NUL: it would start a new header line (header injection)."""


_FORBIDDEN = {
    "\r": "a carriage return (CR)", "\n": "a line feed (LF)", "\0": "a NUL character",
    # what Python's email package also treats as line breaks (str.splitlines)
    "\v": "a line break (U+000B)", "\f": "a line break (U+000C)", "\x1c": "a line break (U+001C)",
    "\x1d": "a line break (U+001D)", "\x1e": "a line break (U+001E)", "\x85": "a line break (U+0085)",
    "\u2028": "a line break (U+2028)", "\u2029": "a line break (U+2029)",
}


def check_header_value(value: str, *, field: str) -> str:
    """``value`` unchanged, or :class:`HeaderInjectionError` when it holds CR, LF or NUL."""
    for char, what in _FORBIDDEN.items():
        if char in value:
            shown = value.encode("unicode_escape").decode("ascii")
            if len(shown) > 80:
                shown = shown[:77] + "..."
            raise HeaderInjectionError(
                f"{field}: the value contains {what}, which is not allowed in a header: {shown!r}",
                field=field,
                value=value,
            )
    return value


def check_address(value: str, *, field: str) -> str:
    """The normalized form of one address (``user@example.com``, or ``Name <user@example.com>`` whose name
    is dropped), or :class:`AddressError`.

    Syntax only (no DNS lookups). Domains are lower-cased; an internationalized domain keeps its Unicode
    form here (:func:`wire_address` gives the ASCII form for headers). A non-ASCII local part is refused:
    it would need SMTPUTF8, which agentdesk does not send.
    """
    check_header_value(value, field=field)
    text = value.strip()
    if not text:
        raise AddressError(f"{field}: the address is empty", field=field, value=value)
    if text.endswith(">") and "<" in text:
        text = text[text.rindex("<") + 1:-1].strip()
    from email_validator import EmailNotValidError, validate_email  # 15 ms: not at the desktop's start

    try:
        result = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise AddressError(f"{field}: {text!r} is not a valid email address: {exc}", field=field,
                           value=value) from None
    return str(result.normalized)


def check_addresses(values: Iterable[str], *, field: str) -> list[str]:
    """:func:`check_address` for each value, in order, without duplicates (compared case-insensitively)."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        addr = check_address(value, field=field)
        if addr.lower() not in seen:
            seen.add(addr.lower())
            out.append(addr)
    return out


def check_mailbox(value: str, *, field: str) -> tuple[str | None, str]:
    """``(display name or None, normalized address)`` for ``Name <user@example.com>`` or a bare address."""
    check_header_value(value, field=field)
    name, addr = parseaddr(value)
    if not addr or (len(getaddresses([value])) != 1):
        raise AddressError(f"{field}: {value.strip()!r} is not one email address", field=field, value=value)
    try:
        return (name or None), check_address(addr, field=field)
    except AddressError as exc:
        raise AddressError(str(exc).replace(repr(addr), repr(value.strip()), 1), field=field,
                           value=value) from None


def wire_address(address: str) -> str:
    """The ASCII form of a checked address for a header: an internationalized domain as punycode (IDNA)."""
    local, _, domain = address.rpartition("@")
    if domain.isascii():
        return address
    return f"{local}@{domain.encode('idna').decode('ascii')}"


def address_key(value: str) -> str:
    """The comparison key of an address or ``Name <address>``: the bare address, lower-cased."""
    _, addr = parseaddr(value)
    return (addr or value).strip().lower()
