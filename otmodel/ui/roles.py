"""Editor or viewer: the session's role, the sign-in form, and the guard every write goes through.

Where the connection comes from decides first (otmodel.access): on the computer serving the app (loopback),
without an editor password, every session may write (local single-user mode); with one, a session reads,
presents and votes, and writes once signed in as editor. From any other device — the room, on the local
network — a session votes and writes nothing, whatever it types; it may sign in as editor only when the server
speaks HTTPS (`serve --tls`) and a password is set. It sees the vote page only (`room_only`), unless the director
let the room read (`serve --room-reads`) or the server speaks HTTPS (a remote editor needs the sidebar).

For pages (see docs/securite.md):
- `can_write()` — show or enable a write control: `st.button("Enregistrer", disabled=not roles.can_write())`;
- `require_editor()` — the guard of the app's Database: `data.write` calls it before every write reserved to
  editors, and it raises access.ReadOnly, a Refused that feedback.attempt turns into a French message. Hidden
  buttons are not the guard; this is;
- `read_only_note()` — the one-line French notice a page shows where its write controls would be;
- `can_see_emails()` — personal data is shown only to an editor who asks for it.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets

import streamlit as st

from otmodel import access

_EDITOR = "_otmodel_editor"
_LOG = logging.getLogger(__name__)
_THROTTLE = access.Throttle()  # one per server: opening another tab must not reset the count
_PROCESS_KEY = secrets.token_bytes(16)
_HASHES: dict[bytes, access.PasswordHash] = {}


def _stored_hash() -> access.PasswordHash | None:
    """The configured password's hash, computed once per server (and again only if the password changes)."""
    password = access.configured_password()
    if not password:
        return None
    # A keyed tag tells whether the configured password changed without keeping it, nor a plain hash of it.
    tag = hmac.new(_PROCESS_KEY, password.encode("utf-8"), hashlib.sha256).digest()
    if tag not in _HASHES:
        _HASHES.clear()
        _HASHES[tag] = access.PasswordHash.of(password)
    return _HASHES[tag]


def protected() -> bool:
    """Whether an editor password is configured (else: local single-user mode)."""
    return _stored_hash() is not None


def client_address() -> str | None:
    """The address of this session's connection as the server's socket saw it; None for loopback (Streamlit's
    st.context.ip_address), and for a session with no connection (AppTest, where it is no string)."""
    found = st.context.ip_address
    return found if isinstance(found, str) else None


def from_serving_computer() -> bool:
    """Whether this session's browser runs on the computer serving the app (checked at every call: it is the
    connection's own address, never something the page sent). Streamlit's agent API (off by default, and
    kept off by .streamlit/config.toml and `serve`) drives sessions over HTTP with no address at all: were it
    switched on, no session would be taken for the serving computer."""
    return access.is_serving_computer(client_address()) and not st.get_option("server.enableAgentApi")


def over_tls() -> bool:
    """Whether this server speaks HTTPS only (`serve --tls`): then no password crosses the network in clear."""
    return bool(st.get_option("server.sslCertFile"))


def remote_sign_in() -> bool:
    """Whether a session from another device may sign in as editor: over HTTPS, with a password set."""
    return over_tls() and protected()


def room_only() -> bool:
    """Whether this session is the room and sees the vote page only: another device, and the director neither
    let the room read (`serve --room-reads`) nor serves HTTPS (where a remote editor signs in)."""
    return not from_serving_computer() and not (over_tls() or access.room_reads())


def room_rights() -> str:
    """What the other devices of the network may do, in a French sentence for the presenter."""
    reads = "consulter les pages en lecture seule et voter" if over_tls() or access.room_reads() else "voter"
    if remote_sign_in():
        return f"Les appareils de la salle peuvent {reads} ; modifier demande de s'y connecter comme éditeur (HTTPS)."
    return f"Les appareils de la salle peuvent {reads} ; ils ne peuvent rien modifier."


def is_editor() -> bool:
    return bool(st.session_state.get(_EDITOR))


def can_write() -> bool:
    """Whether this session may write: on the serving computer, signed in as editor or with no password set;
    from another device, only signed in as editor over HTTPS."""
    if not from_serving_computer():
        return remote_sign_in() and is_editor()
    return not protected() or is_editor()


def require_editor() -> None:
    """Refuse (access.ReadOnly, a French message) a write asked by a viewer. Call it before writing."""
    if not can_write():
        raise access.ReadOnly(access.READ_ONLY if from_serving_computer() or remote_sign_in()
                              else access.FROM_THE_ROOM)


def can_see_emails() -> bool:
    """E-mails are personal data: only a session that may write can ask to see them."""
    return can_write()


def read_only_note() -> None:
    """Where a page's write controls would be, for a viewer."""
    if can_write():
        return
    if from_serving_computer() or remote_sign_in():
        st.info("🔒 Lecture seule : connectez-vous comme éditeur (barre latérale) pour modifier.")
    else:
        st.info("🔒 Lecture seule depuis cet appareil : on modifie depuis l'ordinateur qui sert l'application.")


def sign_in(candidate: str) -> None:
    """Become editor with the right password; access.SignInRefused otherwise (slowed down after failures). From
    another device, refused before the password is even looked at unless the server speaks HTTPS."""
    if not from_serving_computer() and not over_tls():
        raise access.SignInRefused(access.NEEDS_TLS)
    stored = _stored_hash()
    if stored is None:
        if not from_serving_computer():
            raise access.SignInRefused("Aucun mot de passe éditeur n'est défini : on ne modifie que depuis "
                                       "l'ordinateur qui sert l'application.")
        return
    try:
        access.sign_in(stored, candidate, _THROTTLE)
    except access.SignInRefused:
        _LOG.warning("connexion éditeur refusée (%d échec(s) de suite)", _THROTTLE.failures)  # never the password
        raise
    st.session_state[_EDITOR] = True


def sign_out() -> None:
    st.session_state.pop(_EDITOR, None)


def _submit() -> None:
    """on_click of the sign-in form: the password is read from the session, then removed from it."""
    candidate = st.session_state.pop("roles_password", "")
    try:
        sign_in(candidate)
    except access.SignInRefused as exc:
        st.session_state["roles_refused"] = str(exc)


def sidebar() -> None:
    """The role in the sidebar: local mode, another device's reading, the sign-in form, or the editor's
    sign-out button."""
    with st.sidebar:
        if not from_serving_computer() and not remote_sign_in():
            st.caption("📱 Lecture seule depuis cet appareil : on explore et on vote ; les modifications se font "
                       "sur l'ordinateur qui sert l'application.")
        elif not protected():
            st.caption("🖥️ Mode local, un seul utilisateur : tout est modifiable depuis cet ordinateur. Les "
                       "autres appareils du réseau, s'il est ouvert, ne peuvent que voter.")
        elif is_editor():
            st.caption("✏️ Connecté comme éditeur : vous pouvez modifier les données.")
            st.button("Se déconnecter", key="roles_sign_out", on_click=sign_out)
        else:
            st.caption("👀 Lecture seule : explorer, présenter et voter restent possibles.")
            with st.form("roles_sign_in", clear_on_submit=True, border=True):
                st.text_input("Mot de passe éditeur", type="password", key="roles_password")
                st.form_submit_button("Se connecter comme éditeur", on_click=_submit)
        refused = st.session_state.pop("roles_refused", None)
        if refused:
            st.error(refused)
