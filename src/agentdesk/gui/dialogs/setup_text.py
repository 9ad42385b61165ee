"""The setup assistant's words for what went wrong: one translated sentence per kind of failure, saying what
to check, followed by the server's own words."""

from __future__ import annotations

from agentdesk.gui.dialogs.setup_checks import CheckFailed, ServerCheck
from agentdesk.gui.qt import QCoreApplication, QLabel, QLocale


def failure_text(failed: CheckFailed, *, where: str, folder: str = "") -> str:
    """``where`` names the server (``imap.example.com:993``) or the database."""
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
    }
    text = sentences.get(failed.kind, sentences["protocol"]).replace("%1", where).replace("%2", folder or failed.detail)
    if failed.detail and failed.kind not in ("folder", "starttls", "schema"):
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
