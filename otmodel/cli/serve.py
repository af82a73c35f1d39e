"""python -m otmodel serve: start the app as `make run` does, on this machine only unless asked otherwise.

Loopback (the default) keeps .streamlit/config.toml's safe settings. Another address (the room's vote on the
local network) sets the address, the server address shown and the Host names the server accepts (DNS
rebinding: a foreign name pointing at this machine is refused). No password is needed for it: the app itself
lets the other devices vote and nothing else (otmodel.access). `--tls CERT KEY` serves HTTPS only (Streamlit's
server.sslCertFile / server.sslKeyFile), the one way an editor may sign in from another device.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from pathlib import Path

from otmodel import access
from otmodel.errors import Refused

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


def tls_files(tls: list[str] | None) -> tuple[Path, Path] | None:
    """The certificate and key given to --tls, checked readable (a French refusal otherwise)."""
    if not tls:
        return None
    cert, key = (Path(name).resolve() for name in tls)
    for path, what in ((cert, "certificat"), (key, "clé privée")):
        if not path.is_file() or not os.access(path, os.R_OK):
            raise Refused(f"--tls : le fichier de {what} « {path} » est introuvable ou illisible. Donnez le "
                          "certificat puis la clé, au format PEM : --tls cert.pem cle.pem.")
    return cert, key


def streamlit_argv(host: str, port: int, extra_hosts: list[str],
                   tls: tuple[Path, Path] | None = None) -> list[str]:
    """The `streamlit run` command line: flags override .streamlit/config.toml only off loopback (and for TLS)."""
    argv = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    if not access.is_loopback(host):  # whatever a config file says: the agent API has no client address
        argv += ["--server.enableAgentApi", "false"]
    if not access.is_loopback(host) or extra_hosts:
        shown = lan_address() if host in ("0.0.0.0", "::") else host
        argv += ["--server.address", host, "--browser.serverAddress", shown or "localhost"]
        for name in allowed_hosts(host, extra_hosts):
            argv += ["--server.allowedHosts", name]
    if tls:
        argv += ["--server.sslCertFile", str(tls[0]), "--server.sslKeyFile", str(tls[1])]
    return argv


def server_env(db: str, room_reads: bool) -> dict[str, str]:
    """The server's environment: the database, whether the room may read, and no X-Forwarded-For trusted
    beyond loopback (uvicorn's default, whatever the shell says): a header from the room never makes a
    device look like this computer."""
    env = {k: v for k, v in os.environ.items() if k not in (access.FORWARDED_ENV, access.ROOM_READS_ENV)}
    env["OTMODEL_DB"] = str(Path(db).resolve())
    if room_reads:
        env[access.ROOM_READS_ENV] = "1"
    return env


def announce(host: str, port: int, tls: bool, room_reads: bool) -> str:
    """What the command prints: where the app is, and what the other devices may do."""
    scheme = "https" if tls else "http"
    if access.is_loopback(host):
        return f"otmodel : {scheme}://localhost:{port}"
    shown = lan_address() if host in ("0.0.0.0", "::") else host
    room = "consulter les pages (lecture seule) et voter" if room_reads or tls else "voter"
    editing = ("se connecter comme éditeur depuis un autre appareil : en HTTPS, avec le mot de passe éditeur"
               if tls else "modifier : depuis cet ordinateur seulement")
    return (f"otmodel : {scheme}://{shown or host}:{port} (réseau local) — sur cet ordinateur : "
            f"{scheme}://localhost:{port}\nLes autres appareils peuvent {room} ; {editing}.")


def cmd_serve(args: argparse.Namespace) -> int:
    tls = tls_files(args.tls)
    env = server_env(args.db, args.room_reads)
    argv = streamlit_argv(args.host, args.port, args.allowed_host or [], tls)
    print(announce(args.host, args.port, tls is not None, args.room_reads), flush=True)
    if os.name == "posix":  # become the server: a signal to this process reaches it
        os.chdir(ROOT)
        os.execve(argv[0], argv, env)
    return subprocess.call(argv, cwd=ROOT, env=env)


def add_command(command) -> None:
    sub = command("serve", cmd_serve, "Lancer l'application (comme make run) : sur cet ordinateur seul par défaut.")
    sub.add_argument("--db", default=os.environ.get("OTMODEL_DB") or "data/otmodel.duckdb")
    sub.add_argument("--port", type=int, default=8501)
    sub.add_argument("--host", default="127.0.0.1",
                     help="adresse d'écoute ; 0.0.0.0 ouvre au réseau local : les autres appareils y votent, "
                          "les modifications restent sur cet ordinateur")
    sub.add_argument("--allowed-host", action="append", metavar="NOM",
                     help="nom ou adresse supplémentaire par lequel les navigateurs joignent l'application")
    sub.add_argument("--tls", nargs=2, metavar=("CERT", "CLE"),
                     help="servir en HTTPS avec ce certificat et cette clé (PEM) : seule façon de se connecter "
                          "comme éditeur depuis un autre appareil (avec le mot de passe éditeur)")
    sub.add_argument("--room-reads", action="store_true",
                     help="sur le réseau local, laisser les autres appareils consulter les pages en lecture "
                          "seule (sinon : la page du vote seulement)")
