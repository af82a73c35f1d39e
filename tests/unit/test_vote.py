"""The room's vote (otmodel.presentation.vote) through the app's door to the database (otmodel.db.Database, as
the vote page writes: `write(vote.cast, …, scope="votes")`): one ballot per voter and round, a ballot sent again
replaces hers, a closed or replaced round refuses ballots, 60 voters at once, the presence count, and what the
results say they count. On the small hand-checked territory with two saved scenarios."""

from __future__ import annotations

import json
import threading

import pytest

from otmodel import db
from otmodel.model import engine
from otmodel.model.scenario import parse_scenario
from otmodel.presentation import settings, story, vote
from otmodel.scenarios import store
from otmodel.scenarios.store import SavedScenario

PHOTO, PACK = "Photos à 200 €", "Pack à 800 €"
RIGID = {"elasticity": {"default": 0}}  # demand unchanged: the figures of tests/unit/test_presentation.py
ROOM = 60


@pytest.fixture
def door(small_path):
    """The app's Database on the small territory, with two saved scenarios; no role guard (votes need none)."""
    with db.connect(small_path) as con:
        for name, offers in ((PHOTO, {"PHOTO": {"mode": "paid", "price": 200}}),
                             (PACK, {"PACK": {"mode": "paid", "price": 800}})):
            store.save(con, SavedScenario(parse_scenario({"name": name, "assumptions": RIGID, "offers": offers})))
    found = db.Database(small_path)
    yield found
    found.close()


def voters(count: int) -> list[str]:
    return [vote.new_voter() for _ in range(count)]


def ballots(door, round_id: int) -> list[tuple[str, dict, int]]:
    """The round's rows as stored: voter, ratings, how many ballots of hers were replaced."""
    rows = door.read(lambda con: con.execute("SELECT voter, ratings, replaced FROM votes WHERE round_id = ? "
                                             "ORDER BY voter", [round_id]).fetchall())
    return [(voter, json.loads(ratings), replaced) for voter, ratings, replaced in rows]


def at_once(actions: list) -> list[Exception | None]:
    """Run every action in a thread of its own, all released together (as 60 phones pressing « Voter »)."""
    start = threading.Barrier(len(actions))
    outcomes: list[Exception | None] = [None] * len(actions)

    def run(i: int) -> None:
        start.wait()
        try:
            actions[i]()
        except Exception as exc:  # kept to assert on: a lost ballot must show
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def cast(door, round_id: int, voter: str, ratings: dict, favourite=None, comment=""):
    return lambda: door.write(vote.cast, round_id, voter, ratings, favourite, comment, scope="votes")


def test_sixty_voters_at_once_are_sixty_rows_each_voter_once(door):
    opened = door.write(vote.open_round, [PHOTO, PACK], scope="vote_rounds")
    room = voters(ROOM)
    outcomes = at_once([cast(door, opened.id, voter, {PHOTO: 1 + i % 5}, PACK if i % 3 == 0 else None)
                        for i, voter in enumerate(room)])
    assert outcomes == [None] * ROOM
    stored = ballots(door, opened.id)
    assert sorted(row[0] for row in stored) == sorted(room) and len(stored) == ROOM
    found = door.read(vote.results, opened)
    table = found.table.set_index("scenario")
    # Ratings 1..5 twelve times each: mean 3; a favourite every third voter: 20.
    assert found.voters == ROOM and table.loc[PHOTO, "ratings"] == ROOM and table.loc[PHOTO, "mean"] == 3
    assert table.loc[PACK, "favourite"] == 20 and table.loc[PACK, "ratings"] == 0 and found.replaced == 0


def test_a_voter_voting_twice_at_once_is_one_row_holding_one_of_her_ballots(door):
    opened = door.write(vote.open_round, [PHOTO, PACK], scope="vote_rounds")
    her = vote.new_voter()
    outcomes = at_once([cast(door, opened.id, her, {PHOTO: 2}), cast(door, opened.id, her, {PHOTO: 5})])
    assert outcomes == [None, None]
    (stored,) = ballots(door, opened.id)
    assert stored[0] == her and stored[1] in ({PHOTO: 2}, {PHOTO: 5}) and stored[2] == 1


def test_voting_again_replaces_the_ballot_and_the_results_say_so(door):
    opened = door.write(vote.open_round, [PHOTO, PACK], scope="vote_rounds")
    anne, bruno = voters(2)
    door.write(vote.cast, opened.id, anne, {PHOTO: 2, PACK: 5}, PACK, "<img src=x> **bravo**", scope="votes")
    door.write(vote.cast, opened.id, bruno, {PHOTO: 4}, PHOTO, scope="votes")
    again = door.write(vote.cast, opened.id, bruno, {PHOTO: 3, PACK: 4}, PACK, "  ", scope="votes")
    assert again.ratings == {PHOTO: 3, PACK: 4} and again.favourite == PACK and again.comment is None
    assert again.replaced == 1
    found = door.read(vote.results, opened)
    table = found.table.set_index("scenario")
    assert found.voters == 2 and found.replaced == 1
    assert table.loc[PHOTO, "mean"] == pytest.approx(2.5) and table.loc[PACK, "mean"] == pytest.approx(4.5)
    assert table.loc[PACK, "favourite"] == 2 and table.loc[PHOTO, "favourite"] == 0
    assert found.comments == ["<img src=x> **bravo**"]
    assert found.counted() == ("2 participants ont voté : un bulletin chacun, le dernier envoyé ; 1 bulletin "
                               "remplacé par un plus récent ne compte pas.")
    assert door.read(vote.ballot, opened.id, anne).comment == "<img src=x> **bravo**"
    assert door.read(vote.ballot, opened.id, vote.new_voter()) is None


def test_what_the_results_count_in_words(door):
    opened = door.write(vote.open_round, [PHOTO], scope="vote_rounds")
    assert door.read(vote.results, opened).counted() == "Aucun bulletin reçu pour ce vote."
    her = vote.new_voter()
    for rating in (1, 2, 3):
        door.write(vote.cast, opened.id, her, {PHOTO: rating}, scope="votes")
    assert door.read(vote.results, opened).counted() == (
        "1 participant a voté : un bulletin chacun, le dernier envoyé ; 2 bulletins remplacés par un plus récent "
        "ne comptent pas.")


def test_a_ballot_after_closing_is_refused_and_never_counted(door):
    opened = door.write(vote.open_round, [PHOTO, PACK], scope="vote_rounds")
    anne, bruno = voters(2)
    door.write(vote.cast, opened.id, anne, {PHOTO: 1}, scope="votes")
    closed = door.write(vote.close_round, scope="vote_rounds")
    assert not closed.is_open and closed.closed_at >= closed.opened_at
    with pytest.raises(vote.VoteError, match=f"Le vote a été clos à {closed.closed_at:%H:%M} : ce bulletin n'a "
                                             "pas été compté"):
        door.write(vote.cast, opened.id, bruno, {PHOTO: 5}, scope="votes")
    with pytest.raises(vote.VoteError, match="clos"):  # not even a change of a ballot already counted
        door.write(vote.cast, opened.id, anne, {PHOTO: 5}, scope="votes")
    assert [row[1] for row in ballots(door, opened.id)] == [{PHOTO: 1}]


def test_closing_while_the_room_votes_freezes_the_round(door):
    """Ballots racing « Clore le vote »: each is either stored before the closing or refused — never stored
    after it (the results then hold exactly the ballots that were accepted)."""
    opened = door.write(vote.open_round, [PHOTO, PACK], scope="vote_rounds")
    room = voters(ROOM)
    actions = [cast(door, opened.id, voter, {PHOTO: 4}) for voter in room]
    actions.insert(ROOM // 2, lambda: door.write(vote.close_round, scope="vote_rounds"))
    outcomes = at_once(actions)
    accepted = {voter for voter, outcome in zip(room, outcomes[:ROOM // 2] + outcomes[ROOM // 2 + 1:], strict=True)
                if outcome is None}
    refused = [o for o in outcomes if o is not None]
    assert all(isinstance(o, vote.VoteError) and "clos" in str(o) for o in refused)
    assert len(accepted) + len(refused) == ROOM
    assert {row[0] for row in ballots(door, opened.id)} == accepted
    closed_at = door.read(vote.latest).closed_at
    assert door.read(lambda con: con.execute("SELECT count(*) FROM votes WHERE voted_at > ?",
                                             [closed_at]).fetchone()[0]) == 0


def test_a_new_round_never_mixes_with_the_old_one(door):
    first = door.write(vote.open_round, [PHOTO, PACK], scope="vote_rounds")
    her = vote.new_voter()
    door.write(vote.cast, first.id, her, {PHOTO: 1}, scope="votes")
    second = door.write(vote.open_round, [PHOTO, PACK], scope="vote_rounds")  # same scenarios, a new vote
    # Her page still shows the first round's form: that ballot is refused, not poured into the second one.
    with pytest.raises(vote.VoteError, match="Un nouveau vote a été ouvert depuis : ce bulletin n'a pas été compté"):
        door.write(vote.cast, first.id, her, {PHOTO: 5}, scope="votes")
    assert door.read(vote.results, second).voters == 0
    door.write(vote.cast, second.id, her, {PACK: 5}, scope="votes")
    assert door.read(vote.ballot, first.id, her).ratings == {PHOTO: 1}  # the first round is kept as it was
    assert door.read(vote.ballot, second.id, her).ratings == {PACK: 5}
    assert [r.id for r in door.read(vote.rounds)] == [second.id, first.id] and not door.read(vote.rounds)[1].is_open
    with pytest.raises(vote.VoteError, match="n'existe pas"):
        door.write(vote.cast, second.id + 1, her, {PACK: 5}, scope="votes")


@pytest.mark.parametrize(("ratings", "favourite", "comment", "message"), [
    ({"Autre": 3}, None, "", "ne fait pas partie de ce vote"),
    ({PHOTO: 6}, None, "", "de 1 à 5"),
    ({}, None, "", "Notez au moins un scénario"),
    ({PHOTO: 3}, None, "x" * 281, "trop long"),
])
def test_bad_ballots_are_refused(door, ratings, favourite, comment, message):
    opened = door.write(vote.open_round, [PHOTO, PACK], scope="vote_rounds")
    with pytest.raises(vote.VoteError, match=message):
        door.write(vote.cast, opened.id, vote.new_voter(), ratings, favourite, comment, scope="votes")
    assert door.read(vote.results, opened).voters == 0


@pytest.mark.parametrize("token", ["session-a", "", None, "A" * 32, "0" * 31, "0" * 32 + "\n", "'; DROP"])
def test_only_voter_tokens_vote(door, token):
    opened = door.write(vote.open_round, [PHOTO], scope="vote_rounds")
    assert not vote.is_voter(token)
    with pytest.raises(vote.VoteError, match="identifiant de participant"):
        door.write(vote.cast, opened.id, token, {PHOTO: 3}, scope="votes")
    assert vote.is_voter(vote.new_voter()) and vote.new_voter() != vote.new_voter()


def test_a_vote_needs_scenarios_and_a_qr_code_is_an_svg():
    with pytest.raises(vote.VoteError, match="Choisissez d'abord"):
        vote.open_round(None, [])
    svg = vote.qr_svg("http://192.168.1.20:8501/vote")
    assert svg.startswith("<svg") and "<path" in svg


def test_each_card_of_the_vote_says_what_its_scenario_does_to_the_target(door):
    """From the baseline (result −50 €, target 1 000 € of result): « Photos à 200 € » reaches 80 € (−920 €),
    « Pack à 800 € » 1 170 € (+170 €). A scenario deleted since the vote opened gets no figure."""
    found = door.read(vote.scenario_totals, (PHOTO, PACK, "Supprimé depuis"))
    assert list(found) == [PHOTO, PACK]
    assert (found[PHOTO].margin, found[PHOTO].gap) == pytest.approx((80, -920))
    assert (found[PACK].margin, found[PACK].gap) == pytest.approx((1170, 170))


def test_presence_counts_the_pages_heard_from_lately():
    now = [1000.0]
    room = vote.Presence(clock=lambda: now[0])
    anne, bruno = voters(2)
    room.seen(anne)
    room.seen(bruno)
    room.seen(anne)  # the same participant twice: still one
    assert room.connected() == 2
    now[0] += vote.Presence.LIVE_S - 1
    room.seen(bruno)
    now[0] += 2  # anne's page went silent LIVE_S + 1 seconds ago (phone asleep, tab closed)
    assert room.connected() == 1


def test_the_story_quotes_the_room_with_what_it_counts(door, small_path):
    opened = door.write(vote.open_round, [PHOTO, PACK], scope="vote_rounds")
    for rating in (5, 4):
        door.write(vote.cast, opened.id, vote.new_voter(), {PACK: rating}, PACK, scope="votes")
    found = door.read(vote.results, opened)

    def build(con):
        facts = engine.load_facts(con)
        shown = story.shown_from(facts, [(store.load(con, n), store.get(con, n)) for n in (PHOTO, PACK)])
        return story.build(con, facts, shown, settings.Settings((PHOTO, PACK), PACK), found)

    recommendation = door.read(build).sections[-1]
    assert (f"En séance du {opened.opened_at:%d/%m/%Y}, 2 participants ont voté : ce scénario est noté 4,5 / 5 en "
            "moyenne et préféré par 2 d'entre eux.") in recommendation.points
