"""The office among its peers, one strip per indicator — described once here, drawn three ways (Plotly on the
pages: otmodel.network.charts; SVG in the HTML report and fpdf2 in the PDF: otmodel.presentation).

A strip runs from the group's lowest value to its highest: peers as small grey dots, the band from Q1 to Q3
(when the group has at least five offices), the median as a black tick, the office as a large blue dot with a
black outline (told apart in black and white by its size), its value and where it stands written after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from otmodel.charts import GREY, LIGHT_GREY, SAFE_COLORS
from otmodel.network import compare
from otmodel.network.compare import Standing

OFFICE = SAFE_COLORS["reached"]  # blue
PEER = GREY
BAND = LIGHT_GREY


def span(standing: Standing) -> tuple[float, float]:
    """The strip's extent: the group's lowest and highest values (the office's included)."""
    values = [*standing.peer_values, *([standing.value] if standing.value is not None else [])]
    low, high = min(values), max(values)
    return (low, high) if high > low else (low - 1.0, high + 1.0)


def share(standing: Standing, value: float) -> float:
    """Where `value` sits along the strip, from 0 (lowest of the group) to 1 (highest)."""
    low, high = span(standing)
    return (value - low) / (high - low)


def caption(standing: Standing) -> str:
    """« 270 255 € · 4e quartile · rang 1 sur 7 » (no quartile under five offices)."""
    parts = [standing.indicator.text(standing.value)]
    if standing.quartile:
        parts.append(compare.quartile_text(standing.quartile).split(" (")[0])
    if standing.rank:
        parts.append(f"rang {standing.rank} sur {standing.peers}")
    return " · ".join(parts)


def extremes(standing: Standing) -> tuple[str, str]:
    """The texts under both ends of the strip: the group's lowest and highest values."""
    low, high = span(standing)
    return standing.indicator.text(low), standing.indicator.text(high)


@dataclass(frozen=True)
class StripRow:
    """One strip on a 0-to-1 scale of its own: what every drawing of it places and writes."""

    label: str
    direction: str
    peers: tuple[float, ...]
    q1: float | None
    q3: float | None
    median: float | None
    office: float | None
    caption: str
    low_text: str
    high_text: str
    median_text: str


def rows(standings: tuple[Standing, ...]) -> list[StripRow]:
    """The strips of the indicators that have values in the group."""
    found = []
    for s in standings:
        if not s.peers:
            continue

        def at(value: float | None, of: Standing = s) -> float | None:
            return None if value is None else share(of, value)

        low_text, high_text = extremes(s)
        found.append(StripRow(s.indicator.label, s.indicator.direction, tuple(share(s, v) for v in s.peer_values),
                              at(s.q1), at(s.q3), at(s.median), at(s.value), caption(s), low_text, high_text,
                              s.indicator.text(s.median)))
    return found
