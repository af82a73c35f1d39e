"""The Suivi page's figure: each offer's revenue planned, to date and projected to the year's end — Plotly, in the
house style (otmodel.charts)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from otmodel import format as fmt
from otmodel.charts import (
    BLUE,
    FONT_SIZE,
    LIGHT_GREY,
    SAFE_COLORS,
    SKY_BLUE,
    Chart,
    axis_end,
    bar_trace,
    category_axis,
    custom,
    hover,
    labels,
    literal_lines,
    pattern,
)
from otmodel.scenarios.charts import euro_axis

NAME_WIDTH = 45  # characters per line of an offer's name on the axis, as on the Offres chart
OFFSETS = {"planned": -0.27, "actual": 0.0, "projected": 0.27}  # three thin bars per offer, top to bottom
LATE = "En retard"  # short: the legend holds on one line beside long names, even at 1280 px wide


def progress_rows(offers: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per offer that brings (or is planned to bring) revenue, the largest plan first: its name, revenue
    planned, to date and projected, whether it is behind plan — what the figure draws."""
    paying = offers[(offers["planned_revenue"] > 0) | (offers["actual_revenue"] > 0)]
    paying = paying.sort_values(["planned_revenue", "name"], ascending=[False, True], kind="stable")
    return [{"name": str(row.name), "planned": float(row.planned_revenue), "actual": float(row.actual_revenue),
             "projected": float(row.projected_revenue), "behind": bool(row.behind)} for row in paying.itertuples()]


def progress_chart(offers: pd.DataFrame, as_of: date) -> go.Figure:
    """Per offer, three bars: the plan (grey), the revenue to date (blue) and the projection to the year's end
    (sky blue; vermillion and hatched, a legend of its own, for an offer behind plan), the projection written
    after its bar."""
    rows = progress_rows(offers)
    names = [literal_lines(row["name"], NAME_WIDTH) for row in rows]
    to_date = f"Au {as_of:%d/%m/%Y}"  # in the hover labels; « À date » in the legend
    chart = Chart()
    # (figure, legend, colour, which offers: all, or those on plan / behind plan)
    bars = [("planned", "Prévu", LIGHT_GREY, None), ("actual", "À date", BLUE, None),
            ("projected", "Projeté", SKY_BLUE, False), ("projected", LATE, SAFE_COLORS["missed"], True)]
    for key, title, colour, behind in bars:
        drawn = [(i, row) for i, row in enumerate(rows) if behind is None or row["behind"] == behind]
        if not drawn and behind:
            continue  # no offer behind: no legend for it
        chart.add(bar_trace(
            x=[row[key] for _, row in drawn], y=[i + OFFSETS[key] for i, _ in drawn], orientation="h",
            width=0.26, name=title,
            marker={"color": colour, "pattern": pattern(["missed" if behind else ""] * len(drawn))},
            customdata=custom((row["name"], fmt.euros(row["planned"]), fmt.euros(row["actual"]),
                               fmt.euros(row["projected"]), "en retard sur le plan" if row["behind"] else "au plan")
                              for _, row in drawn),
            hovertemplate=hover("Prévu", to_date, "Projeté", "État")))
    written = [fmt.euros(row["projected"]) for row in rows]
    chart.add(labels([row["projected"] for row in rows], [i + OFFSETS["projected"] for i in range(len(rows))],
                     written, size=FONT_SIZE - 4))
    category_axis(chart, names)
    high = max([max(row["planned"], row["actual"], row["projected"]) for row in rows], default=1.0) or 1.0
    end = axis_end(0.0, high, [(row["projected"], text) for row, text in zip(rows, written, strict=True)],
                   size=FONT_SIZE - 4)
    euro_axis(chart, "Recettes", range=[0, end], nticks=5)
    chart.update(barmode="overlay", bargap=0.1)
    lines = max([name.count("<br>") for name in names], default=0)
    return chart.figure("Suivi des recettes par offre", height=max(320, 110 + len(names) * (54 + 22 * lines)))
