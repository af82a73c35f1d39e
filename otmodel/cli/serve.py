"""python -m otmodel serve: start the app as `make run` does, on this machine only unless asked otherwise.

A database that does not exist yet is created from the destination demo first (as `make run` does); an existing
one is never touched. The app runs from wherever otmodel is (a checkout, or the installed package: otmodel.paths),
in the folder the command is run from: Streamlit 1.67 reads the settings beside the script it runs
(<app.py's folder>/.streamlit/config.toml) after those of the working folder, so the project's safe settings apply
from any folder, and the app reads the same .streamlit/secrets.toml as this command.

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
import webbrowser
from pathlib import Path

from otmodel import access, db, paths
from otmodel.cli.launch import answers, health_url, open_when_ready, port_taken
from otmodel.demo import loading
from otmodel.errors import Refused

FIRST_DEMO = "destination"


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
    argv = [sys.executable, "-m", "streamlit", "run", str(paths.APP), "--server.port", str(port),
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


def ensure_database(path: Path) -> None:
    """Create the database from the destination demo if it does not exist yet; say where it is. An existing one is
    only opened read-only, to say now, in French, that another otmodel holds it (DuckDB lets one process open a
    file for writing; on Windows the lock is the system's): the app would only say it on its first page."""
    if path.exists():
        try:
            db.connect(path, read_only=True).close()
        except db.DatabaseLocked as exc:
            raise Refused(f"La base « {path} » est déjà ouverte par un autre programme : otmodel, lancé dans une "
                          "autre fenêtre ou sur un autre port (revenez à son onglet dans le navigateur, ou fermez "
                          "sa fenêtre), ou un import en cours. Fermez-le, puis relancez otmodel.") from exc
        print(f"Base : {path}")
        return
    print(f"Première ouverture : création de la base de démonstration « {FIRST_DEMO} » (quelques secondes)…",
          flush=True)
    loading.create(path, FIRST_DEMO)
    print(f"Base créée : {path}\n(vos propres données : page Données de l'application, ou une autre base avec --db)")


def already_served(host: str, port: int, address: str, open_browser: bool) -> bool:
    """Whether otmodel (a Streamlit server) already answers on this port: a second double-click on a launcher opens
    the browser on it. Another program on the port is refused in French (Streamlit would say it in English)."""
    if answers(health_url(host, port)):
        print(f"otmodel est déjà ouvert : {address}")
        if open_browser:
            webbrowser.open(address)
        return True
    if port_taken(host, port):
        raise Refused(f"Le port {port} est déjà utilisé par un autre programme : choisissez-en un autre "
                      f"(--port {port + 1}).")
    return False


def cmd_serve(args: argparse.Namespace) -> int:
    tls = tls_files(args.tls)
    scheme = "https" if tls else "http"
    address = f"{scheme}://{args.host if not access.is_loopback(args.host) else 'localhost'}:{args.port}"
    if already_served(args.host, args.port, address, args.open):
        return 0
    database = Path(args.db).resolve()
    ensure_database(database)
    env = server_env(str(database), args.room_reads)
    argv = streamlit_argv(args.host, args.port, args.allowed_host or [], tls)
    print(announce(args.host, args.port, tls is not None, args.room_reads), flush=True)
    if args.open:
        open_when_ready(health_url(args.host, args.port), address)
    if os.name == "posix":  # become the server: a signal to this process reaches it
        os.execve(argv[0], argv, env)
    return subprocess.call(argv, env=env)


def add_command(command) -> None:
    sub = command("serve", cmd_serve, "Lancer l'application (comme make run) : sur cet ordinateur seul par défaut.")
    sub.add_argument("--db", default=os.environ.get("OTMODEL_DB") or "data/otmodel.duckdb",
                     help="la base ; créée à partir de la démonstration destination si elle n'existe pas encore")
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
    sub.add_argument("--open", action="store_true",
                     help="ouvrir le navigateur sur l'application dès qu'elle répond (ce que font les lanceurs)")
