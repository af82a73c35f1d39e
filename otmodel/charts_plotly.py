# TRANSITION: the old Plotly house style, deleted once every chart is a Vega-Lite spec (otmodel.charts).
"""The house style of every Plotly figure (figures are built without Streamlit, tested and reused in reports).

For a projector: large fonts, French separators, SVG traces only (WebGL is slow headless and
browsers allow few WebGL contexts per page).
"""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

FONT_SIZE = 18
COLORS = {
    "revenue": "#0b6e99",
    "costs": "#d9822b",
    "margin_ok": "#2e8540",
    "margin_ko": "#c23934",
    "target": "#222222",
    "muted": "#9aa5b1",
}
# Readable by colour-blind viewers (Okabe–Ito palette) and in black and white: « reached » and « missed » have
# the same grey once printed, so « missed » is also hatched, the current situation dotted, and every bar
# carries its own label (no legend to decode).
SAFE_COLORS = {
    "reached": "#0072B2",  # blue
    "missed": "#D55E00",  # vermillion
    "current": "#8c8c8c",  # mid grey
    "neutral": "#56B4E9",  # sky blue
    "target": "#000000",
}
SAFE_PATTERNS = {"reached": "", "missed": "/", "current": ".", "neutral": ""}
STATUT_COLORS = {"partenaire": "#0b6e99", "prospect": "#7fb8d6", "non_partenaire": "#c9d3dc", "ancien": "#d9822b"}
SPHERE_COLORS = {"service_public": "#2e8540", "socle": "#0b6e99", "a_la_carte": "#d9822b", "premium": "#7b3f9e"}


def literal(text: object) -> str:
    """Text from the data (a scenario's, an offer's or a person's name, a commune, a theme) for a Plotly label,
    shown exactly as typed.

    Plotly reads a subset of HTML in every text it draws — titles, tick labels, legends, annotations, hover
    labels, and the values a hovertemplate inserts (%{y}, %{text}, %{customdata}): `<a href=…>` becomes a link
    (a request leaving the machine on click), `<b>` bold, `<br>` a new line. It decodes entities when it draws,
    so `&`, `<` and `>` escaped here show as the characters typed. Only data goes through here, once: our own
    markup (a `<br>` between wrapped lines, `<b>` around a value) is added after."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def literal_lines(text: object, width: int) -> str:
    """`literal` text wrapped into lines of at most `width` characters, joined by Plotly's `<br>` (wrapped
    before escaping: an entity is never cut in two)."""
    return "<br>".join(literal(line) for line in textwrap.wrap(str(text), width)) or literal(text)


def styled(fig: go.Figure, height: int = 420, title: str | None = None) -> go.Figure:
    """The house style: readable from the back of a room, French number separators."""
    fig.update_layout(
        height=height,
        separators=", ",
        font=dict(size=FONT_SIZE),
        margin=dict(l=10, r=10, t=60 if title else 20, b=10),
        title=dict(text=title, font=dict(size=FONT_SIZE + 4)) if title else None,
        plot_bgcolor="white",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        hoverlabel=dict(font_size=FONT_SIZE),
    )
    # Plotly's automargin is off by default: without it long sector names are cut at the edge.
    fig.update_xaxes(gridcolor="#e5e9ef", zerolinecolor="#9aa5b1", automargin=True)
    fig.update_yaxes(gridcolor="#e5e9ef", zerolinecolor="#9aa5b1", automargin=True)
    return fig
