"""Vote de la salle and the room (AppTest) on the destination demo with its saved scenarios: a participant's vote
found again after a reload, replaced when she votes again, refused once the vote is closed or replaced; the
presenter's live counts; and a session from another device (its address as the server saw it, here set by
monkeypatching roles.client_address) that votes and writes nothing — unless over HTTPS, signed in."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from otmodel import access, db
from otmodel.demo import scenarios as demo_scenarios
from otmodel.presentation import settings, vote
from otmodel.scenarios import store
from otmodel.ui import presentation as room
from otmodel.ui import roles

from .pagetest import APP, metric, run_page

PASSWORD = "mot de passe du séminaire"
ROOM_DEVICE = "10.99.0.7"


@pytest.fixture
def presented(demo_copy):
    """The destination demo with its saved scenarios: the database and the scenarios the presentation shows."""
    path = demo_copy("destination")
    with db.connect(path) as con:
        demo_scenarios.install(con, "destination")
        names = settings.shown_scenarios(con, settings.load(con))
    return path, names


@pytest.fixture
def from_the_room(monkeypatch):
    """Sessions from another device of the network (the server saw this address, not loopback)."""
    monkeypatch.setattr(roles, "client_address", lambda: ROOM_DEVICE)


@pytest.fixture
def protected(monkeypatch):
    monkeypatch.setenv(access.PASSWORD_ENV, PASSWORD)
    monkeypatch.setattr(roles, "_THROTTLE", access.Throttle())


def open_vote(path, names) -> vote.Round:
    with db.connect(path) as con:
        return vote.open_round(con, names)


def stored(path, round_id: int) -> list[tuple]:
    with db.connect(path) as con:
        return con.execute("SELECT voter, ratings, favourite, comment, replaced FROM votes WHERE round_id = ?",
                           [round_id]).fetchall()


def forced(button):
    """A click on a button drawn disabled, as a browser whose page was edited would send it."""
    button.proto.disabled = False
    return button.click()


def phone(path, monkeypatch, token: str | None = None) -> AppTest:
    """A new browser session opened on the vote page (the QR code's address); `token`: the voter token its
    address carries — a reload, or a tab the phone brings back."""
    monkeypatch.setenv("OTMODEL_DB", str(path))
    at = AppTest.from_file(str(APP), default_timeout=60)
    if token:
        at.query_params[room.VOTER_PARAM] = token
    at.switch_page("views/vote.py")
    return at.run()


def test_a_participant_votes_reloads_finds_her_vote_and_votes_again(presented, monkeypatch):
    path, names = presented
    opened = open_vote(path, names)
    at = phone(path, monkeypatch)
    assert not at.exception and at.title[0].value == "🗳️ Votre avis sur les scénarios"
    token = at.query_params[room.VOTER_PARAM]
    assert vote.is_voter(token)  # in the page's address from her first run
    at.radio(key=f"vote_{opened.id}_0").set_value(4)
    at.radio(key=f"vote_{opened.id}_favourite").set_value(names[0])
    at.text_input(key=f"vote_{opened.id}_comment").input("Très <b>clair</b>")
    at.button(key="vote_cast").click().run()
    assert not at.exception and "votre vote est enregistré" in at.success[-1].value
    assert stored(path, opened.id) == [(token, f'{{"{names[0]}": 4}}', names[0], "Très <b>clair</b>", 0)]

    again = phone(path, monkeypatch, token)  # the reload: a new session, the same address
    assert again.query_params[room.VOTER_PARAM] == token
    assert again.success[0].value.startswith("Votre vote est pris en compte")
    assert again.success[0].value.endswith("Un seul vote par participant : en votant de nouveau, vous le remplacez.")
    assert again.text[0].value == f"{names[0]} : 4 / 5\nPréféré : {names[0]}\nCommentaire : « Très <b>clair</b> »"
    assert again.radio(key=f"vote_{opened.id}_0").value == 4  # her ballot is back in the form
    assert again.text_input(key=f"vote_{opened.id}_comment").value == "Très <b>clair</b>"
    again.radio(key=f"vote_{opened.id}_0").set_value(2)
    again.radio(key=f"vote_{opened.id}_1").set_value(5)
    again.button(key="vote_cast").click().run()
    assert stored(path, opened.id) == [(token, f'{{"{names[0]}": 2, "{names[1]}": 5}}', names[0],
                                        "Très <b>clair</b>", 1)]  # one voter, her second ballot kept
    assert again.text[0].value.startswith(f"{names[0]} : 2 / 5\n{names[1]} : 5 / 5\n")


def test_a_ballot_sent_after_closing_is_refused_and_not_counted(presented, monkeypatch):
    path, names = presented
    opened = open_vote(path, names)
    at = phone(path, monkeypatch)
    at.radio(key=f"vote_{opened.id}_0").set_value(5)
    with db.connect(path) as con:
        closed = vote.close_round(con)  # « Clore le vote », while her page still shows the ballot
    at.button(key="vote_cast").click().run()
    assert not at.exception
    assert at.error[0].value == f"Le vote a été clos à {closed.closed_at:%H:%M} : ce bulletin n'a pas été compté."
    assert at.info[0].value.startswith("Le vote est clos depuis") and not at.get("button")
    assert stored(path, opened.id) == []


def test_after_closing_she_sees_her_ballot_and_no_invitation_to_vote_again(presented, monkeypatch):
    path, names = presented
    opened = open_vote(path, names)
    at = phone(path, monkeypatch)
    at.radio(key=f"vote_{opened.id}_0").set_value(3)
    at.button(key="vote_cast").click().run()
    with db.connect(path) as con:
        vote.close_round(con)
    at.run()
    assert at.info[0].value.startswith("Le vote est clos depuis") and not at.get("button")
    assert at.success[0].value.startswith("Votre vote est pris en compte (envoyé à ")
    assert "en votant de nouveau" not in at.success[0].value and at.text[0].value == f"{names[0]} : 3 / 5"


def test_a_ballot_for_a_replaced_round_is_refused_and_the_new_round_starts_empty(presented, monkeypatch):
    path, names = presented
    first = open_vote(path, names)
    at = phone(path, monkeypatch)
    at.radio(key=f"vote_{first.id}_0").set_value(1)
    second = open_vote(path, names)  # « Nouveau vote » on the same scenarios
    at.button(key="vote_cast").click().run()
    assert "Un nouveau vote a été ouvert depuis : ce bulletin n'a pas été compté." in at.error[0].value
    assert at.radio(key=f"vote_{second.id}_0").value is None
    assert stored(path, first.id) == [] and stored(path, second.id) == []


def test_the_vote_page_says_when_no_vote_is_open(presented, monkeypatch):
    path, _ = presented
    at = phone(path, monkeypatch)
    assert not at.exception and "Aucun vote n'est ouvert" in at.info[0].value


def test_the_presenter_sees_participants_and_votes_and_what_they_count(presented, monkeypatch):
    path, names = presented
    opened = open_vote(path, names)
    voter = phone(path, monkeypatch)  # on the vote page: connected
    with db.connect(path) as con:
        for rating in (3, 4):
            vote.cast(con, opened.id, voter.query_params[room.VOTER_PARAM], {names[0]: rating})
        vote.cast(con, opened.id, vote.new_voter(), {names[1]: 5})
    at = run_page(path, "views/presentation/page.py", monkeypatch)
    at.query_params["atelier"] = "1"
    at.run()
    assert not at.exception
    assert metric(at, "Participants connectés") == "1" and metric(at, "Votes reçus") == "2"
    captions = [c.value for c in at.caption]
    assert "Les appareils de la salle peuvent voter ; ils ne peuvent rien modifier." in captions
    assert ("2 participants ont voté : un bulletin chacun, le dernier envoyé ; 1 bulletin remplacé par un plus "
            "récent ne compte pas.") in captions
    assert "2 vote(s) — vote ouvert" in [s.value for s in at.subheader]


def test_with_an_editor_password_a_viewer_votes_but_cannot_administer_the_vote(presented, monkeypatch, protected):
    path, names = presented
    opened = open_vote(path, names)
    at = run_page(path, "views/presentation/page.py", monkeypatch)
    choices = next(b for b in at.get("form_submit_button") if b.label == "Enregistrer les choix")
    assert choices.disabled
    at.query_params["atelier"] = "1"
    at.run()
    assert at.button(key="pr_vote_open").disabled and at.button(key="pr_vote_close").disabled
    at.switch_page("views/vote.py").run()
    at.radio(key=f"vote_{opened.id}_1").set_value(5)
    at.button(key="vote_cast").click().run()
    assert not at.exception and "votre vote est enregistré" in at.success[-1].value
    assert len(stored(path, opened.id)) == 1


# --- another device --------------------------------------------------------------------------------------------


def test_another_device_only_votes_whatever_page_it_asks_for(presented, monkeypatch, from_the_room, protected):
    path, names = presented
    opened = open_vote(path, names)
    at = run_page(path, "views/vote.py", monkeypatch)  # its first run asked for the Synthèse
    for page in ("views/donnees/page.py", "views/scenarios/page.py", "views/presentation/page.py", "views/vote.py"):
        at.switch_page(page).run()
        assert not at.exception and at.title[0].value == "🗳️ Votre avis sur les scénarios", page
        assert len(at.sidebar) == 0  # no sidebar: no sign-in form, no navigation
        assert not at.get("file_uploader") and not at.get("text_input")[1:]  # only her comment
        assert [b.label for b in at.get("button")] == ["Voter"]
    at.radio(key=f"vote_{opened.id}_0").set_value(3)
    at.button(key="vote_cast").click().run()
    assert "votre vote est enregistré" in at.success[-1].value and len(stored(path, opened.id)) == 1


def test_a_forced_write_from_another_device_is_refused_by_the_server(presented, monkeypatch):
    """The director let the room read (serve --room-reads) and set no password: another device sees write
    controls disabled (Streamlit 1.67 itself discards a click forged on a disabled widget). The guard behind
    them: a button drawn enabled whose click comes from another device (a crafted message) is refused too —
    being another device is the only reason."""
    path, _ = presented
    monkeypatch.setenv(access.ROOM_READS_ENV, "1")
    monkeypatch.delenv(access.PASSWORD_ENV, raising=False)
    address = {"now": ROOM_DEVICE}
    monkeypatch.setattr(roles, "client_address", lambda: address["now"])
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    assert any("Lecture seule depuis cet appareil" in c.value for c in at.sidebar.caption)
    assert not at.sidebar.get("text_input")  # no password field: it would cross the network
    assert at.button(key="sc_save").disabled and at.button(key="sc_delete").disabled
    assert "Lecture seule depuis cet appareil : on modifie depuis l'ordinateur qui sert l'application." in [
        i.value for i in at.info]
    address["now"] = None  # drawn for the serving computer…
    at.text_input(key="sc_name").input("Depuis la salle").run()
    assert not at.button(key="sc_save").disabled
    address["now"] = ROOM_DEVICE  # …clicked from the room
    at.button(key="sc_save").click().run()
    assert any(access.FROM_THE_ROOM in e.value for e in at.error)
    at.query_params["atelier"] = "1"
    address["now"] = None
    at.switch_page("views/presentation/page.py").run()
    address["now"] = ROOM_DEVICE  # a button of the page's body is drawn again, disabled: Streamlit drops the click
    at.button(key="pr_vote_open").click().run()
    with db.connect(path) as con:
        assert not store.exists(con, "Depuis la salle") and vote.latest(con) is None


def test_over_https_a_remote_editor_signs_in_and_without_it_the_sign_in_is_refused(presented, monkeypatch,
                                                                                       from_the_room, protected):
    path, _ = presented
    monkeypatch.setenv(access.ROOM_READS_ENV, "1")  # the sidebar stays when HTTPS goes: the refusal shows there
    monkeypatch.setattr(roles, "over_tls", lambda: True)
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    assert at.button(key="sc_save").disabled
    at.text_input(key="roles_password").input(PASSWORD)
    monkeypatch.setattr(roles, "over_tls", lambda: False)  # the same form, sent to a server without HTTPS
    at.button[[b.label for b in at.button].index("Se connecter comme éditeur")].click().run()
    assert access.NEEDS_TLS in [e.value for e in at.sidebar.error]
    assert roles._THROTTLE.failures == 0  # refused before the password was even looked at
    monkeypatch.setattr(roles, "over_tls", lambda: True)
    at.run()
    at.text_input(key="roles_password").input(PASSWORD)
    at.button[[b.label for b in at.button].index("Se connecter comme éditeur")].click().run()
    assert any("Connecté comme éditeur" in c.value for c in at.sidebar.caption)
    at.text_input(key="sc_name").input("Depuis la salle, en HTTPS").run()
    at.button(key="sc_save").click().run()
    assert any("enregistré" in s.value for s in at.success)
    with db.connect(path) as con:
        assert store.exists(con, "Depuis la salle, en HTTPS")


def test_with_streamlits_agent_api_on_no_session_is_the_serving_computer(presented, monkeypatch):
    """The agent API (kept off) drives sessions over HTTP with no client address — which is also how loopback
    reads: were it on, even a session without an address would be the room."""
    from streamlit import config

    path, _ = presented
    monkeypatch.delenv(access.PASSWORD_ENV, raising=False)
    monkeypatch.setattr(roles, "client_address", lambda: None)
    config.set_option("server.enableAgentApi", True)
    try:
        at = run_page(path, "views/donnees/page.py", monkeypatch)
    finally:
        config.set_option("server.enableAgentApi", False)
    assert at.title[0].value == "🗳️ Votre avis sur les scénarios" and not at.get("file_uploader")
