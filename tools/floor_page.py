"""The floor under every first load, measured by `python -m otmodel bench --browser` beside the app's pages:
the lightest page Streamlit serves (a title) and, with ?graphique=1, the same page with one small chart drawn
the way the app draws its charts (Streamlit fetches and runs its chart library's script only for a page that
draws a chart)."""

import streamlit as st

from otmodel.charts import styled
from otmodel.ui import widgets

st.title("otmodel")
if st.query_params.get("graphique"):
    widgets.chart(styled({"data": {"values": [{"x": "a", "y": 3}, {"x": "b", "y": 1}, {"x": "c", "y": 2}]},
                          "mark": "bar", "encoding": {"x": {"field": "x", "type": "nominal"},
                                                      "y": {"field": "y", "type": "quantitative"}}}))
