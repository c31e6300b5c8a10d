"""The instance socket under a flood (issue 21 #18): 300 connections that each send most of
a megabyte and never finish. Before: all accepted, no idle timeout (GUI 129 → 401 MB)."""

from __future__ import annotations

import contextlib
import json
import socket
from pathlib import Path

from reader.ui.app.single_instance import MAX_CONNECTIONS, MAX_MESSAGE, InstanceServer


def connect(path: Path) -> socket.socket:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect(str(path))
    client.setblocking(False)
    return client


def send_some(client: socket.socket, data: bytes) -> None:
    # the server stopped reading or dropped us: that is the point
    with contextlib.suppress(BlockingIOError, BrokenPipeError, ConnectionResetError):
        client.send(data)


def test_a_flood_of_unfinished_connections_is_bounded_and_expires(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "instance.sock"
    server = InstanceServer(str(path), idle_ms=500)
    assert server.listen()
    received: list[list[str]] = []
    server.paths_received.connect(received.append)
    clients: list[socket.socket] = []
    try:
        chunk = b"x" * 999_000
        for _ in range(300):
            try:
                client = connect(path)
            except OSError:
                continue  # the backlog is full: refused
            clients.append(client)
            send_some(client, chunk)
            qtbot.wait(1)  # the server's event loop accepts and reads
        qtbot.wait(100)
        assert server.connections() <= MAX_CONNECTIONS
        assert server.buffered() <= MAX_CONNECTIONS * (MAX_MESSAGE + 1)
        qtbot.waitUntil(lambda: server.connections() == 0, timeout=5000)  # idle ones dropped
        # a real hand-off still gets through afterwards
        good = connect(path)
        clients.append(good)
        good.send(json.dumps({"paths": ["/tmp/article.txt"]}).encode() + b"\n")
        qtbot.waitUntil(lambda: received == [["/tmp/article.txt"]], timeout=5000)
    finally:
        for client in clients:
            client.close()
        server.close()
