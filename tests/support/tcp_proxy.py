"""A loopback TCP proxy that can cut a connection in the middle, for fault tests against real servers.

``CuttingProxy(target_port, cut_after=K)`` forwards everything both ways and, for the first ``cuts``
connections, closes both sides abruptly once ``K`` bytes have gone from the server to the client (e.g. in
the middle of an IMAP FETCH). Later connections pass untouched. Stopped with ``stop()`` (or as a context
manager); it holds only threads of this process.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType
from typing import Self


class CuttingProxy:
    """Forward 127.0.0.1:``port`` to 127.0.0.1:``target_port``, cutting early connections after K bytes."""

    def __init__(self, target_port: int, *, cut_after: int | None = None, cuts: int = 1) -> None:
        self.target_port = target_port
        self.cut_after = cut_after
        self.cuts_left = cuts if cut_after is not None else 0
        self.cut_count = 0
        self.connections = 0
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self.port = int(self._listener.getsockname()[1])
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="cutting-proxy", daemon=True)
        self._thread.start()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(("127.0.0.1", self.target_port), timeout=10)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                self.connections += 1
                limit = None
                if self.cuts_left > 0:
                    self.cuts_left -= 1
                    limit = self.cut_after
                self._sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server, None), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, limit), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, limit: int | None) -> None:
        sent = 0
        try:
            while True:
                want = 65536 if limit is None else min(65536, limit - sent)
                data = source.recv(want) if want > 0 else b""
                if not data:
                    break
                sink.sendall(data)
                sent += len(data)
                if limit is not None and sent >= limit:
                    with self._lock:
                        self.cut_count += 1
                    break
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()

    def stop(self) -> None:
        self._stopped.set()
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.close()
        self._thread.join(timeout=5)


class SwitchProxy(CuttingProxy):
    """The test proxy with a switch: ``cut()`` drops every connection and refuses new ones until ``restore()``.

    ``cut_when_sent(marker)`` arms a cut for the moment the client sends bytes holding ``marker`` (e.g. ``b"COMMIT"``):
    they reach the server, then the switch goes off before any answer comes back — the server did it, the
    client cannot know.
    """

    def __init__(self, target_port: int) -> None:
        self.up = True
        self._marker: bytes | None = None
        self._muted = False  # the server's answers are dropped (after the marker)
        self._answered = threading.Event()
        super().__init__(target_port)

    def cut_when_sent(self, marker: bytes | None) -> None:
        """Arm (or with None disarm) the cut at the next client bytes holding ``marker``."""
        self._marker = marker

    def _forward(self, source: socket.socket, sink: socket.socket) -> None:
        """Client to server, watching for the armed marker."""
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                marker = self._marker
                if marker is not None and marker in data:
                    self._marker = None
                    self.up = False
                    self._muted = True  # the client hears nothing more …
                    sink.sendall(data)  # … while the server gets the whole command
                    self._answered.wait(10)  # and answers it, into the void
                    self.cut()
                    return
                sink.sendall(data)
        except OSError:
            pass
        finally:
            self._close(source, sink)

    def _backward(self, source: socket.socket, sink: socket.socket) -> None:
        """Server to client, unless muted."""
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if self._muted:
                    self._answered.set()
                    continue
                sink.sendall(data)
        except OSError:
            pass
        finally:
            self._close(source, sink)

    @staticmethod
    def _close(*socks: socket.socket) -> None:
        """Shut down, then close: a bare close() leaves a socket that another thread still reads open (no FIN)."""
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def cut(self) -> None:
        self.up = False
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()
            self._sockets.clear()

    def restore(self) -> None:
        self._muted = False
        self._answered.clear()
        self.up = True

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                server = socket.create_connection(("127.0.0.1", self.target_port), timeout=10)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                self.connections += 1
                self._sockets += [client, server]
            threading.Thread(target=self._forward, args=(client, server), daemon=True).start()
            threading.Thread(target=self._backward, args=(server, client), daemon=True).start()
