"""Recognising bounces that come without a delivery-status report (multipart/report bounces are read from
their MIME parts in :mod:`agentdesk.mail.parse`)."""

from __future__ import annotations

import re

_BOUNCE_SENDER = re.compile(r"^(mailer-daemon|postmaster|mail-daemon)@", re.IGNORECASE)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery (status|failure|failed|has failed)|returned mail|failure notice|mail delivery failed"
    r"|配信不能|配送不能|送信できませんでした|配信エラー|エラーメール",
    re.IGNORECASE,
)


def plain_bounce(sender: str | None, subject: str, text: str) -> tuple[bool, str | None]:
    """A bounce sent without a delivery-status report (older MTAs: qmail, some gateways): known sender and
    subject; the original's Message-ID where the quoted original shows it."""
    if not (sender and _BOUNCE_SENDER.match(sender) and _BOUNCE_SUBJECT.search(subject)):
        return False, None
    found = re.search(r"(?im)^\s*>?\s*Message-ID:\s*(<[^<>\s]+>)", text)
    return True, found.group(1) if found else None
