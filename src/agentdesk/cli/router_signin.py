"""``agentdesk router sign-in | sign-in-status | sign-out``: OAuth 2.0 sign-in of the router's mailboxes.

A headless router signs a mailbox in with the device code flow: it prints a web address and a code, a person
opens the address on any device, enters the code and signs in with the mailbox's account; the refresh token
is kept in the OS keyring of the router's user. Mailboxes with app-only access (``client_credentials``,
``service_account``) need no person: ``sign-in`` checks that the provider gives them a token.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from agentdesk.cli.common import EXIT_REFUSED, CliError, print_json, settings
from agentdesk.config import ConfigError
from agentdesk.config.mailboxes import MailboxSettings, mailboxes_from_settings
from agentdesk.config.secrets import SecretError


def register(verbs: Any) -> None:
    """Add the sign-in verbs to ``agentdesk router``'s sub-commands."""
    config_help = "settings file (default: $AGENTDESK_CONFIG, then the user's)"
    sign_in = verbs.add_parser(
        "sign-in", help="sign a mailbox in with OAuth 2.0 (device code: prints a web address and a code)",
        description="Sign an auth = \"oauth2\" mailbox in for the router. A person opens the printed address on any "
                    "device and enters the code; app-only mailboxes are checked without a person.")
    sign_in.add_argument("--mailbox", metavar="NAME", required=True, help="the [[mailboxes]] name")
    sign_in.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS, help=config_help)
    sign_in.set_defaults(handler=_sign_in)
    status = verbs.add_parser("sign-in-status", help="show who each OAuth 2.0 mailbox is signed in as",
                              description="Show the sign-in of every auth = \"oauth2\" mailbox (from the keyring; "
                                          "nothing is sent anywhere).")
    status.add_argument("--json", action="store_true", help="print the result as JSON")
    status.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS, help=config_help)
    status.set_defaults(handler=_status)
    sign_out = verbs.add_parser("sign-out", help="forget a mailbox's OAuth 2.0 sign-in on this machine",
                                description="Revoke the mailbox's refresh token where the provider can, and forget it.")
    sign_out.add_argument("--mailbox", metavar="NAME", required=True, help="the [[mailboxes]] name")
    sign_out.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS, help=config_help)
    sign_out.set_defaults(handler=_sign_out)


def _mailboxes(args: argparse.Namespace) -> tuple[MailboxSettings, ...]:
    config = settings(args)
    try:
        return mailboxes_from_settings(config)
    except ConfigError as exc:
        raise CliError(str(exc)) from None


def _oauth_mailbox(args: argparse.Namespace) -> MailboxSettings:
    mailboxes = _mailboxes(args)
    found = next((m for m in mailboxes if m.name == args.mailbox), None)
    if found is None:
        names = ", ".join(m.name for m in mailboxes) or "none"
        raise CliError(f"no mailbox is named {args.mailbox!r} in the settings file (configured: {names})")
    if found.oauth is None:
        raise CliError(f"mailbox {found.name!r} signs in with a password (auth = \"password\"): there is nothing "
                       "to sign in; store the password in the keyring or name password_env")
    return found


def _sign_in(args: argparse.Namespace) -> int:
    from agentdesk.mail.oauth import (
        OAuthError,
        SignInCancelled,
        SignInRequired,
        start_device_sign_in,
        token_source,
    )

    mailbox = _oauth_mailbox(args)
    oauth = mailbox.oauth
    assert oauth is not None
    try:
        if oauth.app_only:
            token_source(oauth).access_token()
            print(f"Mailbox {mailbox.name}: app-only access ({oauth.flow}) works; the provider gave a token "
                  f"for {oauth.user}. No person needs to sign in.")
            return 0
        device = start_device_sign_in(oauth)
        minutes = max(1, round(device.expires_in / 60))
        print(f"To sign mailbox {mailbox.name} in, open {device.verification_uri} in a browser on any device and "
              f"enter the code {device.user_code} (valid for {minutes} minutes). Sign in as {oauth.user}.",
              flush=True)
        signed = device.wait()
    except (SignInCancelled, SignInRequired) as exc:
        print(f"agentdesk: refused: mailbox {mailbox.name!r}: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except (OAuthError, SecretError) as exc:
        raise CliError(f"mailbox {mailbox.name!r}: {exc}") from None
    who = signed.account or oauth.user
    print(f"Mailbox {mailbox.name} is signed in as {who}" + (f" ({signed.name})" if signed.name else "")
          + ". The router uses this sign-in from now on.")
    if signed.account and signed.account.lower() != oauth.user.lower():
        print(f"Note: the mailbox signs in to IMAP and SMTP as {oauth.user}; {who} must have access to it.")
    return 0


def _status(args: argparse.Namespace) -> int:
    from agentdesk.mail.oauth import sign_in_state

    rows: list[dict[str, Any]] = []
    for mailbox in _mailboxes(args):
        if mailbox.oauth is None:
            continue
        try:
            state = sign_in_state(mailbox.oauth)
        except SecretError as exc:
            raise CliError(str(exc)) from None
        rows.append({"mailbox": mailbox.name, "provider": mailbox.oauth.provider, "flow": mailbox.oauth.flow,
                     "state": state.state, "account": state.account, "signed_in_at": state.signed_in_at,
                     "reason": state.reason, "needs_sign_in": state.needs_sign_in})
    if getattr(args, "json", False):
        print_json(rows)
        return 0
    if not rows:
        print("No mailbox signs in with OAuth 2.0 (auth = \"oauth2\").")
    words = {"signed_in": "signed in as {account} since {signed_in_at}", "signed_out": "not signed in: run "
             "agentdesk router sign-in --mailbox {mailbox}", "refused": "sign in again ({reason}): run agentdesk "
             "router sign-in --mailbox {mailbox}", "app_only": "app-only access ({flow}) as {account}"}
    for row in rows:
        print(f"{row['mailbox']}: " + words[row["state"]].format(**row))
    return EXIT_REFUSED if any(r["needs_sign_in"] for r in rows) else 0


def _sign_out(args: argparse.Namespace) -> int:
    from agentdesk.mail.oauth import OAuthError, sign_out

    mailbox = _oauth_mailbox(args)
    assert mailbox.oauth is not None
    try:
        sign_out(mailbox.oauth)
    except (OAuthError, SecretError) as exc:
        raise CliError(f"mailbox {mailbox.name!r}: {exc}") from None
    print(f"Mailbox {mailbox.name} is signed out on this machine.")
    return 0
