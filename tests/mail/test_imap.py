"""The IMAP connection against a real Dovecot: TLS verified, STARTTLS, UID-range fetches, IDLE, failures."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from agentdesk.config.mailboxes import ImapSettings, parse_mailbox
from agentdesk.mail.headers import parse_headers
from agentdesk.mail.imap import (
    Backoff,
    ImapAuthError,
    ImapConnection,
    ImapError,
    ImapTlsError,
    uid_ranges,
)
from tests.support.dovecot import Dovecot, ImapUser, free_port, message
from tests.support.tcp_proxy import CuttingProxy


def _settings(dovecot: Dovecot, user: ImapUser, monkeypatch: pytest.MonkeyPatch, **imap: Any) -> ImapSettings:
    env = f"AGENTDESK_TEST_PW_{abs(hash(user.name))}"
    monkeypatch.setenv(env, user.password)
    table = dovecot.imap_table(user, password_env=env, **imap)
    mailbox = parse_mailbox({"name": "support", "address": "support@example.com", "team": "support",
                             "imap": table})
    assert mailbox.imap is not None
    return mailbox.imap


def test_uid_ranges_compress_runs() -> None:
    assert uid_ranges([5, 1, 2, 3, 9, 7, 8, 3]) == b"1:3,5,7:9"
    assert uid_ranges([42]) == b"42"
    assert uid_ranges(range(1, 201)) == b"1:200"


def test_backoff_grows_and_resets() -> None:
    backoff = Backoff(initial=1.0, maximum=8.0)
    delays = [backoff.next_delay() for _ in range(6)]
    assert 0.8 <= delays[0] <= 1.2
    assert delays[-1] <= 8.0 * 1.2
    assert delays[3] > delays[0]
    backoff.reset()
    assert backoff.next_delay() <= 1.2


def test_tls_fetch_by_uid_ranges_keeps_bytes(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    user = dovecot.new_user()
    raws = [message(n) for n in range(1, 8)]
    dovecot.append(user, raws)
    with ImapConnection(_settings(dovecot, user, monkeypatch)) as conn:
        assert conn.has("CONDSTORE") and conn.has("QRESYNC")
        status = conn.select("INBOX", readonly=True)
        assert status.exists == 7 and status.uidnext == 8
        assert status.highest_modseq is not None
        assert conn.uids_from(1) == list(range(1, 8))
        assert conn.uids_from(8) == []  # "8:*" answers the last message; it must be dropped
        fetched = conn.fetch_raw([1, 2, 3, 5, 6, 7])
        assert [f.uid for f in fetched] == [1, 2, 3, 5, 6, 7]
        assert [f.raw for f in fetched] == [raws[i - 1] for i in (1, 2, 3, 5, 6, 7)]
        ids = conn.fetch_message_ids([4])
        assert parse_headers(ids[4] + b"\r\n").message_id == parse_headers(raws[3]).message_id
    with dovecot.client(user) as client:  # BODY.PEEK[] left every message unseen
        client.select_folder("INBOX", readonly=True)
        assert client.search(["UNSEEN"]) == list(range(1, 8))


def test_starttls_and_plain_loopback(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    user = dovecot.new_user()
    dovecot.append(user, [message(1)])
    for security in ("starttls", "none"):
        settings = _settings(dovecot, user, monkeypatch, security=security)
        if security == "starttls":
            settings = ImapSettings(**{**settings.__dict__, "port": dovecot.imap_port,
                                       "ca_file": dovecot.cert_file})
        with ImapConnection(settings) as conn:
            assert conn.select("INBOX").exists == 1


def test_self_signed_certificate_is_refused_by_default(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    user = dovecot.new_user()
    settings = _settings(dovecot, user, monkeypatch)
    untrusted = ImapSettings(**{**settings.__dict__, "ca_file": None})
    with pytest.raises(ImapTlsError, match="secure connection failed"):
        ImapConnection(untrusted).connect()
    # the override a test (or an administrator's CA) provides
    with ImapConnection(untrusted, ssl_context=dovecot.ssl_context()) as conn:
        assert conn.select("INBOX").exists == 0


def test_wrong_password_and_closed_port(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    user = dovecot.new_user()
    settings = _settings(dovecot, user, monkeypatch)
    with pytest.raises(ImapAuthError, match="login refused"):
        ImapConnection(settings, password="wrong").connect()
    closed = ImapSettings(**{**settings.__dict__, "port": free_port(), "timeout": 5.0})
    with pytest.raises(ImapError, match="cannot connect"):
        ImapConnection(closed).connect()


def test_idle_reports_new_mail(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    user = dovecot.new_user()
    with ImapConnection(_settings(dovecot, user, monkeypatch)) as conn:
        conn.select("INBOX", readonly=True)

        def append_when_idling() -> None:
            deadline = time.monotonic() + 10
            while not conn._idling and time.monotonic() < deadline:
                time.sleep(0.01)
            dovecot.append(user, [message(1)])

        thread = threading.Thread(target=append_when_idling)
        thread.start()
        assert conn.wait_for_change(20) is True
        thread.join()
        assert conn.uids_from(1) == [1]  # the connection is usable after IDLE


def test_polling_fallback_sees_new_mail(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    user = dovecot.new_user()
    with ImapConnection(_settings(dovecot, user, monkeypatch, idle=False)) as conn:
        conn.select("INBOX", readonly=True)
        dovecot.append(user, [message(1)])
        assert conn.wait_for_change(1.0) is True
        assert conn.uids_from(1) == [1]


def test_stop_request_ends_idle_early(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    user = dovecot.new_user()
    with ImapConnection(_settings(dovecot, user, monkeypatch)) as conn:
        conn.select("INBOX", readonly=True)
        assert conn.wait_for_change(600, should_stop=lambda: True) is False
        assert conn.connected


def test_connection_cut_mid_fetch_is_an_imap_error(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    user = dovecot.new_user()
    dovecot.append(user, [message(n, body="x" * 5000 + "\r\n") for n in range(1, 21)])
    settings = _settings(dovecot, user, monkeypatch, security="none")
    with CuttingProxy(dovecot.imap_port, cut_after=30_000) as proxy:
        cut = ImapSettings(**{**settings.__dict__, "port": proxy.port})
        conn = ImapConnection(cut)
        conn.connect()
        conn.select("INBOX", readonly=True)
        with pytest.raises(ImapError, match="UID FETCH failed"):
            conn.fetch_raw(list(range(1, 21)))
        assert not conn.connected and proxy.cut_count == 1
        conn.connect()  # the proxy lets the second connection through
        conn.select("INBOX", readonly=True)
        assert len(conn.fetch_raw(list(range(1, 21)))) == 20
        conn.close()


def test_moving_and_flagging(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    user = dovecot.new_user()
    dovecot.append(user, [message(n) for n in range(1, 5)])
    with ImapConnection(_settings(dovecot, user, monkeypatch)) as conn:
        conn.select("INBOX")
        conn.mark_seen([1, 2])
        assert conn.uids_through(4, unseen=True) == [3, 4]
        conn.move([3, 4], "Processed")
        assert conn.uids_from(1) == [1, 2]
        assert conn.select("Processed").exists == 2
