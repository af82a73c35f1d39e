"""The Synthèse page's figures: revenue, costs and result against the target, businesses, revenue by category."""

from __future__ import annotations

import pandas as pd

from otmodel import format as fmt
from otmodel import vocab
from otmodel.charts import COLORS, EUROS, FONT_SIZE, NUMBER, STATUT_COLORS, Spec, styled
from otmodel.model.scenario import TARGET_BASES
from otmodel.scenarios.charts import target_legend


def target_chart(revenue: float, costs: float, margin: float, target: float, basis: str) -> Spec:
    """Revenue, costs and result as bars, with the target as a thick black line across the bar it applies to."""
    labels = ["Recettes", "Coûts", "Résultat"]
    amounts = [revenue, costs, margin]
    colors = [COLORS["revenue"], COLORS["costs"], COLORS["margin_ok"] if margin >= 0 else COLORS["margin_ko"]]
    bars = [{"poste": label, "montant": amount, "milieu": amount / 2, "texte": fmt.euros(amount), "couleur": color}
            for label, amount, color in zip(labels, amounts, colors, strict=True)]
    aimed = TARGET_BASES[basis]
    top = max([*amounts, target, 0]) * 1.15
    bottom = min([*amounts, 0]) * 1.15
    y_scale = {"domain": [bottom, top or 1], "nice": False}
    return styled({
        "data": {"values": bars},
        "encoding": {"x": {"field": "poste", "type": "nominal", "sort": labels,
                           "axis": {"title": None, "labelAngle": 0, "labelFontSize": FONT_SIZE + 2}}},
        "layer": [
            {"mark": {"type": "bar"},
             "encoding": {"y": {"field": "montant", "type": "quantitative", "scale": y_scale,
                                "axis": {"format": EUROS, "title": None, "tickCount": 5}},
                          "color": {"field": "couleur", "type": "nominal", "scale": None},
                          "tooltip": [{"field": "poste", "title": "Poste"},
                                      {"field": "montant", "title": "Montant", "format": EUROS,
                                       "formatType": "number"}]}},
            {"mark": {"type": "text", "color": "white", "fontSize": FONT_SIZE + 6, "fontWeight": "bold"},
             "encoding": {"y": {"field": "milieu", "type": "quantitative", "scale": y_scale},
                          "text": {"field": "texte"}}},
            # The target is named in the legend, where it never covers a bar's figure.
            {"data": {"values": [{"poste": aimed, "objectif": target,
                                  "legende": target_legend(target, basis)}]},
             "mark": {"type": "tick", "thickness": 5, "bandSize": 0.96},
             "encoding": {"y": {"field": "objectif", "type": "quantitative", "scale": y_scale},
                          "color": {"field": "legende", "type": "nominal", "scale": {"range": [COLORS["target"]]},
                                    "legend": {"title": None, "labelFontSize": FONT_SIZE + 2}}}},
        ],
        "resolve": {"scale": {"color": "independent"}},
    }, height=440)


def businesses_by_sector(frame: pd.DataFrame) -> Spec:
    """Horizontal stacked bars: businesses of each sector by statut. frame: filiere, statut, entreprises."""
    statuts = list(vocab.STATUTS_PARTENAIRE)
    data = frame[frame["entreprises"] > 0].assign(
        filiere=lambda f: [vocab.label(vocab.FILIERES, code) for code in f["filiere"]],
        rang=lambda f: [statuts.index(s) for s in f["statut"]],
        statut=lambda f: [vocab.label(vocab.STATUTS_PARTENAIRE, s) for s in f["statut"]],
    )
    sectors = data["filiere"].nunique()
    return styled({
        "data": {"values": data[["filiere", "statut", "rang", "entreprises"]].to_dict(orient="records")},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "filiere", "type": "nominal", "sort": "-x", "axis": {"title": None}},
            "x": {"field": "entreprises", "type": "quantitative", "aggregate": "sum", "stack": "zero",
                  "axis": {"title": "Entreprises", "format": NUMBER, "tickMinStep": 1, "tickCount": 8}},
            "color": {"field": "statut", "type": "nominal", "title": None,
                      "scale": {"domain": list(vocab.STATUTS_PARTENAIRE.values()),
                                "range": [STATUT_COLORS[s] for s in statuts]}},
            "order": {"field": "rang"},
            "tooltip": [{"field": "filiere", "title": "Filière"}, {"field": "statut", "title": "Statut"},
                        {"field": "entreprises", "aggregate": "sum", "title": "Entreprises", "format": NUMBER}],
        },
    }, height=max(300, 40 * sectors))


def revenue_bars(series: pd.Series, vocabulary: dict[str, str], color: str = COLORS["revenue"]) -> Spec:
    """Revenue by a category (famille, filière…), largest first, labelled in euros."""
    data = series[series > 0].sort_values(ascending=False)
    bars = [{"categorie": vocab.label(vocabulary, code), "recettes": float(amount), "texte": fmt.euros(amount)}
            for code, amount in data.items()]
    # Room on the right for the figures written after each bar.
    x = {"field": "recettes", "type": "quantitative",
         "scale": {"domain": [0, (float(data.max()) if len(data) else 1) * 1.35], "nice": False},
         "axis": {"format": EUROS, "title": None, "tickCount": 4}}
    y = {"field": "categorie", "type": "nominal", "sort": None, "axis": {"title": None}}
    return styled({
        "data": {"values": bars},
        "encoding": {"y": y, "x": x},
        "layer": [
            {"mark": {"type": "bar", "color": color},
             "encoding": {"tooltip": [{"field": "categorie", "title": "Catégorie"},
                                      {"field": "recettes", "title": "Recettes", "format": EUROS}]}},
            {"mark": {"type": "text", "align": "left", "dx": 8}, "encoding": {"text": {"field": "texte"}}},
        ],
    }, height=max(160, 48 * len(bars)))
