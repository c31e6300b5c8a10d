"""One reader per data dir: a second launch hands its files to the first and exits.

Like most desktop readers. Who is first is decided by a `QLockFile` in the data dir (the
lock of a killed reader is stale because its pid is gone, so a crash never blocks the
next start); the channel is a `QLocalServer` (a Unix socket or a named pipe: nothing on
the network) named after a hash of the resolved data dir, so test runs with their own data
dirs never meet each other or a real session. A first reader that holds the lock but does
not answer (hung) is left alone: the newcomer runs on its own beside it, which is safe
because the store is shared through WAL and busy timeouts.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

HANDOFF_TIMEOUT_MS = 5000
"""How long a newcomer waits for the primary's answer before deciding it is hung (the
primary answers from its event loop, so a first reader still starting up answers late)."""
LOCK_NAME = "instance.lock"

_ACK = b"ok\n"


def server_name(data_dir: Path) -> str:
    """Per user and per data dir; short enough for the Unix socket path limit."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:20]
    user = hashlib.sha256(getpass.getuser().encode("utf-8")).hexdigest()[:8]
    return f"reader-{user}-{digest}"


def hand_off(name: str, paths: list[str], timeout_ms: int = HANDOFF_TIMEOUT_MS) -> bool:
    """Send paths (absolute) to a running primary; True once it has acknowledged them."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    message = json.dumps({"paths": [str(Path(p).resolve()) for p in paths]}).encode() + b"\n"
    socket.write(message)
    acknowledged = False
    if socket.waitForBytesWritten(timeout_ms):
        reply = b""
        while not reply.endswith(b"\n") and socket.waitForReadyRead(timeout_ms):
            reply += bytes(socket.readAll().data())
        acknowledged = reply == _ACK
    socket.abort()
    return acknowledged


class InstanceServer(QObject):
    """The primary's end: receives paths from later launches."""

    paths_received = Signal(list)
    """A later launch asked to open these paths (may be empty: just raise the window)."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self.on_new_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}

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
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._on_ready_read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _on_ready_read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if len(data) > 1_000_000:  # nobody legitimate sends this much: drop it
            socket.abort()
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
            socket.abort()
            return
        socket.write(_ACK)
        socket.flush()
        socket.disconnectFromServer()
        self.paths_received.emit(list(paths))


def acquire_primary(data_dir: Path) -> QLockFile | None:
    """The primary's lock, or None when a live reader already holds it.

    Keep the returned lock for the session; it is released when the process ends.
    """
    lock = QLockFile(str(data_dir / LOCK_NAME))
    lock.setStaleLockTime(0)  # only a dead owner (a crash) makes it stale, never age
    return lock if lock.tryLock(0) else None
