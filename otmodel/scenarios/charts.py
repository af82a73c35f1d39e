"""Charts of the Scénarios and Comparer pages, built without Streamlit in the house style (charts.styled)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from otmodel import format as fmt
from otmodel import vocab
from otmodel.charts_plotly import COLORS, FONT_SIZE, SAFE_COLORS, SAFE_PATTERNS, literal, literal_lines, styled
from otmodel.model.engine import Evaluation, Totals
from otmodel.model.scenario import DEFAULT_SCENARIO_NAME, TARGET_BASES

WATERFALL_OFFERS = 8  # the largest effects shown one by one, the rest grouped


def _compared(totals: Totals) -> float:
    return totals.margin if totals.target_basis == "margin" else totals.revenue


def bullet(scenario: Totals, current: Totals) -> go.Figure:
    """Result and revenue of the scenario next to the current situation's, with the target as a line.

    Each bar says what it is (« Scénario : … », « Actuel : … »): no legend to match with colours, readable in
    black and white (the current situation dotted, a result under the target hatched) and by colour-blind
    viewers (SAFE_COLORS). The figure's frame is built here; its values by `update_bullet`, which a page can
    call again on the same figure for the next price (far cheaper than building a figure: Plotly validates
    every property of a new one)."""
    rows = list(BULLET_ROWS)
    index = rows.index(TARGET_BASES[scenario.target_basis])
    fig = go.Figure()
    # Grouped, not overlaid: the current situation's bar is never hidden behind the scenario's.
    fig.add_trace(go.Bar(y=rows, x=[0, 0], orientation="h", name="Scénario", offsetgroup="scenario",
                         marker=dict(line=dict(color="#000000", width=1),
                                     pattern=dict(fgcolor="white", fillmode="overlay")),
                         hovertemplate="%{y} du scénario : %{x:,.0f} €<extra></extra>"))
    fig.add_trace(go.Bar(y=rows, x=[0, 0], orientation="h", name=DEFAULT_SCENARIO_NAME, offsetgroup="current",
                         marker=dict(color=SAFE_COLORS["current"], line=dict(color="#000000", width=1),
                                     pattern=dict(shape=SAFE_PATTERNS["current"], fgcolor="white",
                                                  fillmode="overlay")),
                         hovertemplate="%{y} actuel : %{x:,.0f} €<extra></extra>"))
    # Each bar's own label, after the bar — or after the target line when the bar stops short of it.
    for row in range(len(rows)):
        for shift, bold in ((-0.2, True), (0.2, False)):
            fig.add_annotation(y=row + shift, xanchor="left", xshift=8, showarrow=False,
                               font=dict(size=FONT_SIZE + (2 if bold else 0), color="#000000"))
    fig.add_shape(type="line", y0=index - 0.45, y1=index + 0.45,
                  line=dict(color=SAFE_COLORS["target"], width=4, dash="dash"))
    fig.add_annotation(y=index - 0.45, showarrow=False, yshift=14, font=dict(size=FONT_SIZE, color=SAFE_COLORS[
        "target"]), bgcolor="rgba(255,255,255,0.85)")
    fig.update_xaxes(nticks=4, tickformat=",.0f", ticksuffix=" €")
    fig.update_yaxes(autorange="reversed")
    styled(fig, height=340)
    # After the house style, which leaves no room above a figure without a title: update_bullet writes one.
    fig.update_layout(barmode="group", showlegend=False, bargap=0.25, margin_t=60,
                      title=dict(font=dict(size=FONT_SIZE + 2)))
    return update_bullet(fig, scenario, current)


BULLET_ROWS = ("Résultat", "Recettes")


def update_bullet(fig: go.Figure, scenario: Totals, current: Totals) -> go.Figure:
    """Put a scenario's values into a figure made by `bullet` for the same target basis (bars, labels,
    target line, axis range, title); returns the figure."""
    values = [scenario.margin, scenario.revenue]
    before = [current.margin, current.revenue]
    target_row = TARGET_BASES[scenario.target_basis]
    reached = scenario.gap >= 0
    kinds = [("reached" if reached else "missed") if row == target_row else "neutral" for row in BULLET_ROWS]
    low = min(0.0, *values, *before, scenario.target_amount)
    high = max(0.0, *values, *before, scenario.target_amount)
    span = (high - low) or 1.0
    with fig.batch_update():
        fig.data[0].x, fig.data[1].x = values, before
        fig.data[0].marker.color = [SAFE_COLORS[k] for k in kinds]
        fig.data[0].marker.pattern.shape = [SAFE_PATTERNS[k] for k in kinds]
        labels = fig.layout.annotations
        for row, value, old in zip(BULLET_ROWS, values, before, strict=True):
            past = scenario.target_amount if row == target_row else 0.0
            place = 2 * BULLET_ROWS.index(row)
            labels[place].update(x=max(value, past, 0.0), text=f"<b>Scénario : {fmt.euros(value)}</b>")
            labels[place + 1].update(x=max(old, past, 0.0), text=f"Actuel : {fmt.euros(old)}")
        labels[4].update(x=scenario.target_amount, text=f"Objectif {fmt.euros(scenario.target_amount)}")
        fig.layout.shapes[0].update(x0=scenario.target_amount, x1=scenario.target_amount)
        fig.layout.xaxis.range = [low - 0.05 * span if low < 0 else 0, high + 0.6 * span]
        fig.layout.title.text = "✓ Objectif atteint" if reached else "✗ Objectif non atteint"
        fig.layout.title.font.color = SAFE_COLORS["reached" if reached else "missed"]
    return fig


def offer_deltas(scenario: Evaluation, current: Evaluation) -> pd.Series:
    """Each offer's contribution to the change of the compared figure (result or revenue), by offer name."""
    column = "margin" if scenario.totals.target_basis == "margin" else "revenue"
    after = scenario.offers.set_index("id")[column]
    before = current.offers.set_index("id")[column].reindex(after.index)
    names = scenario.offers.set_index("id")["nom"]
    delta = (after - before).rename(index=names)
    return delta[delta.abs() >= 0.5]


def waterfall(scenario: Evaluation, current: Evaluation) -> go.Figure:
    """From the current situation to the scenario, offer by offer, with the target as a line."""
    basis = scenario.totals.target_basis
    start, end = _compared(current.totals), _compared(scenario.totals)
    deltas = offer_deltas(scenario, current)
    deltas = deltas.reindex(deltas.abs().sort_values(ascending=False).index)
    shown, rest = deltas.iloc[:WATERFALL_OFFERS], deltas.iloc[WATERFALL_OFFERS:]
    labels = [DEFAULT_SCENARIO_NAME, *shown.index]
    values = [start, *shown.values]
    if len(rest):
        labels.append(f"{len(rest)} autres offres")
        values.append(rest.sum())
    # Hourly cost and other assumptions move every offer's costs: what is left is not an offer's effect.
    unexplained = end - start - sum(values[1:])
    if abs(unexplained) >= 0.5:
        labels.append("Autres effets")
        values.append(unexplained)
    labels.append("Scénario")
    values.append(end)
    measures = ["absolute", *["relative"] * (len(values) - 2), "total"]
    text = [fmt.euros(start), *[fmt.signed_euros(v) for v in values[1:-1]], fmt.euros(end)]
    # Horizontal, read top to bottom: offer names stay readable on a projector.
    fig = go.Figure(go.Waterfall(
        orientation="h", y=[literal_lines(label, 28) for label in labels], x=values, measure=measures, text=text,
        textposition="outside", cliponaxis=False, textfont=dict(size=FONT_SIZE),
        connector=dict(line=dict(color=COLORS["muted"])),
        increasing=dict(marker=dict(color=COLORS["margin_ok"])),
        decreasing=dict(marker=dict(color=COLORS["margin_ko"])),
        totals=dict(marker=dict(color=COLORS["revenue"])), hovertemplate="%{y} : %{x:,.0f} €<extra></extra>"))
    target = scenario.totals.target_amount
    fig.add_vline(x=target, line=dict(color=COLORS["target"], width=3, dash="dash"),
                  annotation=dict(text=f"Objectif {fmt.euros(target)}", font=dict(size=FONT_SIZE)),
                  annotation_position="top")
    low = min(0.0, start, end, target, *[start + sum(values[1:i + 1]) for i in range(1, len(values) - 1)])
    high = max(0.0, start, end, target, *[start + sum(values[1:i + 1]) for i in range(1, len(values) - 1)])
    span = (high - low) or 1.0
    fig.update_xaxes(range=[low - 0.02 * span if low < 0 else 0, high + 0.25 * span], tickformat=",.0f",
                     ticksuffix=" €", title=TARGET_BASES[basis])
    fig.update_yaxes(autorange="reversed")
    styled(fig, height=140 + 48 * len(labels))
    fig.update_layout(margin=dict(t=50))  # room for the target's label
    return fig


def revenue_by_sector(scenario: Evaluation, current: Evaluation) -> go.Figure:
    """Revenue per sector, scenario next to the current situation."""
    after = scenario.revenue_by("filiere")
    before = current.revenue_by("filiere").reindex(after.index).fillna(0)
    keep = (after > 0) | (before > 0)
    order = after[keep].sort_values().index
    names = [literal(vocab.label(vocab.FILIERES, f)) for f in order]
    fig = go.Figure()
    fig.add_trace(go.Bar(y=names, x=before[order].values, orientation="h", name=DEFAULT_SCENARIO_NAME,
                         marker_color=COLORS["muted"], hovertemplate="%{y} : %{x:,.0f} €<extra>actuel</extra>"))
    fig.add_trace(go.Bar(y=names, x=after[order].values, orientation="h", name="Scénario",
                         marker_color=COLORS["revenue"], text=[fmt.euros(v) for v in after[order].values],
                         textposition="outside", cliponaxis=False,
                         hovertemplate="%{y} : %{x:,.0f} €<extra>scénario</extra>"))
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickformat=",.0f", ticksuffix=" €")
    return styled(fig, height=max(320, 56 * len(order) + 120))


def result_vs_target(results: dict[str, Totals]) -> go.Figure:
    """One horizontal bar per scenario (the compared figure), green when the target is reached, target line."""
    names = list(results)[::-1]  # the current situation on top
    totals = [results[n] for n in names]
    values = [_compared(t) for t in totals]
    colors = [COLORS["muted"] if n == DEFAULT_SCENARIO_NAME
              else (COLORS["margin_ok"] if t.gap >= 0 else COLORS["margin_ko"])
              for n, t in zip(names, totals, strict=True)]
    fig = go.Figure(go.Bar(y=[literal_lines(n, 24) for n in names], x=values, orientation="h", marker_color=colors,
                           text=[f"{fmt.euros(v)}  (écart {fmt.signed_euros(t.gap)})" for v, t in zip(values, totals,
                                                                                                       strict=True)],
                           # Inside a long bar, after a short one: never shrunk to an unreadable size.
                           textposition="auto", insidetextanchor="start", cliponaxis=False,
                           textfont=dict(size=FONT_SIZE + 2), insidetextfont=dict(color="white"),
                           outsidetextfont=dict(color=COLORS["target"]),
                           hovertemplate="%{y} : %{x:,.0f} €<extra></extra>"))
    fig.update_layout(uniformtext=dict(minsize=FONT_SIZE, mode="show"))
    target = totals[0].target_amount if totals else 0
    basis = totals[0].target_basis if totals else "margin"
    fig.add_vline(x=target, line=dict(color=COLORS["target"], width=4, dash="dash"),
                  annotation=dict(text=f"Objectif {fmt.euros(target)}", font=dict(size=FONT_SIZE + 2)),
                  annotation_position="top")
    high = max([*values, target, 0]) * 1.1
    low = min([*values, 0]) * 1.1
    fig.update_xaxes(range=[low, high or 1], tickformat=",.0f", ticksuffix=" €", title=TARGET_BASES[basis])
    styled(fig, height=120 + 90 * len(names))
    fig.update_layout(margin=dict(t=50))  # room for the target's label above the bars
    return fig
