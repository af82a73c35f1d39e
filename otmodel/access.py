"""Who may write, and where the app may listen. No Streamlit here: otmodel.ui.roles keeps the session's role.

- The editor password comes from $OTMODEL_EDITOR_PASSWORD, else `editor_password` in .streamlit/secrets.toml
  (the project's, then the user's). Only a salted scrypt hash of it is kept (`PasswordHash`), and a candidate
  is compared with `hmac.compare_digest` (constant time). scrypt is in Python's standard library (hashlib,
  backed by OpenSSL): no compiled dependency to install on Windows/macOS/Linux, and it is memory-hard like
  argon2, which matters little here (the hash never leaves the process) but costs nothing.
- `Throttle` slows down repeated failures for the whole server (not per session: a new tab must not reset it).
- `check_network` refuses to open the app beyond this machine without an editor password.
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
SECRET_KEY = "editor_password"
SECRETS_FILES = (Path(".streamlit") / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml")
# scrypt cost: 16 MiB and a fraction of a second per check — slow for a guesser, unnoticed by a person.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 32}


class ReadOnly(Refused):
    """A write asked by a session that is not signed in as editor."""

    def __init__(self) -> None:
        super().__init__("Lecture seule : connectez-vous comme éditeur (barre latérale) pour modifier les données.")


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


def is_loopback(host: str) -> bool:
    """Whether an address to listen on is this machine only (127.0.0.1, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def check_network(host: str, password: str | None) -> None:
    """Refuse to serve beyond this machine without an editor password: anyone on the network could write."""
    if not is_loopback(host) and not password:
        raise Refused(
            f"Ouvrir l'application au réseau local (adresse {host}) demande un mot de passe éditeur : sans lui, "
            f"n'importe quel participant pourrait importer, modifier ou effacer les données. Définissez-le, par "
            f"exemple : {PASSWORD_ENV}='…' make run HOST={host} — ou dans .streamlit/secrets.toml "
            f"({SECRET_KEY} = \"…\"). Sans mot de passe, lancez simplement make run (cet ordinateur seul).")
