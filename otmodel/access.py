"""Who may write, and from where. No Streamlit here: otmodel.ui.roles keeps the session's role.

- Where a connection comes from decides first (`is_serving_computer`): a connection that does not come from the
  computer serving the app (through loopback) is the room — it votes, and edits nothing whatever it types,
  unless the server speaks HTTPS (`--tls`) and it signs in with the editor password. The address is the one the
  server's socket saw: uvicorn, under Streamlit 1.67, rewrites it from an X-Forwarded-For header only for a
  connection that itself comes from a trusted proxy — loopback, unless $FORWARDED_ALLOW_IPS says otherwise —
  so a header sent from the room cannot make it look local. When that variable trusts more than loopback,
  no connection is taken for the serving computer.
- The editor password comes from $OTMODEL_EDITOR_PASSWORD, else `editor_password` in .streamlit/secrets.toml
  (the project's, then the user's). Only a salted scrypt hash of it is kept (`PasswordHash`), and a candidate
  is compared with `hmac.compare_digest` (constant time). scrypt is in Python's standard library (hashlib,
  backed by OpenSSL): no compiled dependency to install on Windows/macOS/Linux, and it is memory-hard like
  argon2, which matters little here (the hash never leaves the process) but costs nothing.
- `Throttle` slows down repeated failures for the whole server (not per session: a new tab must not reset it).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
import threading
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from otmodel.errors import Refused

PASSWORD_ENV = "OTMODEL_EDITOR_PASSWORD"
ROOM_READS_ENV = "OTMODEL_ROOM_READS"  # set by `serve --room-reads`: the room may read every page
FORWARDED_ENV = "FORWARDED_ALLOW_IPS"  # uvicorn: the proxies whose X-Forwarded-For it believes
SECRET_KEY = "editor_password"
SECRETS_FILES = (Path(".streamlit") / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml")
# scrypt cost: 16 MiB and a fraction of a second per check — slow for a guesser, unnoticed by a person.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 32}


READ_ONLY = "Lecture seule : connectez-vous comme éditeur (barre latérale) pour modifier les données."
FROM_THE_ROOM = ("Depuis un autre appareil que l'ordinateur qui sert l'application, on vote ; on ne modifie rien. "
                 "Modifiez depuis cet ordinateur.")
NEEDS_TLS = ("Depuis un autre appareil, la connexion éditeur ne se fait qu'en HTTPS (python -m otmodel serve "
             "--tls CERTIFICAT CLÉ) : sans chiffrement, le mot de passe se lirait sur le réseau.")


class ReadOnly(Refused):
    """A write asked by a session that may not write (French message: why, and what to do)."""

    def __init__(self, message: str = READ_ONLY) -> None:
        super().__init__(message)


class SignInRefused(Refused):
    """A wrong password, or too many attempts in a row."""


def configured_password(environ: Mapping[str, str] | None = None,
                        secrets_files: tuple[Path, ...] = SECRETS_FILES) -> str | None:
    """The editor password set for this server, or None (local single-user mode)."""
    environ = os.environ if environ is None else environ
    if environ.get(PASSWORD_ENV):
        return environ[PASSWORD_ENV]
    for path in secrets_files:
        try:
            found = tomllib.loads(path.read_text(encoding="utf-8")).get(SECRET_KEY)
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
        if isinstance(found, str) and found:
            return found
    return None


@dataclass(frozen=True, repr=False)
class PasswordHash:
    """A salted scrypt hash: what the server keeps instead of the password."""

    salt: bytes
    digest: bytes

    @classmethod
    def of(cls, password: str) -> PasswordHash:
        salt = secrets.token_bytes(16)
        return cls(salt, _scrypt(password, salt))

    def matches(self, candidate: str) -> bool:
        """Whether the candidate is the password, in a time that does not depend on where they differ."""
        return hmac.compare_digest(_scrypt(candidate, self.salt), self.digest)

    def __repr__(self) -> str:  # never in a log, not even the hash
        return "PasswordHash(…)"


def _scrypt(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)


class Throttle:
    """After FREE failures in a row, each further attempt must wait 2, 4, 8… seconds (at most MAX_WAIT)
    after the previous failure. A success starts again from zero. Thread-safe: sessions run in threads."""

    FREE = 3
    MAX_WAIT = 60.0

    def __init__(self, clock=time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self.failures = 0
        self._last_failure = 0.0

    def wait_left(self) -> float:
        """Seconds before the next attempt is allowed (0: now)."""
        with self._lock:
            if self.failures < self.FREE:
                return 0.0
            wait = min(2.0 ** (self.failures - self.FREE + 1), self.MAX_WAIT)
            return max(0.0, self._last_failure + wait - self._clock())

    def failed(self) -> None:
        with self._lock:
            self.failures += 1
            self._last_failure = self._clock()

    def succeeded(self) -> None:
        with self._lock:
            self.failures = 0


def sign_in(stored: PasswordHash, candidate: str, throttle: Throttle) -> None:
    """Accept the candidate password or raise SignInRefused (wrong, or too soon after failures)."""
    left = throttle.wait_left()
    if left > 0:
        raise SignInRefused(f"Trop de tentatives : réessayez dans {int(left) + 1} s.")
    if not stored.matches(candidate or ""):
        throttle.failed()
        raise SignInRefused("Mot de passe incorrect.")
    throttle.succeeded()


def room_reads(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the director let the room read every page (`serve --room-reads`); otherwise it only votes."""
    return (os.environ if environ is None else environ).get(ROOM_READS_ENV) == "1"


def _loopback_ip(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]").split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:  # ::ffff:127.0.0.1 on a dual-stack socket
        ip = ip.ipv4_mapped
    return ip.is_loopback


def forwarding_is_local(environ: Mapping[str, str] | None = None) -> bool:
    """Whether uvicorn believes X-Forwarded-For from loopback only (its default): otherwise a proxy elsewhere
    could name any client, and no connection can be taken for the serving computer."""
    trusted = (os.environ if environ is None else environ).get(FORWARDED_ENV)
    return trusted is None or all(_loopback_ip(item) for item in trusted.split(",") if item.strip())


def is_serving_computer(address: str | None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether a connection whose address the server saw is `address` comes from the serving computer itself.
    None is what Streamlit gives for 127.0.0.1 and ::1 (and for a session with no connection: AppTest)."""
    if not forwarding_is_local(environ):
        return False
    return address is None or _loopback_ip(address)


def is_loopback(host: str) -> bool:
    """Whether an address to listen on is this machine only (127.0.0.1, ::1, localhost)."""
    return host.strip().lower() == "localhost" or _loopback_ip(host)
