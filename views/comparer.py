"""Comparer: 2 to 4 saved scenarios side by side with the current situation."""

import pandas as pd
import streamlit as st

from otmodel import vocab
from otmodel.model import engine
from otmodel.model.engine import Evaluation, Facts
from otmodel.model.scenario import DEFAULT_SCENARIO_NAME
from otmodel.scenarios import charts, store, tables
from otmodel.scenarios.store import SavedScenario
from otmodel.ui import data, feedback, widgets


def usable() -> dict[str, SavedScenario]:
    """The saved scenarios that fit the data; those set aside (after a restore or an import) are said, not a crash."""
    found, set_aside = data.read(store.list_usable)
    for name, reason in set_aside.items():
        st.warning(f"« {feedback.plain(name)} » mis de côté : {feedback.plain(reason)}")
    return {s.name: s for s in found}


def target(evaluations: dict[str, Evaluation]) -> None:
    st.subheader("Résultat face à l'objectif")
    widgets.chart(charts.result_vs_target({name: ev.totals for name, ev in evaluations.items()}),
                  key="cmp_target")


def key_figures(evaluations: dict[str, Evaluation]) -> None:
    """Each scenario's totals, with the gap to the current situation in brackets."""
    st.subheader("Chiffres clés")
    numbers = tables.totals_table(evaluations)
    shown = pd.DataFrame(index=numbers.index)
    for name in numbers.columns:
        values = [tables.format_total(row, numbers.at[row, name]) for row in numbers.index]
        if name != DEFAULT_SCENARIO_NAME:
            deltas = numbers[name] - numbers[DEFAULT_SCENARIO_NAME]
            values = [f"{v}  ({tables.format_total(row, deltas[row], signed=True)})"
                      if v != tables.format_total(row, numbers.at[row, DEFAULT_SCENARIO_NAME]) else v  # a change shown
                      for v, row in zip(values, numbers.index, strict=True)]
        shown[name] = values
    st.dataframe(shown, width="stretch")
    st.caption("Entre parenthèses : l'écart avec la situation actuelle.")


def decisions(facts: Facts, chosen: dict[str, SavedScenario]) -> None:
    """Offer by offer, what each scenario decides; the offers decided differently highlighted."""
    st.subheader("Les décisions, offre par offre")
    table = tables.decisions_table(facts, {name: record.scenario for name, record in chosen.items()})
    differs = table.pop("differs")
    only_differences = st.toggle("Seulement les offres où les scénarios diffèrent", value=True, key="cmp_only_diff")
    view = table[differs] if only_differences else table
    st.dataframe(view.style.apply(lambda row: ["background-color: #fff3cd; font-weight: 600" if differs[row.name]
                                               else "" for _ in row], axis=1), width="stretch",
                 height=min(35 * (len(view) + 1) + 3, 900))
    st.caption(f"{int(differs.sum())} offre(s) décidée(s) différemment, surlignées, sur {len(table)} : "
               f"{engine.catalogue_text(facts.offers)}.")


def outlook(current: Evaluation, chosen: dict[str, SavedScenario]) -> None:
    st.subheader("Risque et trajectoire")
    scenarios = {DEFAULT_SCENARIO_NAME: current.scenario, **{name: r.scenario for name, r in chosen.items()}}
    st.dataframe(tables.outlook_table({n: data.simulation(s) for n, s in scenarios.items()},
                                      {n: data.projection(s) for n, s in scenarios.items()}), width="stretch")
    st.caption("La première année : le scénario tel quel, et la part des simulations (les fourchettes de chaque "
               "scénario) qui atteignent l'objectif — sans fourchette, rien n'est tiré : 0 % ou 100 % ne disent que "
               "le calcul du modèle. La dernière année : la trajectoire (renouvellement, nouveaux abonnés, hausse des "
               "prix et des coûts ; page Scénarios, vue Trajectoire), qui peut repasser sous l'objectif.")


def records(chosen: dict[str, SavedScenario]) -> None:
    st.subheader("Statut et décision")
    for column, (name, record) in zip(st.columns(len(chosen)), chosen.items(), strict=True):
        with column.container(border=True):  # user text: shown as typed, never as Markdown
            st.markdown(f"**{feedback.plain(name)}**  \n{vocab.label(vocab.STATUTS_SCENARIO, record.status)} · "
                        f"{feedback.plain(record.author) or 'auteur inconnu'}")
            if record.decision:
                st.text(record.decision)
            else:
                st.caption("Pas encore de décision.")
            if record.notes:
                st.caption(feedback.plain(record.notes))


facts = data.require_facts()
current = data.evaluate()
st.title("Comparer des scénarios")
saved = usable()
if len(saved) < 2:
    st.info("Enregistrez au moins deux scénarios (page Scénarios) pour les comparer.")
    st.stop()
names = st.multiselect("Scénarios à comparer (2 à 4)", list(saved), default=list(saved)[:3], max_selections=4,
                       key="cmp_chosen")
if len(names) < 2:
    st.warning("Choisissez au moins deux scénarios.")
    st.stop()
chosen = {name: saved[name] for name in names}
evaluations = {DEFAULT_SCENARIO_NAME: current, **{name: data.evaluate(r.scenario) for name, r in chosen.items()}}
target(evaluations)
key_figures(evaluations)
decisions(facts, chosen)
outlook(current, chosen)
records(chosen)
