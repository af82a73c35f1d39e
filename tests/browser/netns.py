"""Another machine, in a test, without touching this machine's network: a private network namespace.

`unshare -n` (root, or CAP_SYS_ADMIN) makes a namespace that has its own loopback and nothing else. It gets
ADDRESS on that loopback and a default route through it, so that inside it:
- a connection to ADDRESS comes *from* ADDRESS, not from 127.0.0.1 — the server sees another device;
- `python -m otmodel serve --host 0.0.0.0` finds ADDRESS as its local-network address (lan_address's probe);
- nothing can leave: there is no other interface.
The namespace lives as long as a `sleep` started here; servers and Chromium join it with `nsenter` (Chromium
through a wrapper script handed to Playwright as its executable, which keeps Playwright's pipes).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ADDRESS = "10.99.0.1"
TOOLS = ("unshare", "nsenter", "ip")


def unavailable() -> str | None:
    """Why no namespace can be made here (a French reason for pytest.skip), or None."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return f"outils absents : {', '.join(missing)} (paquets util-linux et iproute2)"
    done = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True, check=False)
    if done.returncode:
        return ("espace de noms réseau impossible (unshare -n demande d'être root ou CAP_SYS_ADMIN) : "
                f"{done.stderr.strip()}")
    return None


class Namespace:
    """A private network namespace held by a `sleep` process; `popen` and `run` start commands inside it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._holder = subprocess.Popen(["unshare", "-n", "sleep", "86400"])
        ours = os.readlink("/proc/self/ns/net")
        deadline = time.monotonic() + 10
        # unshare enters the namespace, then becomes sleep: until then, its namespace is still ours.
        while os.readlink(f"/proc/{self._holder.pid}/ns/net") == ours:
            if time.monotonic() > deadline or self._holder.poll() is not None:
                raise RuntimeError("unshare -n n'a pas créé d'espace de noms")
            time.sleep(0.01)
        for command in (["ip", "link", "set", "lo", "up"], ["ip", "addr", "add", f"{ADDRESS}/32", "dev", "lo"],
                        ["ip", "route", "add", "default", "dev", "lo", "src", ADDRESS]):
            self.run(command)

    def _enter(self, argv: list[str]) -> list[str]:
        return ["nsenter", "-t", str(self._holder.pid), "-n", "--", *argv]

    def run(self, argv: list[str], **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(self._enter(argv), check=True, capture_output=True, text=True, **kwargs)

    def popen(self, argv: list[str], **kwargs) -> subprocess.Popen:
        return subprocess.Popen(self._enter(argv), **kwargs)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> tuple[int | None, str]:
        """GET `url` from inside the namespace: (status, start of the body), (None, why) when nothing answered.
        HTTPS certificates are not checked (the tests make their own)."""
        done = subprocess.run(self._enter([sys.executable, "-c", _FETCH, url, repr(headers or {})]),
                              capture_output=True, text=True, check=False, timeout=30)
        status, _, body = done.stdout.partition("\n")
        return (int(status) if status.isdigit() else None), body.strip() or done.stderr[-300:]

    def wait_healthy(self, base: str, server: subprocess.Popen, timeout: float = 90) -> None:
        """Until `base`/_stcore/health answers ok inside the namespace (the server is polled: no event to wait on)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f"le serveur s'est arrêté (code {server.returncode})")
            if self.fetch(f"{base}/_stcore/health") == (200, "ok"):
                return
            time.sleep(0.3)
        raise RuntimeError(f"{base} ne répond pas")

    def chromium(self, executable: str) -> Path:
        """A script that runs Chromium inside the namespace, for Playwright's `executable_path`."""
        wrapper = self.folder / "chromium-netns"
        wrapper.write_text(f'#!/bin/sh\nexec nsenter -t {self._holder.pid} -n -- {executable} "$@"\n')
        wrapper.chmod(0o755)
        return wrapper

    def close(self) -> None:
        self._holder.terminate()
        self._holder.wait(timeout=10)


_FETCH = """
import ast, ssl, sys, urllib.error, urllib.request
request = urllib.request.Request(sys.argv[1], headers=ast.literal_eval(sys.argv[2]))
try:
    with urllib.request.urlopen(request, timeout=5, context=ssl._create_unverified_context()) as answer:
        print(answer.status); print(answer.read(200).decode("utf-8", "replace").strip())
except urllib.error.HTTPError as exc:
    print(exc.code)
except Exception as exc:
    print("-"); print(type(exc).__name__, exc)
"""
