"""The house style of every chart: Vega-Lite specifications as plain dicts, built without Streamlit, tested as
data, drawn on the pages by Streamlit's own Vega-Lite renderer (widgets.chart).

Why Vega-Lite and not Plotly: a page that draws one Plotly chart makes the browser download and run Plotly's
4,7 MB script — 0,9 s on this project's 2-core machine, on every first load, even with the browser cache warm
(measured: one small chart, new browser profile, 2,05 s with Plotly, 1,45 s with Vega-Lite; new tab 1,65 s /
0,90 s). Vega-Lite also draws text as text: a name typed by a user is never read as HTML in a chart.

For a projector: large fonts, French numbers (« 1 234 567 € », « 12,5 % », « −3 500 »), SVG.

A spec holds its rows inline (`data.values`): Streamlit sends them apart from the spec, so a chart whose
figures change but whose spec does not (a price typed in a seminar) is updated in place, not rebuilt.
Field names are always ours (Vega-Lite reads dots and brackets in a field name): user text goes in values,
titles and labels only.
"""

from __future__ import annotations

import textwrap
from typing import Any

Spec = dict[str, Any]  # a Vega-Lite specification, as st.vega_lite_chart takes it

FONT_SIZE = 18
FONT = '"Source Sans", "Source Sans Pro", "Segoe UI", Arial, sans-serif'  # Streamlit's own font first
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
STATUT_COLORS = {"partenaire": "#0b6e99", "prospect": "#7fb8d6", "non_partenaire": "#c9d3dc", "ancien": "#d9822b"}
SPHERE_COLORS = {"service_public": "#2e8540", "socle": "#0b6e99", "a_la_carte": "#d9822b", "premium": "#7b3f9e"}
GRID = "#e5e9ef"
AXIS = "#9aa5b1"

# d3-format codes, read with LOCALE: « 1 234 567 € », « 1 234 567 », « 12,5 % ».
EUROS = "$,.0f"
NUMBER = ",.0f"
PERCENT = ".0%"
PERCENT_1 = ".1%"
# French number locale, as otmodel.format writes numbers (babel, fr_FR).
LOCALE = {"number": {"decimal": ",", "thousands": "\u202f", "grouping": [3], "currency": ["", "\u00a0€"],
                     "percent": "\u202f%", "minus": "−"}}

# Axis labels holding "\n" are drawn on several lines (see `wrapped`).
SPLIT_LINES = "split(datum.label, '\\n')"
DASH = [10, 6]

CONFIG: dict[str, Any] = {
    "locale": LOCALE,
    "font": FONT,
    "background": "white",
    "view": {"stroke": None},
    "axis": {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE, "titleFontWeight": "normal",
             "gridColor": GRID, "domainColor": AXIS, "tickColor": AXIS, "labelColor": "#31333f",
             "titleColor": "#31333f", "labelLimit": 420, "labelPadding": 6, "titlePadding": 10},
    "legend": {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE, "orient": "top", "direction": "horizontal",
               "titleFontWeight": "normal", "labelLimit": 600, "symbolSize": 200, "columnPadding": 18},
    "title": {"fontSize": FONT_SIZE + 4, "anchor": "start", "fontWeight": "normal", "color": "#31333f",
              "subtitleFontSize": FONT_SIZE, "offset": 12},
    "text": {"fontSize": FONT_SIZE},
    "bar": {"discreteBandSize": {"band": 0.7}},
    "tooltipFormat": {"numberFormat": NUMBER},
}


def wrapped(text: object, width: int) -> str:
    """Text cut into lines of at most `width` characters, joined by "\\n": an axis whose `labelExpr` is
    SPLIT_LINES draws each line on its own."""
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)



def styled(spec: Spec, height: int = 420, title: str | list[str] | None = None) -> Spec:
    """The house style around a chart (a mark with its encoding, or layers): height, title, fonts, French
    numbers. Width follows the page (widgets.chart draws at full width)."""
    # Room on the right for the last axis label (« 200 000 € ») and figures written after a bar.
    spec = {**spec, "height": height, "padding": {"left": 4, "top": 4, "right": 28, "bottom": 4}, "config": CONFIG}
    if title:
        spec["title"] = {"text": title}
    return spec



def values(spec: Spec) -> list[dict[str, Any]]:
    """The inline rows of a spec (or of its first layer holding some): what a test reads to check a chart."""
    if "data" in spec:
        return spec["data"]["values"]
    return next(layer["data"]["values"] for layer in spec.get("layer", []) if "data" in layer)
