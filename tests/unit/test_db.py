"""Migrations, transactions and the French message for a locked database."""

import pytest

from otmodel import db


def test_new_database_is_migrated_to_the_latest_version(tmp_path):
    con = db.connect(tmp_path / "new.duckdb")
    assert db.schema_version(con) == max(db.MIGRATIONS)
    versions = [row[0] for row in con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()]
    assert versions == sorted(db.MIGRATIONS)
    assert set(db.row_counts(con)) == set(db.DATA_TABLES)


def test_migrations_run_once(tmp_path):
    path = tmp_path / "twice.duckdb"
    db.connect(path).close()
    con = db.connect(path)
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(db.MIGRATIONS)


def test_a_failed_transaction_writes_nothing(empty_con):
    with pytest.raises(RuntimeError), db.transaction(empty_con):
        empty_con.execute("INSERT INTO besoins VALUES ('X', 'Thème', 3, NULL, NULL)")
        raise RuntimeError("boom")
    assert empty_con.execute("SELECT count(*) FROM besoins").fetchone()[0] == 0


def test_an_inner_transaction_joins_the_outer_one(empty_con):
    with db.transaction(empty_con):
        empty_con.execute("INSERT INTO besoins VALUES ('X', 'Thème', 3, NULL, NULL)")
        with db.transaction(empty_con):
            empty_con.execute("INSERT INTO besoins VALUES ('Y', 'Thème', 4, NULL, NULL)")
        # The inner block did not commit: a failure now still undoes both rows.
        assert empty_con.execute("SELECT count(*) FROM besoins").fetchone()[0] == 2
    assert empty_con.execute("SELECT count(*) FROM besoins").fetchone()[0] == 2


def test_a_failure_in_an_inner_transaction_undoes_the_outer_one(empty_con):
    with pytest.raises(RuntimeError), db.transaction(empty_con):
        empty_con.execute("INSERT INTO besoins VALUES ('X', 'Thème', 3, NULL, NULL)")
        with db.transaction(empty_con):
            empty_con.execute("INSERT INTO besoins VALUES ('Y', 'Thème', 4, NULL, NULL)")
            raise RuntimeError("boom")
    assert empty_con.execute("SELECT count(*) FROM besoins").fetchone()[0] == 0
    with db.transaction(empty_con):  # the connection is usable again, in a transaction of its own
        empty_con.execute("INSERT INTO besoins VALUES ('Z', 'Thème', 2, NULL, NULL)")
    assert empty_con.execute("SELECT count(*) FROM besoins").fetchone()[0] == 1


def test_default_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("OTMODEL_DB", str(tmp_path / "x.duckdb"))
    assert db.default_path() == tmp_path / "x.duckdb"
    monkeypatch.delenv("OTMODEL_DB")
    assert str(db.default_path()) == "data/otmodel.duckdb"


def test_a_database_locked_by_another_process_gets_a_french_message(tmp_path, lock_database):
    path = tmp_path / "locked.duckdb"
    db.connect(path).close()
    lock_database(path)
    with pytest.raises(db.DatabaseError, match="déjà ouverte en écriture par un autre programme"):
        db.connect(path)


def test_read_only_on_a_missing_file_says_how_to_create_it(tmp_path):
    with pytest.raises(db.DatabaseError, match="python -m otmodel init"):
        db.connect(tmp_path / "absent.duckdb", read_only=True)


def test_an_older_database_opened_read_only_still_counts_its_rows(tmp_path):
    import duckdb

    path = tmp_path / "old.duckdb"
    raw = duckdb.connect(str(path))
    raw.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    raw.execute(db.MIGRATIONS[1])
    raw.execute("INSERT INTO schema_version VALUES (1, current_timestamp)")
    raw.close()
    con = db.connect(path, read_only=True)
    counts = db.row_counts(con)
    assert db.schema_version(con) == 1
    assert counts["reponses_prix"] == 0 and counts["partenaires"] == 0
    con.close()
    assert db.schema_version(db.connect(path)) == max(db.MIGRATIONS)  # read-write opening migrates it


def test_the_review_s_decisions_keep_their_rows_under_their_english_names(tmp_path):
    """Migration 7 renames revue_decisions(offre_id) to review_decisions(offer_id): a base made before keeps its
    decisions."""
    import duckdb

    path = tmp_path / "v6.duckdb"
    raw = duckdb.connect(str(path))
    raw.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    for version in range(1, 7):
        raw.execute(db.MIGRATIONS[version])
        raw.execute("INSERT INTO schema_version VALUES (?, current_timestamp)", [version])
    raw.execute("INSERT INTO revue_decisions (id, author, offre_id, decision, reason) "
                "VALUES (1, 'Claire', 'PHOTO', 'adapter', 'Trop cher')")
    raw.close()
    with db.connect(path) as con:
        assert db.schema_version(con) == max(db.MIGRATIONS)
        assert con.execute("SELECT author, offer_id, decision, reason FROM review_decisions").fetchall() == [
            ("Claire", "PHOTO", "adapter", "Trop cher")]
        tables = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert "revue_decisions" not in tables
