"""What a double-clicked launcher needs from `serve` (otmodel.bat, otmodel.command): whether otmodel already
answers on its port (a second double-click opens the browser on it instead of failing), and opening the browser
once the server answers — from a process of its own, since `serve` becomes the server.

    python -m otmodel.cli.launch HEALTH_URL ADDRESS    # wait until HEALTH_URL says ok, then open ADDRESS
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import webbrowser
from collections.abc import Callable

WAIT_SECONDS = 180  # a first start on a slow laptop: Streamlit starts in a few seconds, imports included


def health_url(host: str, port: int) -> str:
    """Where Streamlit says it is ready; a server listening on every address answers on loopback."""
    reachable = "127.0.0.1" if host in ("0.0.0.0", "::", "localhost") else host
    return f"http://{reachable}:{port}/_stcore/health"


def answers(url: str) -> bool:
    """Whether a Streamlit server answers `ok` at this health address (nothing is looked up outside: the address
    is this machine's)."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().strip() == b"ok"
    except OSError:
        return False


def port_taken(host: str, port: int) -> bool:
    """Whether another program already listens on this address and port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if os.name == "posix":  # as the server will: a port left in TIME_WAIT by an earlier server is free
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def wait_and_open(url: str, address: str, *, timeout: float = WAIT_SECONDS,
                  opener: Callable[[str], object] = webbrowser.open) -> bool:
    """Open `address` in the browser as soon as the server answers at `url`; False if it never did."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answers(url):
            opener(address)
            return True
        time.sleep(0.5)  # polling the server's socket: there is no event to wait on before it listens
    return False


def open_when_ready(url: str, address: str) -> None:
    """A separate process that opens the browser once the server answers, and outlives this one."""
    subprocess.Popen([sys.executable, "-m", "otmodel.cli.launch", url, address], stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    sys.exit(0 if wait_and_open(sys.argv[1], sys.argv[2]) else 1)
