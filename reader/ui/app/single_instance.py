"""One reader per data dir: a second launch hands its files to the first and exits.

Like most desktop readers. Who is first is decided by `instance_lock`; the channel is a
`QLocalServer` (a Unix socket or a named pipe: nothing on
the network) named after a hash of the resolved data dir, so test runs with their own data
dirs never meet each other or a real session. A first reader that holds the lock but does
not answer (hung) is left alone: the newcomer runs on its own beside it, which is safe
because the store is shared through WAL and busy timeouts. The primary starts listening
just after its first paint, so a newcomer keeps trying to connect for a while.
"""

from __future__ import annotations

import json
import os
import socket as pysocket
import struct
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from reader.core.notes.link_scheme import is_reader_link

HANDOFF_TIMEOUT_MS = 5000
"""How long a newcomer waits for the primary's answer before deciding it is hung (the
primary answers from its event loop, so a first reader still starting up answers late)."""

CONNECT_RETRY_MS = 25
_ACK = b"ok\n"

MAX_CONNECTIONS = 16
"""Hand-offs in progress at once; more are refused (a launch retries for 5 s)."""
MAX_MESSAGE = 256 * 1024
"""A hand-off names paths: 256 KB is ~2,000 long ones. More is dropped."""
IDLE_MS = 5000
"""A connection that has not sent a whole message by then is dropped."""


def hand_off(name: str, paths: list[str], timeout_ms: int = HANDOFF_TIMEOUT_MS) -> bool:
    """Send paths (absolute) to a running primary; True once it has acknowledged them."""
    socket = QLocalSocket()
    deadline = QDeadlineTimer(timeout_ms)
    while True:  # the primary may still be painting its first page, not yet listening
        socket.connectToServer(name)
        if socket.waitForConnected(max(1, deadline.remainingTime())):
            break
        socket.abort()
        if deadline.hasExpired():
            return False
        QThread.msleep(CONNECT_RETRY_MS)
    if not same_user(socket):  # never hand a path to another user's process
        socket.abort()
        return False
    # reader:// links travel as they are; files as absolute paths (the primary's cwd differs)
    message = json.dumps({"paths": [p if is_reader_link(p) else str(Path(p).resolve())
                                    for p in paths]}).encode() + b"\n"
    socket.write(message)
    acknowledged = False
    if socket.waitForBytesWritten(timeout_ms):
        reply = b""
        while not reply.endswith(b"\n") and socket.waitForReadyRead(timeout_ms):
            reply += bytes(socket.readAll().data())
        acknowledged = reply == _ACK
    socket.abort()
    return acknowledged


def peer_uid(socket: QLocalSocket) -> int | None:
    """The user id of the process at the other end of a Unix socket (None elsewhere)."""
    if not hasattr(pysocket, "SO_PEERCRED"):
        return None
    fd = int(socket.socketDescriptor())
    if fd < 0:
        return None
    probe = pysocket.socket(fileno=os.dup(fd))
    try:
        creds = probe.getsockopt(pysocket.SOL_SOCKET, pysocket.SO_PEERCRED,
                                 struct.calcsize("3i"))
    finally:
        probe.close()
    return int(struct.unpack("3i", creds)[1])


def same_user(socket: QLocalSocket) -> bool:
    """Whether the peer runs as this user (True where the system cannot say)."""
    uid = peer_uid(socket)
    return uid is None or uid == os.getuid()


class InstanceServer(QObject):
    """The primary's end: receives paths from later launches."""

    paths_received = Signal(list)
    """A later launch asked to open these paths (may be empty: just raise the window)."""

    def __init__(self, name: str, parent: QObject | None = None, idle_ms: int = IDLE_MS) -> None:
        super().__init__(parent)
        self.name = name
        self.idle_ms = idle_ms
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.setMaxPendingConnections(MAX_CONNECTIONS)
        self.server.newConnection.connect(self.on_new_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}
        """Connections being read, each with what it sent so far (bounded in number, size
        and time: a client that never finishes must not hold memory for ever)."""

    def listen(self) -> bool:
        """Become the primary, replacing a stale socket left by a crashed or hung reader."""
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    @Slot()
    def on_new_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            if not same_user(socket) or len(self._buffers) >= MAX_CONNECTIONS:
                socket.abort()
                socket.deleteLater()
                continue
            self._buffers[socket] = b""
            socket.setReadBufferSize(MAX_MESSAGE + 1)  # the rest waits in the kernel
            socket.readyRead.connect(lambda s=socket: self._on_ready_read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))
            QTimer.singleShot(self.idle_ms, socket, lambda s=socket: self._expire(s))

    def _expire(self, socket: QLocalSocket) -> None:
        if socket in self._buffers:  # still no whole message
            self._drop(socket)

    def _drop(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.abort()
        socket.deleteLater()

    def buffered(self) -> int:
        """Bytes held for connections being read (bounded by MAX_CONNECTIONS × MAX_MESSAGE)."""
        return sum(len(data) + int(s.bytesAvailable()) for s, data in self._buffers.items())

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def connections(self) -> int:
        """Connections being read now (tests and diagnostics)."""
        return len(self._buffers)

    def _on_ready_read(self, socket: QLocalSocket) -> None:
        if socket not in self._buffers:
            return
        data = self._buffers[socket] + bytes(socket.read(MAX_MESSAGE + 1).data())
        if len(data) > MAX_MESSAGE:  # nobody legitimate sends this much: drop it
            self._drop(socket)
            return
        self._buffers[socket] = data
        if not data.endswith(b"\n"):
            return
        try:
            paths = json.loads(data.decode("utf-8"))["paths"]
            valid = isinstance(paths, list) and all(isinstance(p, str) for p in paths)
        except (ValueError, KeyError, TypeError):
            valid = False
        if not valid:
            self._drop(socket)
            return
        self._buffers.pop(socket, None)
        socket.write(_ACK)
        socket.flush()
        socket.disconnectFromServer()
        self.paths_received.emit(list(paths))
