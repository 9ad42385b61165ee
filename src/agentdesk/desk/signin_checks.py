"""Signing in to a team database with a user's own login, run on a worker thread (no Qt here).

Used when the desktop switches to another user (File ▸ Switch user) and when the database refuses the password
the keyring holds (it was changed with ``agentdesk admin password``). The user's URL is the settings file's with
the user's database login (the center's role prefix, then the login); the check is the setup assistant's
(:func:`~agentdesk.desk.setup_checks.check_database`), so it says exactly what failed. Only once the
database has signed the user in is anything kept: their password in the OS keyring, the settings file's
``[routing] url`` and ``[user] login``; on a switch, the previous user's password is forgotten.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from agentdesk.cache.owner import UnsentWork, unsent_work
from agentdesk.config.secrets import SecretError, delete_secret, set_secret
from agentdesk.config.settings import routing_secret_name
from agentdesk.config.settings_file import set_key
from agentdesk.desk.setup_checks import CheckFailed, check_database
from agentdesk.routing.db import Database
from agentdesk.routing.passwords import login_role

# the sign-in at start (agentdesk.gui.signin_flow) asks these through the desk
from agentdesk.routing.signin import classify_connect_error as classify_connect_error
from agentdesk.routing.signin import database_login as database_login

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignedIn:
    """A user the database signed in: their settings URL (no password), login and the password typed, and what
    of another user's work this desktop's cache holds (deleted when this user's cache is opened)."""

    url: str
    login: str
    password: str
    unsent: tuple[UnsentWork, ...] = ()


def user_url(settings_url: str, role: str) -> str:
    """The settings URL, signing in as database role ``role``."""
    return make_url(settings_url).set(username=role, password=None).render_as_string(hide_password=False)


def sign_in(url: str, password: str, login: str, data_dir: Path | None = None) -> SignedIn:
    """Connect with ``url`` and ``password``; the database must sign the connection in as user ``login``.
    With ``data_dir``, count what signing in here would delete of another user's cache."""
    report = check_database(url, password, standalone=False)
    if report.signed_in != login:
        raise CheckFailed("notuser", make_url(url).username or "")
    unsent = tuple(unsent_work(data_dir, login)) if data_dir is not None else ()
    return SignedIn(url, login, password, unsent)


def switch_to(current: Database, settings_url: str, login: str, password: str, data_dir: Path) -> SignedIn:
    """Sign in as ``login`` (their role named with the center's prefix, asked of the current connection)."""
    return sign_in(user_url(settings_url, login_role(current, login)), password, login, data_dir)


def remember(signed_in: SignedIn, config_file: Path, *, forget_url: str | None) -> None:
    """Make the settings file sign in as this user next time, keep the password in the keyring and forget the
    password of ``forget_url`` (the user who was signed in before) unless it is the same entry. Without a
    usable keyring the settings are still written (the password then serves this session; the next start
    asks for it) and :class:`SecretError` is logged, not raised."""
    set_key(config_file, "routing", "url", signed_in.url)
    set_key(config_file, "user", "login", signed_in.login)
    name = routing_secret_name(signed_in.url)
    try:
        if signed_in.password:
            set_secret(name, signed_in.password)
        if forget_url is not None and routing_secret_name(forget_url) != name:
            delete_secret(routing_secret_name(forget_url))
    except SecretError as exc:
        log.warning("the keyring could not be updated after signing in as %s: %s", signed_in.login, exc)
