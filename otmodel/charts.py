"""The house style of every chart: Plotly figures (plotly.graph_objects) built without Streamlit, tested as data
(`fig.to_dict()`), drawn on the pages by widgets.chart (st.plotly_chart, with `config` below).

A chart is drawn into a `Chart` (its traces, shapes and annotations as Plotly's own dicts), then made into one
`go.Figure`, validated once: ~5 ms, where adding each part through the figure's methods cost ~30 ms (the
bullet chart of Scénarios is drawn again at every price typed).

For a projector and for the élus' slides: large fonts, SVG traces only (WebGL is slow headless, and a browser
allows few WebGL contexts per page), French numbers everywhere — « 1 234 567 € », « 12,5 % », « −3 500 » with a
true minus: axes use Plotly's own number format (its minus is U+2212, d3's is a hyphen) with our separators;
hover labels and the figures written on a chart are formatted by otmodel.format and passed as text.

Readable in black and white and by colour-blind viewers: the Okabe–Ito palette; a missed target hatched
(`marker.pattern`), the current situation grey with a dotted outline, every bar labelled directly.

Plotly reads a subset of HTML in every text it draws (tick labels, legends, annotations, hover labels and the
values a hovertemplate inserts): text typed by users goes through `literal` (escaped) and reaches hover labels
through `customdata`, never inside a `hovertemplate` (which would also read `%{…}` in it).
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import plotly.graph_objects as go

FONT_SIZE = 18
FONT = '"Source Sans", "Source Sans Pro", "Segoe UI", Arial, sans-serif'  # Streamlit's own font first
TEXT = "#31333f"
GRID = "#e5e9ef"
AXIS = "#9aa5b1"

# Okabe–Ito: told apart by colour-blind viewers.
BLACK, ORANGE, SKY_BLUE, BLUISH_GREEN = "#000000", "#E69F00", "#56B4E9", "#009E73"
YELLOW, BLUE, VERMILLION, REDDISH_PURPLE = "#F0E442", "#0072B2", "#D55E00", "#CC79A7"
GREY, LIGHT_GREY = "#8c8c8c", "#c9d3dc"
OKABE_ITO = [BLUE, ORANGE, BLUISH_GREEN, VERMILLION, SKY_BLUE, REDDISH_PURPLE, YELLOW, BLACK]

# What a bar says about the target: « reached » and « missed » print as the same grey, so « missed » is also
# hatched; the current situation is grey with a dotted outline.
SAFE_COLORS = {
    "reached": BLUE,
    "missed": VERMILLION,
    "current": GREY,
    "neutral": SKY_BLUE,
    "target": BLACK,
}
HATCH = "/"  # marker.pattern.shape of a missed target
COLORS = {"revenue": SKY_BLUE, "costs": ORANGE, "up": BLUISH_GREEN, "down": VERMILLION, "muted": LIGHT_GREY}
STATUT_COLORS = {"partenaire": BLUE, "prospect": SKY_BLUE, "non_partenaire": LIGHT_GREY, "ancien": ORANGE}
SPHERE_COLORS = {"service_public": BLUISH_GREEN, "socle": BLUE, "a_la_carte": ORANGE, "premium": REDDISH_PURPLE}

EURO = "\u00a0€"  # after a figure, as otmodel.format writes it
PERCENT = "\u202f%"
DASH = "dash"  # the target line
CURRENT_DASH = "dot"  # the outline of the current situation

TEMPLATE = go.layout.Template(layout={
    "font": {"family": FONT, "size": FONT_SIZE, "color": TEXT},
    "separators": ",\u202f",  # decimal comma, narrow no-break space between thousands
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "colorway": OKABE_ITO,
    "hovermode": "closest",
    "hoverlabel": {"font": {"family": FONT, "size": FONT_SIZE - 2, "color": TEXT}, "bgcolor": "white",
                   "bordercolor": AXIS, "align": "left"},
    "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom",
               "font": {"size": FONT_SIZE}, "title": {"text": ""}, "itemclick": False, "itemdoubleclick": False,
               "traceorder": "normal",
               "bgcolor": "rgba(255,255,255,0)"},
    # Plotly's own number format (no tickformat): a true minus; no « 20k »; our separators.
    "xaxis": {"automargin": True, "gridcolor": GRID, "zerolinecolor": AXIS, "linecolor": AXIS,
              "exponentformat": "none", "separatethousands": True, "title": {"standoff": 12}},
    "yaxis": {"automargin": True, "gridcolor": GRID, "zerolinecolor": AXIS, "linecolor": AXIS,
              "exponentformat": "none", "separatethousands": True, "title": {"standoff": 12}},
    "title": {"font": {"size": FONT_SIZE + 4}, "x": 0, "xref": "paper", "xanchor": "left"},
})

# The modebar in French: only the English locale is bundled with Streamlit's Plotly, a locale passed inline is
# honoured (its keys are the bundle's English strings, exactly).
FRENCH = {
    "dictionary": {
        "Download plot as a PNG": "Télécharger en PNG",
        "Download plot": "Télécharger",
        "Preparing image - this may take a few seconds": "Préparation de l'image…",
        "Image download succeeded": "Image téléchargée",
        "Sorry, there was a problem downloading your image!": "Le téléchargement de l'image a échoué.",
        "Zoom": "Zoomer (tracer un rectangle)",
        "Pan": "Déplacer",
        "Reset axes": "Revenir à la vue d'origine",
        "Double-click to zoom back out": "Double-clic pour revenir à la vue d'origine",
        "Zoom in": "Zoom avant",
        "Zoom out": "Zoom arrière",
        "Autoscale": "Échelle automatique",
    },
    "format": {"decimal": ",", "thousands": "\u202f"},
}
# Kept: download as PNG, zoom on a crowded chart, pan, back to the original view.
REMOVED_BUTTONS = ["zoomIn2d", "zoomOut2d", "autoScale2d", "select2d", "lasso2d", "toggleSpikelines",
                   "hoverClosestCartesian", "hoverCompareCartesian", "sendChartToCloud"]


def literal(text: object) -> str:
    """Text from the data (an offer's, a partner's or a scenario's name, a commune, a theme) for a Plotly text,
    shown exactly as typed: Plotly decodes entities when it draws, so `&`, `<` and `>` escaped here show as the
    characters typed, and `<a href=…>` is never a link. Our own markup (`<br>`, `<b>`) is added after."""
    return html.escape(str(text), quote=False)


def literal_lines(text: object, width: int) -> str:
    """`literal` text wrapped into lines of at most `width` characters, joined by Plotly's `<br>` (wrapped before
    escaping: an entity is never cut in two)."""
    return "<br>".join(literal(line) for line in textwrap.wrap(str(text), width)) or literal(text)


def bold(text: str) -> str:
    return f"<b>{text}</b>"


def hover(*titles: str) -> str:
    """A hovertemplate that reads only `customdata`: its first value in bold (what the mark is), then one
    « title : value » line per title. The values are texts formatted in French (otmodel.format), escaped."""
    lines = [bold("%{customdata[0]}")] + [f"{title} : %{{customdata[{i}]}}" for i, title in enumerate(titles, 1)]
    return "<br>".join(lines) + "<extra></extra>"


def custom(rows: Iterable[Sequence[object]]) -> list[list[str]]:
    """`customdata` for `hover`: every value as escaped text."""
    return [[literal(value) for value in row] for row in rows]


def labels(x: Sequence[float], y: Sequence[float], texts: Sequence[str], *, name: str = "textes",
           size: int | Sequence[int] = FONT_SIZE, color: str | Sequence[str] = TEXT,
           position: str | Sequence[str] = "middle right") -> dict[str, Any]:
    """Figures written beside bars (after them by default; `position` for all, or one per text), as a text
    trace: drawn beyond the plot area when needed (cliponaxis off), never hovered. `texts` are ours (figures,
    escaped names)."""
    places = [position] * len(texts) if isinstance(position, str) else list(position)
    # An en space before each line written on the right: clear of the bar's end or the target line.
    spaced = ["<br>".join(f"\u2002{line}" for line in text.split("<br>")) if place.endswith("right") else text
              for text, place in zip(texts, places, strict=True)]
    return scatter_trace(x=list(x), y=list(y), text=spaced, mode="text",
                   textposition=position if isinstance(position, str) else places,
                   textfont={"size": size, "color": color}, hoverinfo="skip", showlegend=False, cliponaxis=False,
                   name=name)


# Room for the figures written after bars is estimated, not measured: a plot at least PLOT_PX wide (1280 px
# screen, sidebar open, names on the left) and about CHAR_EM of the font size per character.
PLOT_PX, CHAR_EM, TEXT_GAP_PX = 640, 0.52, 24


def plain(text: str) -> str:
    """A text as drawn, our markup aside (for its length): `<br>` ends a line, other tags vanish, entities are
    one character."""
    return html.unescape(re.sub(r"<(?!br>)[^>]*>", "", text))


def axis_end(start: float, end: float, texts: Iterable[tuple[float, str]], size: int = FONT_SIZE,
             plot_px: int = PLOT_PX) -> float:
    """The end of a value axis starting at `start` and holding at least `end`, with room for each text written
    from a position (`texts`: (position, text with our markup)): the longest line of each, at `size` px, in a
    plot at least `plot_px` wide."""
    for position, text in texts:
        longest = max(len(line) for line in plain(text).split("<br>"))
        share = min(0.7, (CHAR_EM * size * longest + TEXT_GAP_PX) / plot_px)  # of the plot's width
        end = max(end, (position - share * start) / (1 - share))
    return end


def bar_trace(**properties: Any) -> dict[str, Any]:
    """A bar trace (Plotly's `go.Bar` properties)."""
    return {"type": "bar", **properties}


def scatter_trace(**properties: Any) -> dict[str, Any]:
    """A scatter trace: lines, markers or texts (Plotly's `go.Scatter` properties)."""
    return {"type": "scatter", **properties}


def _merged(base: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    """`base` updated by `more`, nested dicts merged (as Plotly's own `update` does)."""
    merged = dict(base)
    for key, value in more.items():
        merged[key] = _merged(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key),
                                                                                           dict) else value
    return merged


class Chart:
    """A figure being drawn: traces, shapes, annotations and layout settings, made into a validated
    `go.Figure` in the house style by `figure`."""

    def __init__(self) -> None:
        self.data: list[dict[str, Any]] = []
        self.shapes: list[dict[str, Any]] = []
        self.annotations: list[dict[str, Any]] = []
        self.layout: dict[str, Any] = {}

    def add(self, trace: dict[str, Any]) -> None:
        self.data.append(trace)

    def shape(self, **shape: Any) -> None:
        self.shapes.append(shape)

    def annotation(self, **annotation: Any) -> None:
        self.annotations.append(annotation)

    def update(self, **layout: Any) -> None:
        """Layout settings (nested dicts merged with those already set)."""
        self.layout = _merged(self.layout, layout)

    def xaxis(self, **settings: Any) -> None:
        self.update(xaxis=settings)

    def yaxis(self, **settings: Any) -> None:
        self.update(yaxis=settings)

    def figure(self, name: str, height: int = 420, title: str | None = None) -> go.Figure:
        """The figure in the house style. `name` names the chart (the PNG a user downloads: see `config`)."""
        layout = _merged({"template": TEMPLATE, "height": height, "meta": {"nom": name},
                          "margin": {"l": 8, "r": 40, "t": 64 if title else 24, "b": 8},
                          **({"title": {"text": title}} if title else {})}, self.layout)
        if self.shapes:
            layout["shapes"] = self.shapes
        if self.annotations:
            layout["annotations"] = self.annotations
        return go.Figure(data=self.data, layout=layout)


def target_line(chart: Chart, value: float, name: str, *, axis: str = "x", width: int = 4,
                spans: Sequence[tuple[float, float]] = ()) -> None:
    """The target: a thick black dashed line across the plot (`axis` "x": vertical at x = value; "y":
    horizontal), or across the bars it applies to only (`spans` of the other axis); named once, in the legend
    (where it never covers a bar's figure): « Objectif 200 000 € (résultat) »."""
    line = {"color": SAFE_COLORS["target"], "width": width, "dash": DASH}
    other = "y" if axis == "x" else "x"
    for low, high in spans or [(0, 1)]:
        shape = {f"{axis}0": value, f"{axis}1": value, f"{other}0": low, f"{other}1": high}
        if not spans:
            shape[f"{other}ref"] = "paper"
        chart.shape(type="line", line=line, name="objectif", **shape)
    chart.add(scatter_trace(x=[None], y=[None], mode="lines", line=line, name=name, hoverinfo="skip", showlegend=True))


def outline(chart: Chart, x0: float, x1: float, y0: float, y1: float) -> None:
    """A dotted black outline around a bar (the current situation): still told apart once printed in grey."""
    chart.shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, line={"color": BLACK, "width": 3, "dash": CURRENT_DASH},
                fillcolor="rgba(0,0,0,0)", layer="above", name="actuel")


def pattern(kinds: Sequence[str]) -> dict[str, Any]:
    """`marker.pattern` for bars of these kinds: hatched when « missed », plain otherwise."""
    return {"shape": [HATCH if kind == "missed" else "" for kind in kinds], "fgcolor": "white", "size": 10,
            "solidity": 0.3, "fillmode": "overlay"}


def category_axis(chart: Chart, names: Sequence[str], axis: str = "y", **more: Any) -> None:
    """A category axis drawn from numeric positions 0, 1, 2… (one per bar or group, top to bottom on "y"), each
    named by `names` (ours, or escaped user text with our `<br>`): two bars of the same name keep a row each, and
    shapes (targets, outlines) are placed by number."""
    settings = {"tickmode": "array", "tickvals": list(range(len(names))), "ticktext": list(names),
                "showgrid": False, "zeroline": False, "ticks": "", "ticklabelstandoff": 10, **more}
    if axis == "y":
        settings["autorange"] = "reversed"
    chart.update(**{f"{axis}axis": settings})


UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|]+')


def file_name(name: str, day: date) -> str:
    """The PNG's name: the chart's and the day's, with no character a file system refuses."""
    return f"{UNSAFE_IN_FILE_NAMES.sub('-', name).strip()} {day:%Y-%m-%d}"


def config(fig: go.Figure, day: date) -> dict[str, Any]:
    """The Plotly config of a chart on a page: the modebar in French with only the useful buttons, the PNG named
    after the chart and the day, at twice the screen's resolution (sharp in a slide). Stable within a day: any
    change of config draws the chart again."""
    meta = fig.layout.meta
    name = meta.get("nom", "graphique") if isinstance(meta, dict) else "graphique"
    return {"locale": "fr", "locales": {"fr": FRENCH}, "displaylogo": False,
            "modeBarButtonsToRemove": REMOVED_BUTTONS,
            "toImageButtonOptions": {"format": "png", "filename": file_name(name, day), "scale": 2}}
