"""The floor under every first load, measured by `python -m otmodel bench --browser` beside the app's pages:
the lightest page Streamlit serves (a title) and, with ?graphique=1, the same page with one small chart drawn
the way the app draws its charts (Streamlit fetches and runs Plotly's script only for a page that draws a
chart)."""

import streamlit as st

from otmodel.charts import Chart, bar_trace
from otmodel.ui import widgets

st.title("otmodel")
if st.query_params.get("graphique"):
    chart = Chart()
    chart.add(bar_trace(x=["a", "b", "c"], y=[3, 1, 2], hoverinfo="skip"))
    widgets.chart(chart.figure("Plancher"))
