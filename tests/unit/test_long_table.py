"""widgets.long_table: a list that grows with the territory sends at most ROWS_SHOWN rows to the browser, says so
in French, and its download holds the whole list under the headers the user reads (CSV for French Excel)."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from otmodel.ui import widgets

NNBSP = "\u202f"  # babel's thousands separator in fr_FR
CONFIG = {"id": "Identifiant", "prix": st.column_config.NumberColumn("Prix (€)", format="%.1f €"),
          "jour": st.column_config.DateColumn("Dernière rencontre", format="DD/MM/YYYY"), "interne": None}


def _frame(rows: int) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"E{i:04d}" for i in range(rows)], "prix": [i + 0.5 for i in range(rows)],
                         "jour": [pd.Timestamp("2025-03-01")] * rows, "membre": [i % 2 == 0 for i in range(rows)],
                         "interne": ["caché"] * rows})


@pytest.fixture
def shown(monkeypatch) -> dict:
    """What long_table hands to Streamlit, captured (the download's data is the callable itself)."""
    got: dict = {"captions": []}
    monkeypatch.setattr(st, "dataframe", lambda frame, **kwargs: got.update(frame=frame, kwargs=kwargs))
    monkeypatch.setattr(st, "caption", lambda text: got["captions"].append(text))
    monkeypatch.setattr(st, "download_button", lambda label, data, file_name, mime, **kwargs: got.update(
        label=label, data=data, file_name=file_name, mime=mime, button=kwargs))
    return got


def _csv_lines(data) -> list[str]:
    return data().decode("utf-8-sig").split("\r\n")[:-1]


def test_a_long_list_shows_the_first_rows_and_downloads_them_all(shown):
    assert widgets.ROWS_SHOWN == 1_000
    widgets.long_table(_frame(1_005), name="prospects", column_config=CONFIG, width="stretch")
    assert list(shown["frame"]["id"]) == [f"E{i:04d}" for i in range(1_000)]  # the frame's order, cut
    assert shown["kwargs"] == {"hide_index": True, "column_config": CONFIG, "width": "stretch", "placeholder": "—"}
    assert shown["captions"] == [f"1{NNBSP}000 premières lignes sur 1{NNBSP}005 — filtrez pour affiner, ou "
                                 "téléchargez la liste complète."]
    assert shown["label"] == "⬇️ Télécharger la liste complète (CSV)"
    assert (shown["file_name"], shown["mime"]) == ("prospects.csv", "text/csv")
    assert callable(shown["data"])  # built on click only
    lines = _csv_lines(shown["data"])
    # The headers the user reads; the hidden column (configured None) left out; a column without config keeps
    # its name; decimal comma; booleans as oui/non.
    assert lines[0] == "Identifiant;Prix (€);Dernière rencontre;membre"
    assert len(lines) == 1 + 1_005
    assert lines[1] == "E0000;0,5;2025-03-01;oui"
    assert lines[-1] == "E1004;1004,5;2025-03-01;oui"


def test_a_list_without_filters_only_invites_to_download(shown):
    widgets.long_table(_frame(1_001), name="prospects", column_config=CONFIG, filtered=False)
    assert shown["captions"] == [f"1{NNBSP}000 premières lignes sur 1{NNBSP}001 — la liste complète est à "
                                 "télécharger ci-dessous."]


def test_a_short_list_is_shown_whole_without_caption(shown):
    widgets.long_table(_frame(3), name="carnet", column_config=CONFIG)
    assert len(shown["frame"]) == 3 and shown["captions"] == []
    assert shown["label"] == "⬇️ Télécharger la liste (CSV)"  # kept: a filtered list is the one users download
    assert len(_csv_lines(shown["data"])) == 4


def test_an_empty_list_has_nothing_to_download(shown):
    widgets.long_table(_frame(0), name="carnet", column_config=CONFIG)
    assert len(shown["frame"]) == 0 and shown["captions"] == [] and "data" not in shown


def test_column_order_sets_the_downloaded_columns():
    headers = widgets.shown_headers(_frame(1), CONFIG, ["prix", "id"])
    assert headers == {"prix": "Prix (€)", "id": "Identifiant"}
    assert widgets.list_csv(_frame(2), headers).decode("utf-8-sig").split("\r\n")[:3] == [
        "Prix (€);Identifiant", "0,5;E0000", "1,5;E0001"]


def _script(rows: int) -> None:
    import pandas as pd

    from otmodel.ui import widgets

    widgets.long_table(pd.DataFrame({"id": range(rows)}), name="liste", column_config={"id": "N°"}, limit=4)


def test_in_a_running_page():
    at = AppTest.from_function(_script, args=(6,)).run()
    assert not at.exception
    assert list(at.dataframe[0].value["id"]) == [0, 1, 2, 3]
    assert [c.value for c in at.caption] == ["4 premières lignes sur 6 — filtrez pour affiner, ou téléchargez la "
                                             "liste complète."]
    assert [b.proto.label for b in at.get("download_button")] == ["⬇️ Télécharger la liste complète (CSV)"]
    at = AppTest.from_function(_script, args=(4,)).run()
    assert len(at.dataframe[0].value) == 4 and not at.caption
