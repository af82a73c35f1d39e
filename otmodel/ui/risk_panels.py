"""Risk and time on the Scénarios page: the ranges of the inputs, the « Risques » view (probability of
reaching the target, distribution, tornado) and the « Trajectoire » view (three years).

Every range widget has a stable key made of a prefix and the input's place in the scenario; its callbacks
write the working scenario and keep the three widgets of a row (text, low, high) in agreement.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from otmodel import format as fmt
from otmodel.model import risk
from otmodel.model.engine import Facts
from otmodel.model.scenario import TARGET_BASES, Scenario
from otmodel.scenarios import risk_charts, uncertainty, working
from otmodel.ui import data, feedback, numbers, widgets
from otmodel.ui import working_scenario as ws

PLACE = "scenario_ranges"
TEXT, LOW, HIGH = (f"{ws.RANGE_PREFIX}{part}::" for part in ("text", "low", "high"))
TRAJECTORY_INPUTS = {  # assumption → (label, help)
    "renewal_rate": ("Renouvellement (%)", "Part des abonnés d'une année qui renouvellent l'année suivante "
                                           "(médiane des associations : 85 %)."),
    "new_subscriber_rate": ("Nouveaux abonnés (%)", "Nouveaux abonnés chaque année, en part des abonnés de "
                                                    "l'année précédente."),
    "price_indexation": ("Hausse des prix (%/an)", "Tous les prix payants augmentent de ce pourcentage chaque année "
                                                   "(sans effet sur la demande)."),
    "cost_indexation": ("Hausse des coûts (%/an)", "Coûts fixes, coûts par abonné et coût horaire de l'équipe."),
}
RANGES_HELP = ("Une valeur mal connue peut recevoir une **fourchette** : tapez « 0,3 à 0,7 » ou remplissez bas et "
               "haut. La valeur probable reste celle du scénario (hypothèses ci-dessus, colonne Prix) : la "
               "simulation tire le plus souvent des valeurs proches d'elle (loi triangulaire). Laissez vide : pas "
               "de fourchette.")


def _row(facts: Facts, key: str) -> uncertainty.RangeRow | None:
    return next((r for r in uncertainty.range_rows(facts, ws.working().spec) if r.key == key), None)


def _bound_reading(row: uncertainty.RangeRow, label: str) -> numbers.Reading:
    return numbers.Reading(f"{label} — {row.name}", unit="€" if row.euros else "", low=0.0, optional=True)


def _show_bounds(row: uncertainty.RangeRow, bounds: tuple[float, float] | None) -> None:
    for prefix, label, bound in zip((LOW, HIGH), ("Bas", "Haut"), bounds or (None, None), strict=True):
        numbers.set_number(prefix + row.key, bound, _bound_reading(row, label))
    st.session_state[TEXT + row.key] = uncertainty.range_text(*bounds) if bounds else ""


def _set_range(facts: Facts, key: str, read: str) -> None:
    """on_change of a row's text (read="text") or bounds (read="bounds"): the range into the scenario."""
    row = _row(facts, key)
    if row is None:
        return

    def change() -> str:
        if read == "text":
            bounds = uncertainty.parse_range_text(st.session_state.get(TEXT + key, ""), row.name)
        else:
            low, high = numbers.accepted(LOW + key), numbers.accepted(HIGH + key)
            if (low is None) != (high is None):
                return ""  # half a range: wait for the other bound
            bounds = None if low is None else (float(low), float(high))
        draft = ws.working()
        draft.spec = uncertainty.with_range(draft.spec, row, bounds)
        _show_bounds(row, bounds)
        return ""

    feedback.attempt(PLACE, change)


def _suggest(facts: Facts) -> None:
    """on_click: the suggested range on every input that has none."""
    draft = ws.working()
    draft.spec = uncertainty.with_suggestions(draft.spec, uncertainty.range_rows(facts, draft.spec))
    ws.forget_inputs()


def ranges_panel(facts: Facts, spec: dict) -> None:
    """The inputs of the spec that may have a range, one row each: its value, a text « 0,3 à 0,7 », low, high."""
    with st.expander("Incertitudes : fourchettes des hypothèses et des prix", expanded=False):
        st.markdown(RANGES_HELP)
        rows = uncertainty.range_rows(facts, spec)
        st.button("Proposer des fourchettes (à ajuster)", key="sc_ranges_suggest", on_click=_suggest, args=(facts,),
                  help="Remplit les entrées sans fourchette avec une fourchette usuelle autour de leur valeur : "
                       "élasticité et conversion ±40 %, effet gratuité ±20 %, coût horaire et prix ±10 %, abonnés "
                       "attendus ±30 %. Chacune se corrige ou s'efface ensuite.")
        feedback.say(PLACE)
        head = st.columns([3, 1.3, 2, 1.3, 1.3])
        for column, title in zip(head, ["Entrée", "Valeur", "Fourchette", "Bas", "Haut"], strict=True):
            column.caption(title)
        for row in rows:
            st.session_state.setdefault(TEXT + row.key, row.text)
            name, value, text, low, high = st.columns([3, 1.3, 2, 1.3, 1.3], vertical_alignment="center")
            name.text(row.name)  # offer names are user text: never Markdown
            value.text(fmt.euros(row.likely, 2) if row.euros else fmt.number(row.likely, 2))
            text.text_input(f"Fourchette — {row.name}", key=TEXT + row.key, label_visibility="collapsed",
                            placeholder=f"ex. {row.suggestion_text}", on_change=_set_range,
                            args=(facts, row.key, "text"))
            for column, prefix, label, bound in ((low, LOW, "Bas", row.low), (high, HIGH, "Haut", row.high)):
                numbers.number_field(f"{label} — {row.name}", prefix + row.key, _bound_reading(row, label), bound,
                                     where=column, on_change=_set_range, args=(facts, row.key, "bounds"),
                                     label_visibility="collapsed")


def risks_view(facts: Facts, scenario: Scenario) -> None:
    """Probability of reaching the target, the distribution of the result, and what weighs most."""
    sim = data.simulation(scenario)
    st.markdown(f"#### {feedback.plain(sim.sentence())}")
    label = TARGET_BASES[sim.basis]
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Objectif atteint", fmt.percent(sim.probability(), 0), border=True,
              help=f"Part des {fmt.number(sim.draws)} simulations dont le {label.lower()} atteint l'objectif.")
    c2.metric(f"{label} P10", fmt.euros(sim.p10), border=True, help="9 simulations sur 10 font mieux.")
    c3.metric(f"{label} médian", fmt.euros(sim.p50), border=True, help="La moitié des simulations font mieux.")
    c4.metric(f"{label} P90", fmt.euros(sim.p90), border=True, help="1 simulation sur 10 fait mieux.")
    if not sim.inputs:
        st.info("Aucune fourchette pour l'instant : ouvrez « Incertitudes » ci-dessus, tapez par exemple « 0,3 à "
                "0,7 » pour l'élasticité, ou cliquez « Proposer des fourchettes ».")
    widgets.chart(risk_charts.distribution(sim), key="sc_risk_distribution")
    if sim.inputs:
        st.caption(f"{fmt.number(sim.draws)} tirages indépendants de {len(sim.inputs)} fourchette(s) (loi "
                   f"triangulaire autour de la valeur probable), graine {sim.seed} : les mêmes chiffres à chaque "
                   "affichage.")
    st.markdown("**Ce qui pèse le plus** — chaque entrée seule, à sa valeur basse puis haute (sa fourchette, ou "
                "±20 % sans fourchette), les autres à leur valeur probable.")
    widgets.chart(risk_charts.tornado(risk.tornado(facts, scenario)), key="sc_risk_tornado")


def trajectory_view(facts: Facts) -> None:
    """Three years ahead: renewal, new subscribers, indexation of prices and costs."""
    draft = ws.working()
    values = working.trajectory_values(draft.spec)
    columns = st.columns(len(TRAJECTORY_INPUTS))
    typed = {}
    for column, (key, (label, help_text)) in zip(columns, TRAJECTORY_INPUTS.items(), strict=True):
        widget_key = ws.TRAJECTORY_PREFIX + key
        reading = numbers.Reading(label, unit="%", decimals=1, low=-100.0 if key.endswith("indexation") else 0.0,
                                  high=100.0 if key != "new_subscriber_rate" else 1000.0)
        typed[key] = numbers.number_field(label, widget_key, reading, round(values[key] * 100, 1), where=column,
                                          help=help_text) / 100
    draft.spec = working.with_trajectory(draft.spec, typed)
    result = data.projection(draft.scenario())
    widgets.chart(risk_charts.trajectory(result), key="sc_trajectory_chart")
    label = TARGET_BASES[result.basis]
    table = pd.DataFrame({str(y.year): [fmt.euros(y.revenue), fmt.euros(y.costs), fmt.euros(y.margin),
                                        fmt.signed_euros(y.gap), fmt.number(y.subscriptions)] for y in result.years},
                         index=["Recettes", "Coûts", "Résultat", f"Écart à l'objectif ({label.lower()})",
                                "Souscriptions"])
    st.dataframe(table, width="stretch")
    st.caption(f"{result.years[0].year} : le scénario tel quel. Ensuite, les abonnés de chaque offre et filière × "
               "(renouvellement + nouveaux), sans dépasser les entreprises visées ; les prix et les coûts suivent "
               "leur hausse annuelle.")
