"""Roles on the pages (AppTest): with an editor password, a visitor reads; the guard refuses a write even when
the button is forced; the right password makes an editor. Without a password: local single-user mode."""

from __future__ import annotations

import pytest

from otmodel import access, db
from otmodel.scenarios import store
from otmodel.ui import roles
from tests.pages.pagetest import run_page

PASSWORD = "mot de passe du séminaire"


@pytest.fixture
def protected(monkeypatch):
    monkeypatch.setenv(access.PASSWORD_ENV, PASSWORD)
    monkeypatch.setattr(roles, "_THROTTLE", access.Throttle())  # each test starts with no failure


def _sign_in(at, password: str):
    at.text_input(key="roles_password").input(password)
    at.button[[b.label for b in at.button].index("Se connecter comme éditeur")].click().run()
    return at


def test_without_a_password_the_sidebar_says_local_mode(small_path, monkeypatch):
    monkeypatch.delenv(access.PASSWORD_ENV, raising=False)
    at = run_page(small_path, "views/scenarios/page.py", monkeypatch)
    assert any("Mode local, un seul utilisateur" in c.value for c in at.sidebar.caption)
    assert not at.button(key="sc_save").disabled


def test_a_visitor_sees_no_enabled_write_control(small_path, monkeypatch, protected):
    at = run_page(small_path, "views/scenarios/page.py", monkeypatch)
    assert any("Lecture seule" in c.value for c in at.sidebar.caption)
    for key in ("sc_save", "sc_duplicate", "sc_rename", "sc_delete"):
        assert at.button(key=key).disabled
    assert at.checkbox(key="sc_confirm_delete").disabled
    at.switch_page("views/donnees/page.py").run()
    assert not at.exception
    assert len(at.get("file_uploader")) == 0  # neither import nor restore
    labels = [b.label for b in at.button]
    assert not {"📥 Importer", "💾 Enregistrer les modifications", "Préparer la sauvegarde", "Restaurer"} & set(labels)
    assert len(at.dataframe) >= 1 and "Afficher les e-mails (données personnelles)" not in [
        c.label for c in at.checkbox]


def test_the_guard_refuses_a_write_from_a_session_that_is_no_longer_editor(small_path, monkeypatch, protected):
    at = _sign_in(run_page(small_path, "views/scenarios/page.py", monkeypatch), PASSWORD)
    at.text_input(key="sc_name").input("Forcé").run()
    # The button was drawn enabled; the role is gone before the click reaches the server (a crafted message):
    # the callback itself must refuse.
    at.session_state["_otmodel_editor"] = False
    at.button(key="sc_save").click().run()
    assert not at.exception
    assert any("Lecture seule : connectez-vous comme éditeur" in e.value for e in at.error)
    with db.connect(small_path) as con:  # the app's connection is cached in this process: same configuration
        assert store.names(con) == []


def test_a_wrong_password_is_refused_the_right_one_makes_an_editor(small_path, monkeypatch, protected):
    at = run_page(small_path, "views/scenarios/page.py", monkeypatch)
    _sign_in(at, "pas le bon")
    assert any("Mot de passe incorrect" in e.value for e in at.sidebar.error)
    assert at.button(key="sc_save").disabled
    assert at.text_input(key="roles_password").value == ""  # not kept in the session
    _sign_in(at, PASSWORD)
    assert any("Connecté comme éditeur" in c.value for c in at.sidebar.caption)
    assert not at.button(key="sc_save").disabled
    at.text_input(key="sc_name").input("Par l'éditeur").run()
    at.button(key="sc_save").click().run()
    assert any("enregistré" in s.value for s in at.success)
    at.switch_page("views/donnees/page.py").run()
    assert len(at.get("file_uploader")) == 2  # import and restore
    at.checkbox(key="edit_emails").check().run()
    assert not at.exception
