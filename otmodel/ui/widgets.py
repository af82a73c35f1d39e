"""Shared page elements: headers, key figures, charts."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from otmodel import format as fmt

PLOTLY_CONFIG = {"displaylogo": False, "locale": "fr", "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def chart(fig: go.Figure, key: str | None = None) -> None:
    """A Plotly figure at full width, in the house style (theme=None keeps our projector-sized fonts)."""
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key, theme=None)


def euro_metric(label: str, amount: float, delta: float | None = None, help_text: str | None = None) -> None:
    st.metric(label, fmt.euros(amount), delta=None if delta is None else fmt.signed_euros(delta),
              help=help_text, border=True)


def gap_metric(gap: float, target: float, basis_label: str) -> None:
    """The gap to the target: green when reached, red otherwise."""
    status = "Objectif atteint" if gap >= 0 else "Manque pour atteindre l'objectif"
    st.metric("Écart à l'objectif", fmt.signed_euros(gap), delta=status, delta_color="green" if gap >= 0 else "red",
              help=f"{basis_label} − objectif ({fmt.euros(target)})", border=True, delta_arrow="off")
