"""The server as `make run` starts it (python -m otmodel serve): loopback only, foreign Host names refused. On the
local network (make run HOST=0.0.0.0), in a private network namespace: tests/browser/test_room_network.py."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.fixtures import ROOT, copy_database
from tools.browser import free_port


def _listening_addresses(port: int) -> set[str]:
    """Local addresses listening on `port`, from the kernel's socket tables (Linux)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if int(hex_port, 16) == port and state == "0A":  # 0A: LISTEN
                found.add(address)
    return found


def _upgrade_status(port: int, host: str) -> str:
    """The status line the server answers to a WebSocket handshake with this Host header."""
    request = (f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request.encode())
        return conn.recv(200).decode("latin-1").split("\r\n")[0]


@pytest.fixture
def served(small_original, tmp_path):
    """`python -m otmodel serve` — the command of `make run` — with no editor password."""
    assert "-m otmodel serve --db $(DB) --port $(PORT) --host $(HOST)" in (ROOT / "Makefile").read_text()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "OTMODEL_EDITOR_PASSWORD"}
    db_path = copy_database(small_original, tmp_path / "petit.duckdb")
    with open(tmp_path / "serve.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "otmodel", "serve", "--db", str(db_path), "--port", str(port)],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                        if answer.read().strip() == b"ok":
                            break
                except OSError:
                    time.sleep(0.2)  # polling the socket: there is no event to wait on before it listens
            yield port
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    assert "checkip" not in (tmp_path / "serve.log").read_text()


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="tables de sockets Linux absentes")
def test_make_run_listens_on_loopback_only(served):
    assert _listening_addresses(served) == {"0100007F"}  # 127.0.0.1, nothing else (not 0.0.0.0, not ::)


def test_a_foreign_host_name_is_refused(served):
    assert " 101 " in _upgrade_status(served, f"localhost:{served}")
    assert " 101 " not in _upgrade_status(served, f"rebind.exemple.invalid:{served}")
