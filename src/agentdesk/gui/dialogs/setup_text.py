"""The setup assistant's words for what went wrong: one translated sentence per kind of failure, saying what
to check, followed by the server's own words."""

from __future__ import annotations

from agentdesk.desk.setup_checks import CheckFailed, ServerCheck
from agentdesk.gui.qt import QCoreApplication, QLabel, QLocale


def _database_sentences() -> dict[str, str]:
    """What only the routing database (PostgreSQL) says: its login, its TLS, its users."""
    return {
        "auth": QCoreApplication.translate("SetupText", "%1 refused the login: check the user name in the URL (your own database login) and the password."),
        "certificate": QCoreApplication.translate("SetupText", "The certificate of %1 is not trusted or does not match its name: add sslrootcert=FILE (your administrator's certificate authority) or sslrootcert=system to the URL, and check the server name."),
        "tls": QCoreApplication.translate("SetupText", "The secure connection (TLS) to %1 failed: the server may not offer TLS. Ask your administrator; only for a database on this computer may the URL say sslmode=disable."),
        "refused": QCoreApplication.translate("SetupText", "%1 cannot be reached: nothing answers at that address and port. Check the server name and the port, or whether the server runs."),
        "nodatabase": QCoreApplication.translate("SetupText", "The server of %1 has no database of that name: check the name at the end of the URL."),
        "transport": QCoreApplication.translate("SetupText", "This URL is refused for %1: it would not protect the connection."),
        "notuser": QCoreApplication.translate("SetupText", "Signed in to %1 as %2, but this login is not a user of agentdesk: it would see nothing. Ask your administrator to declare you in the center file (agentdesk admin apply)."),
        "noteam": QCoreApplication.translate("SetupText", "Signed in to %1 as %2, who belongs to no team: an agent or team lead without a team sees nothing. Ask your administrator to give you a team."),
    }


def failure_text(failed: CheckFailed, *, where: str, folder: str = "", database: bool = False) -> str:
    """``where`` names the server (``imap.example.com:993``) or the database (``database``: the routing
    database's own sentences where it has them)."""
    sentences = {
        "dns": QCoreApplication.translate("SetupText", "The name of %1 could not be found (DNS): check the server name."),
        "refused": QCoreApplication.translate("SetupText", "%1 refused the connection: nothing listens on that port. Check the port and the security."),
        "timeout": QCoreApplication.translate("SetupText", "%1 did not answer in time: check the server name, the port and the network."),
        "certificate": QCoreApplication.translate("SetupText", "The certificate of %1 is not trusted: give the certificate authority file your "
                          "administrator uses, or check the server name."),
        "tls": QCoreApplication.translate("SetupText", "The secure connection to %1 failed: check the security setting and the port (TLS is usually "
                  "993 for IMAP and 465 for SMTP; STARTTLS 143 and 587)."),
        "starttls": QCoreApplication.translate("SetupText", "%1 does not offer STARTTLS; the password was not sent. Choose TLS, or ask for the right "
                       "port."),
        "auth": QCoreApplication.translate("SetupText", "%1 refused the user name or the password."),
        "folder": QCoreApplication.translate("SetupText", "Signed in to %1, but the folder “%2” does not exist there."),
        "network": QCoreApplication.translate("SetupText", "The connection to %1 failed."),
        "protocol": QCoreApplication.translate("SetupText", "%1 answered something unexpected."),
        "schema": QCoreApplication.translate("SetupText", "%1 has no agentdesk tables yet: ask your administrator to run “agentdesk db upgrade” on it."),
        "database": QCoreApplication.translate("SetupText", "%1 cannot be reached or refused the connection."),
        "signin": QCoreApplication.translate("SetupText", "Not signed in for %1: sign in first."),
        "token": QCoreApplication.translate("SetupText", "%1 refused the access token of the sign-in: the mailbox, its IMAP or SMTP permission, or the user's licence may be wrong. Ask your administrator."),
        "provider": QCoreApplication.translate("SetupText", "The sign-in for %1 failed."),
    }
    if database:
        sentences.update(_database_sentences())
    text = sentences.get(failed.kind, sentences["protocol"]).replace("%1", where).replace("%2", folder or failed.detail)
    if failed.detail and failed.kind not in ("folder", "starttls", "schema", "notuser", "noteam"):
        text += " " + QCoreApplication.translate("SetupText", "(%1)").replace("%1", failed.detail)
    return text


def server_name(check: ServerCheck) -> str:
    return f"{check.host}:{check.port}"


def check_text(check: ServerCheck, *, folder: str = "") -> str:
    """One line per server: what worked, or exactly what failed."""
    if check.ok:
        if check.protocol == "imap":
            return QCoreApplication.translate("SetupText", "IMAP: signed in. Messages in “%1”: %2.").replace("%1", folder).replace(
                "%2", QLocale().toString(check.messages or 0))
        return QCoreApplication.translate("SetupText", "SMTP: signed in; ready to send.")
    prefix = "IMAP: " if check.protocol == "imap" else "SMTP: "
    failed = CheckFailed(check.kind or "protocol", check.detail)
    return prefix + failure_text(failed, where=server_name(check), folder=folder)


def show_result(label: QLabel, text: str, *, ok: bool | None) -> None:
    """A result line under a "Test connection" button: green when it worked, red when not, grey while busy."""
    label.setText(text)
    label.setObjectName("connection_ok" if ok else "connection_offline" if ok is False else "muted")
    label.style().unpolish(label)
    label.style().polish(label)
