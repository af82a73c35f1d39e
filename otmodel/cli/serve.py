"""python -m otmodel serve: start the app as `make run` does, on this machine only unless asked otherwise.

Loopback (the default) keeps .streamlit/config.toml's safe settings. Another address (the room's vote on the
local network) is refused without an editor password, and then sets the address, the server address shown and
the Host names the server accepts (DNS rebinding: a foreign name pointing at this machine is refused).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from pathlib import Path

from otmodel import access

ROOT = Path(__file__).resolve().parents[2]


def lan_address() -> str | None:
    """This machine's address on the local network. A UDP socket's connect sends nothing: it only asks the
    system which interface would be used, so nothing is looked up outside."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1 (RFC 5737): never routed anywhere
            return probe.getsockname()[0]
        except OSError:
            return None


def allowed_hosts(host: str, extra: list[str]) -> list[str]:
    """The Host names a browser may use to reach the app."""
    names = ["localhost", "127.0.0.1"]
    if not access.is_loopback(host):
        wildcard = host in ("0.0.0.0", "::")
        names += [lan_address() or "", socket.gethostname()] if wildcard else [host]
    return [n for n in dict.fromkeys([*names, *extra]) if n]


def streamlit_argv(host: str, port: int, extra_hosts: list[str]) -> list[str]:
    """The `streamlit run` command line: flags override .streamlit/config.toml only off loopback."""
    argv = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    if not access.is_loopback(host) or extra_hosts:
        shown = lan_address() if host in ("0.0.0.0", "::") else host
        argv += ["--server.address", host, "--browser.serverAddress", shown or "localhost"]
        for name in allowed_hosts(host, extra_hosts):
            argv += ["--server.allowedHosts", name]
    return argv


def cmd_serve(args: argparse.Namespace) -> int:
    access.check_network(args.host, access.configured_password())
    env = {**os.environ, "OTMODEL_DB": str(Path(args.db).resolve())}
    argv = streamlit_argv(args.host, args.port, args.allowed_host or [])
    where = args.host if not access.is_loopback(args.host) else "localhost"
    print(f"otmodel : http://{where}:{args.port}" + ("" if access.is_loopback(args.host)
                                                      else " (réseau local, mot de passe éditeur exigé pour modifier)"))
    if os.name == "posix":  # become the server: a signal to this process reaches it
        os.chdir(ROOT)
        os.execve(argv[0], argv, env)
    return subprocess.call(argv, cwd=ROOT, env=env)


def add_command(command) -> None:
    sub = command("serve", cmd_serve, "Lancer l'application (comme make run) : sur cet ordinateur seul par défaut.")
    sub.add_argument("--db", default=os.environ.get("OTMODEL_DB") or "data/otmodel.duckdb")
    sub.add_argument("--port", type=int, default=8501)
    sub.add_argument("--host", default="127.0.0.1",
                     help="adresse d'écoute ; 0.0.0.0 ouvre au réseau local (mot de passe éditeur obligatoire)")
    sub.add_argument("--allowed-host", action="append", metavar="NOM",
                     help="nom ou adresse supplémentaire par lequel les navigateurs joignent l'application")
