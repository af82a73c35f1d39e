"""The floor under every first load, measured by `python -m otmodel bench --browser` beside the app's pages:
the lightest page Streamlit serves (a title) and, with ?graphique=1, the same page with one small Plotly chart
(Streamlit fetches and runs Plotly's script only for a page that draws a chart)."""

import plotly.graph_objects as go
import streamlit as st

st.title("otmodel")
if st.query_params.get("graphique"):
    st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])), theme=None)
