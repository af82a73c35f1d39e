"""Helpers for AppTest page tests: run a page of app.py on a given database, read its metrics."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from tests.fixtures import ROOT

APP = ROOT / "app.py"
DEFAULT_PAGE = "views/synthese.py"


def run_page(db_path: Path, page: str, monkeypatch) -> AppTest:
    """Run app.py on db_path (OTMODEL_DB) and switch to `page` (path relative to the project root)."""
    monkeypatch.setenv("OTMODEL_DB", str(db_path))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    if page != DEFAULT_PAGE:
        at.switch_page(page).run()
    return at


def metric(at: AppTest, label: str) -> str:
    """The value shown by the st.metric labelled `label`."""
    return next(m.value for m in at.metric if m.label == label)


def shown(table) -> pd.DataFrame:
    """What a table of the page shows: the text written over its figures (otmodel.columns, through a Styler),
    column by column; the values themselves where nothing is written over them."""
    values = table.value
    if not table.proto.arrow_data.styler.display_values:
        return values
    text = dataframe_util.convert_arrow_bytes_to_pandas_df(table.proto.arrow_data.styler.display_values)
    text.index = values.index
    return text


def figures(at: AppTest) -> list[dict]:
    """The charts of the page as the Plotly figures Streamlit sends (dicts), in the page's order."""
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def chart_configs(at: AppTest) -> list[dict]:
    """The Plotly config sent with each chart of the page (modebar, locale, PNG download)."""
    return [json.loads(element.proto.config) for element in at.get("plotly_chart")]
