"""Charts of the Scénarios and Comparer pages: Plotly figures in the house style (otmodel.charts), built without
Streamlit from rows computed here (what the tests check by hand). The target is always a thick black dashed line
named in the legend (where it never covers a bar's figure); every bar carries its own figure in French euros."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from otmodel import format as fmt
from otmodel import vocab
from otmodel.charts import (
    BLACK,
    COLORS,
    EURO,
    FONT_SIZE,
    SAFE_COLORS,
    Chart,
    axis_end,
    bar_trace,
    bold,
    category_axis,
    custom,
    hover,
    labels,
    literal,
    literal_lines,
    outline,
    pattern,
    target_line,
)
from otmodel.model.engine import Evaluation, Totals
from otmodel.model.scenario import DEFAULT_SCENARIO_NAME, TARGET_BASES

WATERFALL_OFFERS = 8  # the largest effects shown one by one, the rest grouped
BULLET_ROWS = ("Résultat", "Recettes")
BULLET_HEIGHT = 330
BAR = 0.36  # a bar's thickness where two share a row (scenario above, current situation below)
SHIFT = 0.2  # how far each of the two bars sits from the middle of its row
WATERFALL_COLORS = {"current": SAFE_COLORS["current"], "reached": SAFE_COLORS["reached"],
                    "missed": SAFE_COLORS["missed"], "hausse": COLORS["up"], "baisse": COLORS["down"]}


def _compared(totals: Totals) -> float:
    return totals.margin if totals.target_basis == "margin" else totals.revenue


def _state(totals: Totals) -> str:
    return "reached" if totals.gap >= 0 else "missed"


def target_legend(target: float, basis: str) -> str:
    """« Objectif 200 000 € (résultat) »."""
    return f"Objectif {fmt.euros(target)} ({TARGET_BASES[basis].lower()})"


def clear_of_target(position: float, target: float, span: float) -> float:
    """Where a label written after a bar ending at `position` starts: after the target line when the bar stops
    just short of it (the label would be crossed by the line)."""
    return target if target - 0.15 * span <= position < target else position


def euro_axis(chart: Chart, title: str | None = None, axis: str = "x", **more: Any) -> None:
    """A value axis in euros (« 200 000 € », « −3 500 € »), about five ticks."""
    settings = {"ticksuffix": EURO, "nticks": 6, "title": {"text": title}, "zeroline": True, **more}
    chart.update(**{f"{axis}axis": settings})


def bullet_rows(scenario: Totals, current: Totals) -> list[dict[str, Any]]:
    """The rows of the bullet chart: everything a price changes (bars, labels, target, axis extent, the title's
    words and colour)."""
    target_row = TARGET_BASES[scenario.target_basis]
    reached = scenario.gap >= 0
    target = scenario.target_amount
    rows: list[dict[str, Any]] = []
    for poste, after, before in zip(BULLET_ROWS, (scenario.margin, scenario.revenue),
                                    (current.margin, current.revenue), strict=True):
        state = ("reached" if reached else "missed") if poste == target_row else "neutral"
        past = target if poste == target_row else 0.0  # a label after the target line, never across it
        for serie, amount, label, colour, etat in (
                ("Scénario", after, f"Scénario : {fmt.euros(after)}", SAFE_COLORS[state], state),
                (DEFAULT_SCENARIO_NAME, before, f"Actuel : {fmt.euros(before)}", SAFE_COLORS["current"], "current")):
            rows.append({"role": "barre", "poste": poste, "serie": serie, "montant": float(amount),
                         "position": float(max(amount, past, 0.0)), "texte": label, "couleur": colour, "etat": etat})
    amounts = [scenario.margin, scenario.revenue, current.margin, current.revenue, target]
    low, high = min(0.0, *amounts), max(0.0, *amounts)
    start = low - 0.05 * ((high - low) or 1.0) if low < 0 else 0.0
    # The axis' extent: room on the right for « Scénario : 123 456 € » (written in bold, larger).
    end = axis_end(start, high or 1.0, [(r["position"], r["texte"]) for r in rows], FONT_SIZE + 2)
    rows += [{"role": "bord", "montant": float(start)}, {"role": "bord", "montant": float(end)}]
    rows.append({"role": "objectif", "poste": target_row, "montant": float(target),
                 "texte": target_legend(target, scenario.target_basis)})
    rows.append({"role": "titre", "texte": "✓ Objectif atteint" if reached else "✗ Objectif non atteint",
                 "couleur": SAFE_COLORS["reached" if reached else "missed"]})
    return rows


def bullet(scenario: Totals, current: Totals) -> go.Figure:
    """Result and revenue of the scenario (upper bar of each row) next to the current situation's (lower bar),
    with the target as a line across its row.

    Each bar says what it is (« Scénario : … », « Actuel : … »): no legend to match with colours, readable in
    black and white (the current situation grey with a dotted outline, a result under the target hatched, and the
    title « ✗ Objectif non atteint ») and by colour-blind viewers (SAFE_COLORS)."""
    rows = bullet_rows(scenario, current)
    chart = Chart()
    for serie, shift, size in (("Scénario", -SHIFT, FONT_SIZE + 2), (DEFAULT_SCENARIO_NAME, SHIFT, FONT_SIZE)):
        bars = [r for r in rows if r["role"] == "barre" and r["serie"] == serie]
        y = [BULLET_ROWS.index(r["poste"]) + shift for r in bars]
        chart.add(bar_trace(
            x=[r["montant"] for r in bars], y=y, width=BAR, orientation="h", name=serie, showlegend=False,
            marker={"color": [r["couleur"] for r in bars], "line": {"color": BLACK, "width": 1},
                    "pattern": pattern([r["etat"] for r in bars])},
            customdata=custom((f"{r['poste']} — {serie.lower()}", fmt.euros(r["montant"])) for r in bars),
            hovertemplate=hover("Montant")))
        texts = [bold(r["texte"]) if serie == "Scénario" else r["texte"] for r in bars]
        chart.add(labels([r["position"] for r in bars], y, texts, size=size, name=f"textes {serie.lower()}"))
        if serie == DEFAULT_SCENARIO_NAME:
            for r, middle in zip(bars, y, strict=True):
                outline(chart, 0, r["montant"], middle - BAR / 2, middle + BAR / 2)
    (target,) = [r for r in rows if r["role"] == "objectif"]
    row = BULLET_ROWS.index(target["poste"])
    target_line(chart, target["montant"], target["texte"], spans=[(row - 0.46, row + 0.46)])
    (title,) = [r for r in rows if r["role"] == "titre"]
    category_axis(chart, BULLET_ROWS, tickfont={"size": FONT_SIZE + 2})
    euro_axis(chart, range=[r["montant"] for r in rows if r["role"] == "bord"], nticks=5)
    # The title on the left, the target's name on the right, both above the plot.
    chart.update(title={"font": {"color": title["couleur"]}}, barmode="overlay", legend={"x": 1, "xanchor": "right"})
    return chart.figure("Face à l'objectif", height=BULLET_HEIGHT, title=bold(title["texte"]))


def offer_deltas(scenario: Evaluation, current: Evaluation) -> pd.Series:
    """Each offer's contribution to the change of the compared figure (result or revenue), by offer name."""
    column = "margin" if scenario.totals.target_basis == "margin" else "revenue"
    after = scenario.offers.set_index("id")[column]
    before = current.offers.set_index("id")[column].reindex(after.index)
    names = scenario.offers.set_index("id")["nom"]
    delta = (after - before).rename(index=names)
    return delta[delta.abs() >= 0.5]


def waterfall_rows(scenario: Evaluation, current: Evaluation) -> list[dict[str, Any]]:
    """The steps from the current situation to the scenario: each a bar from `debut` to `fin`, top to bottom;
    `etat` gives its colour (the current situation, each rise or fall, the scenario reaching its target or not)."""
    start, end = _compared(current.totals), _compared(scenario.totals)
    deltas = offer_deltas(scenario, current)
    deltas = deltas.reindex(deltas.abs().sort_values(ascending=False).index)
    shown, rest = deltas.iloc[:WATERFALL_OFFERS], deltas.iloc[WATERFALL_OFFERS:]
    steps = [(str(name), float(value)) for name, value in shown.items()]
    if len(rest):
        steps.append((f"{len(rest)} autres offres", float(rest.sum())))
    # Hourly cost and other assumptions move every offer's costs: what is left is not an offer's effect.
    unexplained = end - start - sum(value for _, value in steps)
    if abs(unexplained) >= 0.5:
        steps.append(("Autres effets", float(unexplained)))
    rows = [{"etape": DEFAULT_SCENARIO_NAME, "debut": 0.0, "fin": float(start), "texte": fmt.euros(start),
             "sens": "total", "etat": "current"}]
    level = float(start)
    for name, value in steps:
        sens = "hausse" if value >= 0 else "baisse"
        rows.append({"etape": name, "debut": level, "fin": level + value, "texte": fmt.signed_euros(value),
                     "sens": sens, "etat": sens})
        level += value
    rows.append({"etape": "Scénario", "debut": 0.0, "fin": float(end), "texte": fmt.euros(end), "sens": "total",
                 "etat": _state(scenario.totals)})
    target = scenario.totals.target_amount
    ends = [0.0, target, *(r["fin"] for r in rows)]
    span = (max(ends) - min(ends)) or 1.0
    for rank, row in enumerate(rows):
        row |= {"rang": rank, "libelle": literal_lines(row["etape"], 28), "montant": row["fin"] - row["debut"],
                "position": clear_of_target(max(row["debut"], row["fin"]), target, span)}
    return rows


def waterfall(scenario: Evaluation, current: Evaluation) -> go.Figure:
    """From the current situation (grey, dotted) to the scenario, offer by offer (bluish green up, vermillion
    down, each effect written with its sign), with the target as a line. Horizontal, read top to bottom: offer
    names stay readable on a projector."""
    rows = waterfall_rows(scenario, current)
    basis, target = scenario.totals.target_basis, scenario.totals.target_amount
    ends = [0.0, target, *(r["debut"] for r in rows), *(r["fin"] for r in rows)]
    low, high = min(ends), max(ends)
    span = (high - low) or 1.0
    chart = Chart()
    chart.add(bar_trace(
        x=[r["montant"] for r in rows], base=[r["debut"] for r in rows], y=[r["rang"] for r in rows],
        orientation="h", width=0.7, name="étapes", showlegend=False,
        marker={"color": [WATERFALL_COLORS[r["etat"]] for r in rows], "line": {"color": BLACK, "width": 1},
                "pattern": pattern([r["etat"] for r in rows])},
        customdata=custom((r["etape"], r["texte"], fmt.euros(r["fin"])) for r in rows),
        hovertemplate=hover("Effet", "Cumul")))
    chart.add(labels([r["position"] for r in rows], [r["rang"] for r in rows], [r["texte"] for r in rows]))
    for r in rows:
        if r["etat"] == "current":
            outline(chart, r["debut"], r["fin"], r["rang"] - 0.35, r["rang"] + 0.35)
    target_line(chart, target, target_legend(target, basis), width=3)
    category_axis(chart, [r["libelle"] for r in rows])
    start = low - 0.02 * span if low < 0 else 0.0
    end = axis_end(start, high, [(r["position"], r["texte"]) for r in rows])
    euro_axis(chart, TARGET_BASES[basis], range=[start, end])
    return chart.figure("Du résultat actuel au scénario", height=110 + 52 * len(rows))


def revenue_by_sector_rows(scenario: Evaluation, current: Evaluation) -> list[dict[str, Any]]:
    """Two rows per sector (the current situation, then the scenario), the sector with the most revenue in the
    scenario first; each with the figure written after its bar."""
    after = scenario.revenue_by("filiere")
    before = current.revenue_by("filiere").reindex(after.index).fillna(0)
    keep = (after > 0) | (before > 0)
    rows = []
    for rank, code in enumerate(after[keep].sort_values(ascending=False).index):
        name = vocab.label(vocab.FILIERES, code)
        rows.append({"filiere": name, "rang": rank, "serie": DEFAULT_SCENARIO_NAME, "recettes": float(before[code]),
                     "texte": f"actuel {fmt.euros(before[code])}"})
        rows.append({"filiere": name, "rang": rank, "serie": "Scénario", "recettes": float(after[code]),
                     "texte": fmt.euros(after[code])})
    return rows


def revenue_by_sector(scenario: Evaluation, current: Evaluation) -> go.Figure:
    """Revenue per sector: the scenario's bar (blue, its figure in bold) above the current situation's (grey,
    dotted, « actuel … »), largest first."""
    rows = revenue_by_sector_rows(scenario, current)
    high = max([r["recettes"] for r in rows] or [1.0]) or 1.0
    end = axis_end(0.0, high, [(r["recettes"], r["texte"]) for r in rows])
    chart = Chart()
    for serie, shift, colour in (("Scénario", -SHIFT, SAFE_COLORS["reached"]),
                                 (DEFAULT_SCENARIO_NAME, SHIFT, SAFE_COLORS["current"])):
        bars = [r for r in rows if r["serie"] == serie]
        y = [r["rang"] + shift for r in bars]
        chart.add(bar_trace(x=[r["recettes"] for r in bars], y=y, width=BAR, orientation="h", name=serie,
                             marker={"color": colour, "line": {"color": BLACK, "width": 1}},
                             customdata=custom((f"{r['filiere']} — {serie.lower()}", fmt.euros(r["recettes"]))
                                               for r in bars),
                             hovertemplate=hover("Recettes")))
        texts = [bold(r["texte"]) if serie == "Scénario" else r["texte"] for r in bars]
        chart.add(labels([r["recettes"] for r in bars], y, texts, name=f"textes {serie.lower()}",
                             size=FONT_SIZE if serie == "Scénario" else FONT_SIZE - 3))
        if serie == DEFAULT_SCENARIO_NAME:
            for r, middle in zip(bars, y, strict=True):
                outline(chart, 0, r["recettes"], middle - BAR / 2, middle + BAR / 2)
    sectors = list(dict.fromkeys(literal(r["filiere"]) for r in rows))
    category_axis(chart, sectors)
    euro_axis(chart, "Recettes", range=[0, end])
    chart.update(barmode="overlay", showlegend=False)
    return chart.figure("Recettes par filière", height=max(260, 40 + 72 * len(sectors)))


def result_vs_target_rows(results: dict[str, Totals]) -> list[dict[str, Any]]:
    """One row per scenario, in the order given (the current situation first): the compared figure, its state
    (colour, pattern) and its label, written after the bar, or after the target line when the bar stops short of
    it (never across the line, never over a hatched bar)."""
    target = next(iter(results.values())).target_amount if results else 0.0
    rows = []
    for rank, (name, totals) in enumerate(results.items()):
        value = _compared(totals)
        state = "current" if name == DEFAULT_SCENARIO_NAME else _state(totals)
        rows.append({"scenario": name, "libelle": literal_lines(name, 24), "rang": rank, "montant": float(value),
                     "position": float(max(value, target, 0.0)), "ecart": float(totals.gap),
                     "etat": state, "couleur": SAFE_COLORS[state],
                     "texte": f"{fmt.euros(value)}  (écart {fmt.signed_euros(totals.gap)})"})
    return rows


def result_vs_target(results: dict[str, Totals]) -> go.Figure:
    """One horizontal bar per scenario (the compared figure), blue when the target is reached, vermillion and
    hatched when not, grey and dotted for the current situation (on top); the target as a line."""
    rows = result_vs_target_rows(results)
    first = next(iter(results.values()), None)
    target = first.target_amount if first else 0.0
    basis = first.target_basis if first else "margin"
    high = max([*(r["montant"] for r in rows), target, 0.0])
    low = min([*(r["montant"] for r in rows), 0.0])
    start = low - 0.1 * ((high - low) or 1.0) if low < 0 else 0.0
    label = TARGET_BASES[basis]
    chart = Chart()
    chart.add(bar_trace(
        x=[r["montant"] for r in rows], y=[r["rang"] for r in rows], orientation="h", width=0.7, name="scénarios",
        showlegend=False,
        marker={"color": [r["couleur"] for r in rows], "line": {"color": BLACK, "width": 1},
                "pattern": pattern([r["etat"] for r in rows])},
        customdata=custom((r["scenario"], fmt.euros(r["montant"]), fmt.signed_euros(r["ecart"])) for r in rows),
        hovertemplate=hover(label, "Écart à l'objectif")))
    chart.add(labels([r["position"] for r in rows], [r["rang"] for r in rows], [r["texte"] for r in rows],
                         size=FONT_SIZE + 2))
    for r in rows:
        if r["etat"] == "current":
            outline(chart, 0, r["montant"], r["rang"] - 0.35, r["rang"] + 0.35)
    target_line(chart, target, target_legend(target, basis))
    category_axis(chart, [r["libelle"] for r in rows], tickfont={"size": FONT_SIZE + 2})
    end = axis_end(start, high or 1.0, [(r["position"], r["texte"]) for r in rows], FONT_SIZE + 2)
    euro_axis(chart, label, range=[start, end])
    return chart.figure("Résultat face à l'objectif", height=110 + 90 * max(len(rows), 1))
