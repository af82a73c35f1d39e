"""Editor or viewer: the session's role, the sign-in form, and the guard every write goes through.

With an editor password configured (see otmodel.access), a session reads, presents and votes; it writes only
once signed in as editor. Without one, the app is in local single-user mode: every session may write.

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


def is_editor() -> bool:
    return bool(st.session_state.get(_EDITOR))


def can_write() -> bool:
    """Whether this session may write: signed in as editor, or no password configured."""
    return not protected() or is_editor()


def require_editor() -> None:
    """Refuse (access.ReadOnly, a French message) a write asked by a viewer. Call it before writing."""
    if not can_write():
        raise access.ReadOnly()


def can_see_emails() -> bool:
    """E-mails are personal data: only a session that may write can ask to see them."""
    return can_write()


def read_only_note() -> None:
    """Where a page's write controls would be, for a viewer."""
    if not can_write():
        st.info("🔒 Lecture seule : connectez-vous comme éditeur (barre latérale) pour modifier.")


def sign_in(candidate: str) -> None:
    """Become editor with the right password; access.SignInRefused otherwise (slowed down after failures)."""
    stored = _stored_hash()
    if stored is None:
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
    """The role in the sidebar: local mode, or the sign-in form, or the editor's sign-out button."""
    with st.sidebar:
        if not protected():
            st.caption("🖥️ Mode local, un seul utilisateur : tout est modifiable depuis cet ordinateur. "
                       "Définissez un mot de passe éditeur pour ouvrir l'application au réseau.")
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
