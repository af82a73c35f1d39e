"""widgets.table, the one table of the pages, and the column registry it reads (otmodel.columns): every figure
written the French way over numbers that still sort; a list that grows with the territory sends at most
ROWS_SHOWN rows to the browser and says so; what is shown downloads whole, as CSV and Excel."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
import streamlit as st
from streamlit import dataframe_util
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.proto.ArrowData_pb2 import ArrowData

from otmodel import columns as col
from otmodel.data import exports
from otmodel.ui import widgets

NNBSP = "\u202f"  # babel's thousands separator in fr_FR
SHOWN = {"id": col.IDENTIFIER, "resultat": col.RESULT, "jour": col.LAST_MET, "membre": col.CLUB_PRO}


def _frame(rows: int) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"E{i:04d}" for i in range(rows)],
                         "resultat": [31234.4 - 1000.0 * i for i in range(rows)],
                         "jour": [pd.Timestamp("2025-03-01")] * rows, "membre": [i % 2 == 0 for i in range(rows)],
                         "interne": ["caché"] * rows})


def _displayed(styler) -> pd.DataFrame:
    """The text the browser draws over the figures: Streamlit's own marshalling of the Styler."""
    proto = ArrowData()
    marshall_styler(proto, styler, "table")
    return dataframe_util.convert_arrow_bytes_to_pandas_df(proto.styler.display_values)


@pytest.fixture
def drawn(monkeypatch) -> dict:
    """What widgets.table hands to Streamlit, captured (a download's data is the callable itself)."""
    got: dict = {"captions": [], "downloads": []}
    monkeypatch.setattr(st, "dataframe", lambda data, **kwargs: got.update(data=data, kwargs=kwargs))
    monkeypatch.setattr(st, "caption", lambda text: got["captions"].append(text))
    monkeypatch.setattr(st, "download_button", lambda label, data, file_name, mime=None, **kwargs: got[
        "downloads"].append({"label": label, "data": data, "file_name": file_name, "mime": mime, **kwargs}))
    return got


def test_money_reads_rounded_to_the_euro_with_a_true_minus():
    assert [col.RESULT.text(v) for v in (31234.4, -628.0, -0.4, None, float("nan"))] == [
        f"31{NNBSP}234 €", "−628 €", "0 €", "—", "—"]
    assert [col.PRICE.text(v) for v in (180.0, 49.9)] == ["180 €", "49,90 €"]  # a price keeps its cents
    assert [col.RESULT_CHANGE.text(v) for v in (1200.0, -300.4, 0.2)] == [f"+1{NNBSP}200 €", "−300 €", "0 €"]
    assert [col.UPTAKE.text(0.104), col.COVERAGE.text(0.5), col.CHANGE.text(-0.126)] == [
        f"10,4{NNBSP}%", f"50{NNBSP}%", f"−13{NNBSP}%"]
    assert [col.IMPORTANCE.text(4.1667), col.HOURS.text(1234.4), col.AGE.text(12), col.SINCE_YEAR.text(2019.0)] == [
        "4,2", f"1{NNBSP}234 h", "12 j", "2019"]


def test_the_table_writes_its_figures_over_numbers_under_the_registry_labels(drawn):
    widgets.table(_frame(3), SHOWN)
    styler = drawn["data"]
    assert list(styler.data.columns) == list(SHOWN)  # the columns shown, in that order; « interne » left out
    assert styler.data["resultat"].tolist() == [31234.4, 30234.4, 29234.4]  # numbers: the grid sorts them
    assert _displayed(styler)["resultat"].tolist() == [f"31{NNBSP}234 €", f"30{NNBSP}234 €", f"29{NNBSP}234 €"]
    config = drawn["kwargs"]["column_config"]
    assert {name: c["label"] for name, c in config.items()} == {
        "id": "Identifiant", "resultat": "Résultat", "jour": "Dernière rencontre", "membre": "Club pro"}
    assert config["resultat"]["type_config"]["format"] is None  # no browser format over the page's text
    assert config["jour"]["type_config"]["format"] == "DD/MM/YYYY"
    assert drawn["kwargs"]["hide_index"] and drawn["kwargs"]["placeholder"] == "—"
    assert drawn["captions"] == [] and drawn["downloads"] == []  # no name: nothing to download


def test_a_table_of_text_only_is_sent_as_is(drawn):
    frame = _frame(2)
    widgets.table(frame, {"id": col.IDENTIFIER})
    assert isinstance(drawn["data"], pd.DataFrame) and list(drawn["data"]["id"]) == ["E0000", "E0001"]


def test_a_long_list_shows_the_first_rows_and_downloads_them_all(drawn):
    assert widgets.ROWS_SHOWN == 1_000
    widgets.table(_frame(1_005), SHOWN, name="prospects", grows=True)
    assert list(drawn["data"].data["id"]) == [f"E{i:04d}" for i in range(1_000)]  # the frame's order, cut
    assert drawn["captions"] == [f"1{NNBSP}000 premières lignes sur 1{NNBSP}005 — filtrez pour affiner, ou "
                                 "téléchargez la liste complète."]
    csv, xlsx = drawn["downloads"]
    assert (csv["label"], csv["file_name"], csv["mime"]) == ("⬇️ Télécharger la liste complète (CSV)",
                                                             "prospects.csv", "text/csv")
    assert (xlsx["label"], xlsx["file_name"]) == ("⬇️ Excel (.xlsx)", "prospects.xlsx")
    assert callable(csv["data"]) and callable(xlsx["data"])  # built on click only
    lines = csv["data"]().decode("utf-8-sig").split("\r\n")[:-1]
    # What the page shows, whole: labels, money with its true minus, French dates, oui/non.
    assert lines[0] == "Identifiant;Résultat;Dernière rencontre;Club pro"
    assert len(lines) == 1 + 1_005
    assert lines[1] == f"E0000;31{NNBSP}234 €;01/03/2025;oui"
    assert lines[33] == "E0032;−766 €;01/03/2025;oui"


def test_the_excel_file_keeps_numbers_written_as_on_the_page(drawn):
    widgets.table(_frame(40), SHOWN, name="offres")
    sheet = openpyxl.load_workbook(io.BytesIO(drawn["downloads"][1]["data"]())).active
    assert [c.value for c in sheet[1]] == ["Identifiant", "Résultat", "Dernière rencontre", "Club pro"]
    money = sheet["B34"]  # E0032: 31 234,4 − 32 000
    assert money.value == pytest.approx(-765.6) and money.number_format == col.RESULT.excel_format
    assert money.number_format.split(";")[1] == '"−"#,##0\\ "€"'  # negatives: a true minus, the euro
    assert sheet["C2"].number_format == "dd/mm/yyyy" and sheet["D2"].value == "oui"


def test_a_list_without_filters_only_invites_to_download(drawn):
    widgets.table(_frame(1_001), SHOWN, name="prospects", grows=True, filtered=False)
    assert drawn["captions"] == [f"1{NNBSP}000 premières lignes sur 1{NNBSP}001 — la liste complète est à "
                                 "télécharger ci-dessous."]


def test_a_short_list_is_shown_whole_without_caption(drawn):
    widgets.table(_frame(3), SHOWN, name="carnet", grows=True)
    assert len(drawn["data"].data) == 3 and drawn["captions"] == []
    assert drawn["downloads"][0]["label"] == "⬇️ Télécharger la liste (CSV)"  # kept: a filtered list is downloaded
    assert len(drawn["downloads"][0]["data"]().decode("utf-8-sig").split("\r\n")[:-1]) == 4


def test_a_table_that_does_not_grow_downloads_as_a_table(drawn):
    widgets.table(_frame(3), SHOWN, name="offres")
    assert drawn["downloads"][0]["label"] == "⬇️ Télécharger le tableau (CSV)"


def test_an_empty_list_has_nothing_to_download(drawn):
    widgets.table(_frame(0), SHOWN, name="carnet", grows=True)
    assert len(drawn["data"].data) == 0 and drawn["captions"] == [] and drawn["downloads"] == []


def test_what_is_shown_reads_the_same_in_a_file():
    frame = pd.DataFrame({"nom": ["=HYPERLIEN()", "Photos"], "recettes": [31234.4, -628.0], "part": [0.104, None]})
    shown = exports.shown(frame, {"nom": col.OFFER, "recettes": col.REVENUE, "part": col.UPTAKE})
    assert shown.to_dict("list") == {"Offre": ["=HYPERLIEN()", "Photos"],
                                     "Recettes": [f"31{NNBSP}234 €", "−628 €"], "Souscription": [f"10,4{NNBSP}%", "—"]}
    assert exports.shown_csv(frame, {"nom": col.OFFER}).decode("utf-8-sig").split("\r\n")[1] == "'=HYPERLIEN()"
