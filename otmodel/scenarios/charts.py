"""Charts of the Scénarios and Comparer pages: Vega-Lite specs in the house style (otmodel.charts), built
without Streamlit. The target is always a thick black dashed line named in a legend above the plot (where it
never covers a bar's figure); every bar carries its own figure in French euros."""

from __future__ import annotations

from typing import Any

import pandas as pd

from otmodel import format as fmt
from otmodel import vocab
from otmodel.charts import COLORS, DASH, EUROS, FONT_SIZE, SAFE_COLORS, SPLIT_LINES, Spec, styled, wrapped
from otmodel.model.engine import Evaluation, Totals
from otmodel.model.scenario import DEFAULT_SCENARIO_NAME, TARGET_BASES

WATERFALL_OFFERS = 8  # the largest effects shown one by one, the rest grouped
BULLET_ROWS = ("Résultat", "Recettes")
BULLET_HEIGHT = 300
# Bullet: what tells a bar apart once printed in black and white (the words on each bar say it too).
CURRENT_DASH = [3, 3]  # the current situation: grey, dotted outline
MISSED_DASH = [10, 4]  # a result under the target: vermillion, thick dashed outline


def _compared(totals: Totals) -> float:
    return totals.margin if totals.target_basis == "margin" else totals.revenue


def target_layer(axis: str, target: float, legend: str, width: int = 4) -> Spec:
    """The target as a black dashed rule across the plot (`axis` "x": vertical, "y": horizontal), named in the
    legend: « Objectif 200 000 € (résultat) »."""
    return {
        "data": {"values": [{"objectif": target, "legende": legend}]},
        "mark": {"type": "rule", "strokeWidth": width, "strokeDash": DASH},
        "encoding": {
            axis: {"field": "objectif", "type": "quantitative"},
            "color": {"field": "legende", "type": "nominal", "scale": {"range": [SAFE_COLORS["target"]]},
                      "legend": {"title": None, "symbolType": "stroke", "symbolDash": DASH,
                                 "symbolStrokeWidth": width, "orient": "top"}},
        },
    }


def target_legend(target: float, basis: str) -> str:
    """« Objectif 200 000 € (résultat) »."""
    return f"Objectif {fmt.euros(target)} ({TARGET_BASES[basis].lower()})"


def clear_of_target(position: float, target: float, span: float) -> float:
    """Where a label written after a bar ending at `position` starts: after the target line when the bar stops
    just short of it (the label would be crossed by the line)."""
    return target if target - 0.15 * span <= position < target else position


def _euro_axis(title: str | None = None, **more: Any) -> Spec:
    return {"format": EUROS, "title": title, "tickCount": 5, **more}


def _only(role: str) -> list[Spec]:
    return [{"filter": f"datum.role === '{role}'"}]


def bullet_rows(scenario: Totals, current: Totals) -> list[dict[str, Any]]:
    """The rows of the bullet chart: everything a new price changes (bars, labels, target, axis extent, the
    title's words and colour). The spec itself (`bullet`) never changes: Streamlit then updates the drawn
    chart in place when a price is typed, instead of building it again."""
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
    span = (high - low) or 1.0
    # The axis' extent, as two invisible points: room on the right for « Scénario : 123 456 € ».
    rows += [{"role": "bord", "montant": float(low - 0.05 * span if low < 0 else 0.0)},
             {"role": "bord", "montant": float(high + 0.6 * span)}]
    rows.append({"role": "objectif", "poste": target_row, "montant": float(target),
                 "texte": target_legend(target, scenario.target_basis)})
    rows.append({"role": "titre", "texte": "✓ Objectif atteint" if reached else "✗ Objectif non atteint",
                 "couleur": SAFE_COLORS["reached" if reached else "missed"]})
    return rows


def bullet(scenario: Totals, current: Totals) -> Spec:
    """Result and revenue of the scenario next to the current situation's, with the target as a line.

    Each bar says what it is (« Scénario : … », « Actuel : … »): no legend to match with colours, readable in
    black and white (the current situation grey with a dotted outline, a result under the target with a thick
    dashed one, and the title « ✗ Objectif non atteint ») and by colour-blind viewers (SAFE_COLORS). Only the
    rows depend on the figures (`bullet_rows`)."""
    y = {"field": "poste", "type": "nominal", "sort": list(BULLET_ROWS), "scale": {"paddingInner": 0.3},
         "axis": {"title": None, "labelFontSize": FONT_SIZE + 2, "labelPadding": 10}}
    offset = {"field": "serie", "type": "nominal", "sort": ["Scénario", DEFAULT_SCENARIO_NAME]}
    x = {"field": "montant", "type": "quantitative", "scale": {"nice": False, "zero": False},
         "axis": _euro_axis(tickCount=4)}
    label = {"y": y, "yOffset": offset, "x": {"field": "position", "type": "quantitative"}, "text": {"field": "texte"}}
    return styled({
        "data": {"values": bullet_rows(scenario, current)},
        "layer": [
            {"transform": _only("bord"), "mark": {"type": "point", "opacity": 0}, "encoding": {"x": x}},
            {"transform": _only("barre"), "mark": {"type": "bar", "stroke": "#000000"},
             "encoding": {
                 "y": y, "yOffset": offset, "x": x,
                 "color": {"field": "couleur", "type": "nominal", "scale": None},
                 "strokeWidth": {"condition": {"test": "datum.etat === 'missed'", "value": 3}, "value": 1},
                 "strokeDash": {"condition": [{"test": "datum.etat === 'current'", "value": CURRENT_DASH},
                                              {"test": "datum.etat === 'missed'", "value": MISSED_DASH}],
                                "value": [1, 0]},
                 "tooltip": [{"field": "poste", "title": "Poste"}, {"field": "serie", "title": "Situation"},
                             {"field": "montant", "title": "Montant", "format": EUROS}]}},
            {"transform": [{"filter": "datum.role === 'barre' && datum.serie === 'Scénario'"}],
             "mark": {"type": "text", "align": "left", "dx": 10, "fontSize": FONT_SIZE + 2, "fontWeight": "bold"},
             "encoding": label},
            {"transform": [{"filter": "datum.role === 'barre' && datum.serie !== 'Scénario'"}],
             "mark": {"type": "text", "align": "left", "dx": 10}, "encoding": label},
            # The target across its own row only (from the top to the bottom of its band), named in the legend.
            {"transform": _only("objectif"), "mark": {"type": "rule", "strokeWidth": 4, "strokeDash": DASH},
             "encoding": {"y": {**y, "bandPosition": 0}, "y2": {"field": "poste", "bandPosition": 1}, "x": x,
                          "color": {"field": "texte", "type": "nominal", "scale": {"range": [SAFE_COLORS["target"]]},
                                    "legend": {"title": None, "symbolType": "stroke", "symbolDash": DASH,
                                               "symbolStrokeWidth": 4, "orient": "bottom"}}}},
            # The title says whether the target is reached: a text mark above the plot, its words from the rows.
            {"transform": _only("titre"),
             "mark": {"type": "text", "align": "left", "baseline": "bottom", "fontSize": FONT_SIZE + 4,
                      "fontWeight": "bold", "x": 0, "y": -14},
             "encoding": {"text": {"field": "texte"}, "color": {"field": "couleur", "type": "nominal", "scale": None}}},
        ],
        "resolve": {"scale": {"color": "independent"}},
    }, height=BULLET_HEIGHT)


def offer_deltas(scenario: Evaluation, current: Evaluation) -> pd.Series:
    """Each offer's contribution to the change of the compared figure (result or revenue), by offer name."""
    column = "margin" if scenario.totals.target_basis == "margin" else "revenue"
    after = scenario.offers.set_index("id")[column]
    before = current.offers.set_index("id")[column].reindex(after.index)
    names = scenario.offers.set_index("id")["nom"]
    delta = (after - before).rename(index=names)
    return delta[delta.abs() >= 0.5]


def waterfall_rows(scenario: Evaluation, current: Evaluation) -> list[dict[str, Any]]:
    """The steps from the current situation to the scenario: each a bar from `debut` to `fin`, top to bottom."""
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
             "sens": "total"}]
    level = float(start)
    for name, value in steps:
        rows.append({"etape": name, "debut": level, "fin": level + value, "texte": fmt.signed_euros(value),
                     "sens": "hausse" if value >= 0 else "baisse"})
        level += value
    rows.append({"etape": "Scénario", "debut": 0.0, "fin": float(end), "texte": fmt.euros(end), "sens": "total"})
    target = scenario.totals.target_amount
    ends = [0.0, target, *(r["fin"] for r in rows)]
    span = (max(ends) - min(ends)) or 1.0
    for rank, row in enumerate(rows):
        row |= {"rang": rank, "libelle": wrapped(row["etape"], 28), "montant": row["fin"] - row["debut"],
                "position": clear_of_target(max(row["debut"], row["fin"]), target, span)}
    return rows


def waterfall(scenario: Evaluation, current: Evaluation) -> Spec:
    """From the current situation to the scenario, offer by offer (green up, red down, the two totals blue),
    with the target as a line. Horizontal, read top to bottom: offer names stay readable on a projector."""
    rows = waterfall_rows(scenario, current)
    basis, target = scenario.totals.target_basis, scenario.totals.target_amount
    low = min(0.0, target, *(r["debut"] for r in rows), *(r["fin"] for r in rows))
    high = max(0.0, target, *(r["debut"] for r in rows), *(r["fin"] for r in rows))
    span = (high - low) or 1.0
    x = {"field": "debut", "type": "quantitative",
         "scale": {"domain": [low - 0.02 * span if low < 0 else 0.0, high + 0.25 * span], "nice": False},
         "axis": _euro_axis(TARGET_BASES[basis])}
    y = {"field": "libelle", "type": "nominal", "sort": {"field": "rang"},
         "axis": {"title": None, "labelExpr": SPLIT_LINES}}
    colours = {"hausse": COLORS["margin_ok"], "baisse": COLORS["margin_ko"], "total": COLORS["revenue"]}
    return styled({
        "data": {"values": rows},
        "layer": [
            {"mark": {"type": "bar"},
             "encoding": {"y": y, "x": x, "x2": {"field": "fin"},
                          "color": {"field": "sens", "type": "nominal", "legend": None,
                                    "scale": {"domain": list(colours), "range": list(colours.values())}},
                          "tooltip": [{"field": "etape", "title": "Étape"},
                                      {"field": "montant", "title": "Effet", "format": EUROS},
                                      {"field": "fin", "title": "Cumul", "format": EUROS}]}},
            {"mark": {"type": "text", "align": "left", "dx": 8},
             "encoding": {"y": y, "x": {"field": "position", "type": "quantitative"}, "text": {"field": "texte"}}},
            target_layer("x", target, target_legend(target, basis), width=3),
        ],
        "resolve": {"scale": {"color": "independent"}},
    }, height=60 + 52 * len(rows))


def revenue_by_sector(scenario: Evaluation, current: Evaluation) -> Spec:
    """Revenue per sector, scenario next to the current situation, largest first; the scenario's figure
    written after its bar."""
    after = scenario.revenue_by("filiere")
    before = current.revenue_by("filiere").reindex(after.index).fillna(0)
    keep = (after > 0) | (before > 0)
    order = after[keep].sort_values(ascending=False).index
    rows = []
    for rank, code in enumerate(order):
        name = vocab.label(vocab.FILIERES, code)
        rows.append({"filiere": name, "rang": rank, "serie": DEFAULT_SCENARIO_NAME, "recettes": float(before[code]),
                     "texte": ""})
        rows.append({"filiere": name, "rang": rank, "serie": "Scénario", "recettes": float(after[code]),
                     "texte": fmt.euros(after[code])})
    high = max([r["recettes"] for r in rows] or [1.0]) or 1.0
    y = {"field": "filiere", "type": "nominal", "sort": [vocab.label(vocab.FILIERES, code) for code in order],
         "axis": {"title": None}}
    series = [DEFAULT_SCENARIO_NAME, "Scénario"]
    offset = {"field": "serie", "type": "nominal", "sort": series}
    x = {"field": "recettes", "type": "quantitative", "scale": {"domain": [0, high * 1.3], "nice": False},
         "axis": _euro_axis("Recettes", tickCount=4)}
    return styled({
        "data": {"values": rows},
        "encoding": {"y": y, "yOffset": offset, "x": x},
        "layer": [
            {"mark": {"type": "bar"},
             "encoding": {"color": {"field": "serie", "type": "nominal", "sort": series,
                                    "scale": {"domain": series, "range": [COLORS["muted"], COLORS["revenue"]]},
                                    "legend": {"title": None}},
                          "tooltip": [{"field": "filiere", "title": "Filière"},
                                      {"field": "serie", "title": "Situation"},
                                      {"field": "recettes", "title": "Recettes", "format": EUROS}]}},
            {"mark": {"type": "text", "align": "left", "dx": 8}, "encoding": {"text": {"field": "texte"}}},
        ],
    }, height=max(260, 64 * len(order)))


def result_vs_target_rows(results: dict[str, Totals]) -> list[dict[str, Any]]:
    """One row per scenario, in the order given (the current situation first): the compared figure, its
    colour, its label, and whether the label fits inside the bar."""
    values = [_compared(t) for t in results.values()]
    target = next(iter(results.values())).target_amount if results else 0.0
    high, low = max([*values, target, 0.0]), min([*values, 0.0])
    span = (high - low) or 1.0
    rows = []
    for rank, (name, totals) in enumerate(results.items()):
        value = _compared(totals)
        colour = (COLORS["muted"] if name == DEFAULT_SCENARIO_NAME
                  else COLORS["margin_ok"] if totals.gap >= 0 else COLORS["margin_ko"])
        rows.append({"scenario": name, "libelle": wrapped(name, 24), "rang": rank, "montant": float(value),
                     "position": float(clear_of_target(max(value, 0.0), target, span)), "ecart": float(totals.gap),
                     "couleur": colour, "texte": f"{fmt.euros(value)}  (écart {fmt.signed_euros(totals.gap)})",
                     # Inside a long bar (white), after a short one (black): never shrunk, never cut.
                     "dedans": value > 0 and value >= 0.6 * span})
    return rows


def result_vs_target(results: dict[str, Totals]) -> Spec:
    """One horizontal bar per scenario (the compared figure), green when the target is reached, red when not,
    grey for the current situation (on top); the target as a line."""
    rows = result_vs_target_rows(results)
    first = next(iter(results.values()), None)
    target = first.target_amount if first else 0.0
    basis = first.target_basis if first else "margin"
    high = max([*(r["montant"] for r in rows), target, 0.0])
    low = min([*(r["montant"] for r in rows), 0.0])
    span = (high - low) or 1.0
    # An explicit order (the layers filter their rows: Vega-Lite cannot merge a sort by field across them).
    y = {"field": "libelle", "type": "nominal", "sort": [r["libelle"] for r in rows],
         "axis": {"title": None, "labelExpr": SPLIT_LINES, "labelFontSize": FONT_SIZE + 2}}
    x = {"field": "montant", "type": "quantitative",
         "scale": {"domain": [low - 0.1 * span if low < 0 else 0.0, high + 0.5 * span], "nice": False},
         "axis": _euro_axis(TARGET_BASES[basis])}
    text = {"field": "texte"}
    return styled({
        "data": {"values": rows},
        "layer": [
            {"mark": {"type": "bar"},
             "encoding": {"y": y, "x": x, "color": {"field": "couleur", "type": "nominal", "scale": None},
                          "tooltip": [{"field": "scenario", "title": "Scénario"},
                                      {"field": "montant", "title": TARGET_BASES[basis], "format": EUROS},
                                      {"field": "ecart", "title": "Écart à l'objectif", "format": "+$,.0f"}]}},
            {"transform": [{"filter": "datum.dedans"}],
             "mark": {"type": "text", "align": "left", "dx": 10, "color": "white", "fontSize": FONT_SIZE + 2,
                      "fontWeight": "bold"},
             "encoding": {"y": y, "x": {"datum": 0, "type": "quantitative"}, "text": text}},
            {"transform": [{"filter": "!datum.dedans"}],
             "mark": {"type": "text", "align": "left", "dx": 10, "color": COLORS["target"], "fontSize": FONT_SIZE + 2},
             "encoding": {"y": y, "x": {"field": "position", "type": "quantitative"}, "text": text}},
            target_layer("x", target, target_legend(target, basis)),
        ],
        "resolve": {"scale": {"color": "independent"}},
    }, height=80 + 90 * max(len(rows), 1))
