"""Checks on chart figures (otmodel.charts): what Streamlit sends is valid Plotly (rebuilt with validation) and JSON,
in the house style, and follows the house rules on text — plus helpers to read a figure as data."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import plotly.graph_objects as go

from otmodel import charts

# Our own markup: line breaks, bold, a larger figure. Anything else in a text is user text left unescaped.
OURS = re.compile(r"<br>|</?b>|<span style='font-size:\d+px'>|</span>")


def _texts(node: object, key: str = "") -> Iterator[tuple[str, str]]:
    """Every (key, string) of a figure's dict, hovertemplates aside."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name != "hovertemplate":
                yield from _texts(value, name)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _texts(item, key)
    elif isinstance(node, str):
        yield key, node


def assert_drawable(fig: go.Figure) -> dict[str, Any]:
    """The figure rebuilt from its dict passes Plotly's validation and is JSON (what Streamlit sends), in the
    house style (template, French separators); every hover label reads only `customdata` (French texts formatted
    by otmodel.format — d3's minus is a hyphen — and user text never inside a template), or the trace is never
    hovered; and no text holds markup but ours (user text is escaped). Returns the figure as a dict."""
    data = fig.to_dict()
    go.Figure(data)
    json.loads(fig.to_json())
    assert data["layout"]["template"]["layout"]["separators"] == ",\u202f"
    assert isinstance(data["layout"]["meta"]["nom"], str)
    for trace in data["data"]:
        template = trace.get("hovertemplate")
        if template is None:
            assert trace.get("hoverinfo") == "skip", trace.get("name")
        else:
            fields = re.findall(r"%\{([^}]*)\}", template)
            assert fields and all(re.fullmatch(r"customdata\[\d+\]", f) for f in fields), template
    strange = [(key, text) for key, text in _texts(data) if "<" in OURS.sub("", text)]
    assert not strange, strange
    return data


def named(data: dict[str, Any], name: str) -> dict[str, Any]:
    """The one trace called `name`."""
    (trace,) = [t for t in data["data"] if t.get("name") == name]
    return trace


def written(trace: dict[str, Any]) -> list[str]:
    """The texts of a trace as written, the en space before each line (clear of a bar's end) aside."""
    return [text.replace("\u2002", "") for text in trace["text"]]


def shapes(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [s for s in data["layout"].get("shapes", []) if s.get("name") == name]


def target(data: dict[str, Any]) -> tuple[float, str]:
    """The target line's value and the legend that names it (charts.target_line)."""
    lines = shapes(data, "objectif")
    assert lines and all(s["line"]["dash"] == charts.DASH for s in lines)
    values = {s["x0"] if s["x0"] == s["x1"] else s["y0"] for s in lines}
    (value,) = values
    (legend,) = [t["name"] for t in data["data"] if t.get("mode") == "lines" and t.get("x") == [None]]
    return value, legend


def ticks(data: dict[str, Any], axis: str = "yaxis") -> list[str]:
    return data["layout"][axis]["ticktext"]
