"""Trust (issue 9): the editor password and where the app listens (otmodel.access, otmodel.cli.serve), the data
version every write moves (otmodel.db), saved scenarios that are never silently overwritten (store, working),
and a scenario naming offers that the data no longer has."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from otmodel import access, db
from otmodel.cli import serve
from otmodel.data import backup, exports, importer
from otmodel.model.scenario import Scenario, ScenarioError
from otmodel.scenarios import store
from otmodel.scenarios.working import WorkingScenario

PHOTO = {"offers": {"PHOTO": {"mode": "paid", "price": 180.0}}}


# --- the editor password -----------------------------------------------------------------------------

def test_password_from_the_environment_first_then_the_secrets_file(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('editor_password = "du fichier"\n', encoding="utf-8")
    assert access.configured_password({access.PASSWORD_ENV: "de l'env"}, (secrets,)) == "de l'env"
    assert access.configured_password({}, (tmp_path / "absent.toml", secrets)) == "du fichier"
    assert access.configured_password({}, (tmp_path / "absent.toml",)) is None
    broken = tmp_path / "broken.toml"
    broken.write_text("editor_password = ", encoding="utf-8")
    assert access.configured_password({}, (broken,)) is None


def test_only_a_salted_hash_is_kept_and_it_checks_the_password():
    stored = access.PasswordHash.of("séminaire 2026")
    assert stored.matches("séminaire 2026")
    assert not stored.matches("seminaire 2026") and not stored.matches("")
    assert "séminaire" not in repr(stored) and stored.digest != b"s\xc3\xa9minaire 2026"
    assert access.PasswordHash.of("séminaire 2026").salt != stored.salt  # a new salt each time


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_repeated_failures_are_slowed_down_then_forgiven_after_a_success():
    clock = Clock()
    throttle = access.Throttle(clock)
    stored = access.PasswordHash.of("juste")
    for _ in range(access.Throttle.FREE):  # three free attempts
        with pytest.raises(access.SignInRefused, match="Mot de passe incorrect"):
            access.sign_in(stored, "faux", throttle)
    with pytest.raises(access.SignInRefused, match="Trop de tentatives : réessayez dans 3 s"):
        access.sign_in(stored, "juste", throttle)  # even the right one must wait 2 s after the 3rd failure
    clock.now += 2.0
    with pytest.raises(access.SignInRefused, match="Mot de passe incorrect"):
        access.sign_in(stored, "faux", throttle)
    assert throttle.wait_left() == 4.0  # 4th failure: 4 s
    clock.now += 4.0
    access.sign_in(stored, "juste", throttle)
    assert throttle.failures == 0 and throttle.wait_left() == 0.0


def test_the_wait_never_exceeds_a_minute():
    clock = Clock()
    throttle = access.Throttle(clock)
    for _ in range(20):
        throttle.failed()
    assert throttle.wait_left() == access.Throttle.MAX_WAIT


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                                ("127.0.0.2", True), ("0.0.0.0", False), ("192.168.1.20", False),
                                                ("salle.local", False)])
def test_loopback_addresses(host, loopback):
    assert access.is_loopback(host) is loopback


def test_serve_keeps_the_config_on_loopback_and_lists_the_hosts_on_the_network():
    local = serve.streamlit_argv("127.0.0.1", 8600, [])
    assert "--server.address" not in local and local[-6:] == ["--server.port", "8600", "--server.headless", "true",
                                                              "--browser.gatherUsageStats", "false"]
    lan = serve.streamlit_argv("192.168.1.20", 8600, ["salle.local"])
    assert lan[lan.index("--server.address") + 1] == "192.168.1.20"
    hosts = [lan[i + 1] for i, arg in enumerate(lan) if arg == "--server.allowedHosts"]
    assert hosts == ["localhost", "127.0.0.1", "192.168.1.20", "salle.local"]
    assert lan[lan.index("--server.enableAgentApi") + 1] == "false"  # no session without a client address


def test_the_shipped_config_listens_on_loopback_and_hides_errors():
    import tomllib

    config = tomllib.loads(Path(".streamlit/config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["allowedHosts"] == ["localhost", "127.0.0.1"]
    assert config["browser"]["serverAddress"] == "localhost"
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["enableAgentApi"] is False
    assert "-m otmodel serve" in Path("Makefile").read_text(encoding="utf-8")


# --- the data version ---------------------------------------------------------------------------------

def test_every_write_moves_the_data_version_a_dry_run_does_not(small_con, tmp_path):
    start = db.data_version(small_con)
    store.save(small_con, store.SavedScenario(Scenario(name="A")))
    after_save = db.data_version(small_con)
    assert after_save > start
    offers = exports.to_csv_bytes(exports.table_frame(small_con, "offres"))
    importer.import_file(small_con, "offres", offers, dry_run=True)
    assert db.data_version(small_con) == after_save
    importer.import_file(small_con, "offres", offers)
    after_import = db.data_version(small_con)
    assert after_import > after_save
    store.delete(small_con, "A")
    assert db.data_version(small_con) > after_import


def test_a_backup_leaves_the_data_version_out_and_a_restore_moves_it_forward(small_con):
    saved = backup.backup_bytes(small_con)
    assert "data_changes" not in backup.read_manifest(saved)["tables"]
    for name in ("A", "B", "C"):
        store.save(small_con, store.SavedScenario(Scenario(name=name)))
    before = db.data_version(small_con)
    backup.restore_bytes(small_con, saved)
    assert db.data_version(small_con) == before + 1  # never back to the backup's older number
    assert store.names(small_con) == []


# --- saved scenarios are never silently overwritten ---------------------------------------------------

def _saved(con, name: str = "Photos") -> WorkingScenario:
    first = WorkingScenario(spec={"offers": {k: dict(v) for k, v in PHOTO["offers"].items()}}, name=name,
                            author="Anne")
    first.save(con)
    return first


def test_the_second_save_of_a_scenario_opened_twice_is_a_conflict(small_con):
    _saved(small_con)
    anne, bruno = WorkingScenario.opened(small_con, "Photos"), WorkingScenario.opened(small_con, "Photos")
    assert anne.loaded_version == bruno.loaded_version == 1
    anne.spec["offers"]["PHOTO"]["price"] = 200.0
    anne.save(small_con)
    bruno.author = "Bruno"
    bruno.spec["offers"]["PHOTO"]["price"] = 150.0
    with pytest.raises(store.ScenarioConflict, match="« Photos » a été modifié par « Anne » le ") as caught:
        bruno.save(small_con)
    assert caught.value.by == "Anne" and caught.value.at is not None
    stored = store.get(small_con, "Photos")
    assert (stored.scenario.offers["PHOTO"].price, stored.version, stored.updated_by) == (200.0, 2, "Anne")


def test_after_a_conflict_save_under_another_name_keeps_both(small_con):
    _saved(small_con)
    bruno = WorkingScenario.opened(small_con, "Photos")
    store.save(small_con, store.get(small_con, "Photos"), by="Anne")
    bruno.spec["offers"]["PHOTO"]["price"] = 150.0
    assert bruno.save_as(small_con, "") == "Vos modifications sont enregistrées sous « Photos (copie) »."
    assert store.get(small_con, "Photos").scenario.offers["PHOTO"].price == 180.0
    assert store.get(small_con, "Photos (copie)").scenario.offers["PHOTO"].price == 150.0
    assert bruno.loaded == "Photos (copie)" and bruno.loaded_version == 1


def test_after_a_conflict_overwrite_is_a_choice(small_con):
    _saved(small_con)
    bruno = WorkingScenario.opened(small_con, "Photos")
    store.save(small_con, store.get(small_con, "Photos"), by="Anne")
    bruno.spec["offers"]["PHOTO"]["price"] = 150.0
    bruno.save(small_con, overwrite=True)
    stored = store.get(small_con, "Photos")
    assert (stored.scenario.offers["PHOTO"].price, stored.version, bruno.loaded_version) == (150.0, 3, 3)
    bruno.save(small_con)  # its own version now: no conflict with itself
    assert store.get(small_con, "Photos").version == 4


def _changed_underneath(con) -> tuple:
    """Anne and Bruno (two sessions, one cursor each) open « Photos » at version 1; Anne saves a new price.
    Returns Bruno's session, his cursor and the stored record after Anne's save."""
    _saved(con)
    anne_con, bruno_con = con.cursor(), con.cursor()
    anne, bruno = WorkingScenario.opened(anne_con, "Photos"), WorkingScenario.opened(bruno_con, "Photos")
    anne.spec["offers"]["PHOTO"]["price"] = 200.0
    anne.save(anne_con)
    return bruno, bruno_con, store.get(con, "Photos")


def test_a_delete_at_an_older_version_is_refused_and_deletes_nothing(small_con):
    bruno, bruno_con, before = _changed_underneath(small_con)
    assert (bruno.loaded_version, before.version) == (1, 2)
    with pytest.raises(store.ScenarioConflict) as caught:
        bruno.delete(bruno_con, confirmed=True)
    assert str(caught.value) == (f"« Photos » a été modifié par « Anne » le {before.updated_at:%d/%m/%Y à %H:%M} "
                                 "depuis que vous l'avez ouvert. Rien n'est supprimé : rouvrez sa version pour la "
                                 "voir, puis recommencez.")
    assert (caught.value.by, caught.value.at) == ("Anne", before.updated_at)
    assert store.get(small_con, "Photos") == before  # Anne's price (200 €) and her version are still there
    assert bruno.loaded == "Photos"  # Bruno's session still holds his scenario: nothing lost on his side either
    with pytest.raises(store.ScenarioConflict):
        store.delete(bruno_con, "Photos", expected_version=1)
    store.delete(bruno_con, "Photos", expected_version=2)  # at the current version it goes
    assert store.names(small_con) == []


def test_a_rename_at_an_older_version_is_refused_and_renames_nothing(small_con):
    bruno, bruno_con, before = _changed_underneath(small_con)
    bruno.name = "Photos à 150 €"
    with pytest.raises(store.ScenarioConflict) as caught:
        bruno.rename(bruno_con)
    assert str(caught.value).endswith("depuis que vous l'avez ouvert. Il n'est pas renommé : rouvrez sa version "
                                      "pour la voir, puis recommencez.")
    assert store.names(small_con) == ["Photos"]
    assert store.get(small_con, "Photos") == before
    assert (bruno.loaded, bruno.loaded_version) == ("Photos", 1)
    # Even keeping the same name: taking the new version silently would let his next save overwrite Anne's.
    with pytest.raises(store.ScenarioConflict):
        store.rename(bruno_con, "Photos", "Photos", expected_version=1)
    renamed = store.rename(bruno_con, "Photos", "Photos à 200 €", expected_version=2)
    assert (renamed.name, renamed.version, renamed.scenario.offers["PHOTO"].price) == ("Photos à 200 €", 3, 200.0)
    assert store.names(small_con) == ["Photos à 200 €"]


def test_without_a_version_rename_and_delete_act_on_what_is_stored(small_con):
    """The command line (and any caller without a session) passes no version: the stored one is used."""
    _, _, before = _changed_underneath(small_con)
    renamed = store.rename(small_con, "Photos", "Photos 2026")
    assert (renamed.version, renamed.scenario.offers["PHOTO"].price, renamed.author) == (3, 200.0, before.author)
    store.delete(small_con, "Photos 2026")
    assert store.names(small_con) == []


def test_a_scenario_deleted_underneath_is_said_gone(small_con):
    bruno, bruno_con, _ = _changed_underneath(small_con)
    store.delete(small_con, "Photos")
    bruno.name = "Autre"
    with pytest.raises(ScenarioError, match="Aucun scénario enregistré ne s'appelle « Photos »"):
        bruno.rename(bruno_con)
    with pytest.raises(ScenarioError, match="Aucun scénario enregistré ne s'appelle « Photos »"):
        bruno.delete(bruno_con, confirmed=True)


def _race(count: int, work) -> tuple[list, list[str]]:
    """Run `work(i)` in `count` threads released together; results and French refusals."""
    barrier, results, refusals = threading.Barrier(count), [], []

    def run(i: int) -> None:
        barrier.wait()
        try:
            results.append(work(i))
        except ScenarioError as exc:
            refusals.append(str(exc))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, refusals


def test_five_sessions_saving_over_one_version_one_wins_four_get_the_conflict(small_con):
    _saved(small_con)
    cursors = [small_con.cursor() for _ in range(5)]
    drafts = [WorkingScenario.opened(cursors[i], "Photos") for i in range(5)]

    def work(i: int) -> str:
        drafts[i].author = f"Poste {i}"
        drafts[i].spec["offers"]["PHOTO"]["price"] = 100.0 + i
        return drafts[i].save(cursors[i])

    results, refusals = _race(5, work)
    assert len(results) == 1 and len(refusals) == 4
    assert all("a été modifié par" in r or "Enregistrez vos modifications sous un autre nom" in r for r in refusals)
    assert store.get(small_con, "Photos").version == 2


def test_five_sessions_saving_the_same_new_name_one_wins_four_are_told(small_con):
    cursors = [small_con.cursor() for _ in range(5)]

    def work(i: int) -> str:
        return WorkingScenario(spec={"offers": {}}, name="Même nom", author=f"Poste {i}").save(cursors[i])

    results, refusals = _race(5, work)
    assert len(results) == 1 and len(refusals) == 4
    assert all("« Même nom »" in r for r in refusals)
    assert store.names(small_con) == ["Même nom"]


def test_twenty_sessions_saving_twenty_scenarios_store_twenty(small_con):
    cursors = [small_con.cursor() for _ in range(20)]
    results, refusals = _race(20, lambda i: WorkingScenario(spec=PHOTO, name=f"S{i:02d}").save(cursors[i]))
    assert (len(results), refusals) == (20, [])
    assert sorted(store.names(small_con)) == [f"S{i:02d}" for i in range(20)]


# --- data that changed underneath ----------------------------------------------------------------------

def test_a_scenario_naming_gone_offers_says_which_and_is_set_aside(small_con):
    _saved(small_con, "Bon")
    spec = '{"name": "Ancien", "offers": {"O-ADHESION": {"mode": "free"}, "O-MARCHE": {"mode": "free"}}}'
    small_con.execute("INSERT INTO scenarios (name, spec) VALUES ('Ancien', ?)", [spec])
    with pytest.raises(ScenarioError, match=r"« offers\.O-ADHESION », « offers\.O-MARCHE » : offres inconnues"):
        store.get(small_con, "Ancien")
    usable, set_aside = store.list_usable(small_con)
    assert [s.name for s in usable] == ["Bon"] and list(set_aside) == ["Ancien"]
    draft = WorkingScenario.opened(small_con, "Ancien")  # opens, so the page can offer to drop them
    assert draft.drop_missing_offers(store.offer_ids(small_con)) == ["O-ADHESION", "O-MARCHE"]
    assert draft.problem(store.offer_ids(small_con)) is None


def test_editing_partners_without_the_email_column_keeps_the_emails(small_con):
    before = exports.table_frame(small_con, "partenaires", include_emails=True)
    assert before["email"].notna().any()
    shown = exports.table_frame(small_con, "partenaires")  # what the grid shows by default
    shown.loc[0, "nom"] = "Nom corrigé"
    importer.import_file(small_con, "partenaires", exports.to_csv_bytes(shown), file_name="modification")
    after = exports.table_frame(small_con, "partenaires", include_emails=True)
    assert after.loc[0, "nom"] == "Nom corrigé"
    assert after["email"].tolist() == before["email"].tolist()
