"""Shared page elements: headers, key figures (a scenario's against the current situation), charts, long lists."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from otmodel import format as fmt
from otmodel.data import exports
from otmodel.model.engine import Evaluation
from otmodel.model.scenario import TARGET_BASES
from otmodel.scenarios import tables

# The most rows a list sends to the browser: at a regional network's scale (100 000 businesses) whole lists
# made pages of 6 to 13 MB and 4 s first loads; nobody reads a thousand rows on screen anyway.
ROWS_SHOWN = 1_000
# The most businesses a selectbox lists (about 150 KB): above, a page asks for part of the name first.
PICKER_OPTIONS = 5_000


def chart(spec: dict, key: str | None = None) -> None:
    """A chart (a Vega-Lite spec from otmodel.charts) at full width, in the house style (theme=None keeps our
    projector-sized fonts and French numbers)."""
    st.vega_lite_chart(spec, width="stretch", key=key, theme=None)


def sections(key: str, drawn: dict[str, Callable[[], None]]) -> None:
    """Tabs of which only the open one runs: a page's further analyses are computed, sent and drawn when the
    director opens them, not on every first load (each chart and table costs the browser time); `key` keeps
    the open tab across reruns. For views only: the widgets of a closed tab lose their state, so a form or
    any input whose typing must survive never goes in one."""
    tabs = st.tabs(list(drawn), key=key, on_change="rerun")
    for draw, tab in zip(drawn.values(), tabs, strict=True):
        if tab.open:
            with tab:
                draw()


def change(delta: float | None, text: str, up_is_good: bool = True) -> dict:
    """st.metric's arguments for a change shown under a figure: its French text (« −8 853 € », a true minus),
    the arrow of its sign and the colour of the news — costs or hours going up is bad news, in red. Streamlit
    reads the sign from a leading hyphen only, so a true minus would get a green up arrow: both are set here."""
    if delta is None:
        return {}
    good = (delta > 0) == up_is_good
    return {"delta": text, "delta_arrow": "up" if delta > 0 else "down", "delta_color": "green" if good else "red"}


def euro_metric(label: str, amount: float, delta: float | None = None, help_text: str | None = None,
                up_is_good: bool = True) -> None:
    st.metric(label, fmt.euros(amount), help=help_text, border=True,
              **change(delta, "" if delta is None else fmt.signed_euros(delta), up_is_good))


def gap_metric(gap: float, target: float, basis_label: str) -> None:
    """The gap to the target: green when reached, red otherwise."""
    status = "Objectif atteint" if gap >= 0 else "Manque pour atteindre l'objectif"
    st.metric("Écart à l'objectif", fmt.signed_euros(gap), delta=status, delta_color="green" if gap >= 0 else "red",
              help=f"{basis_label} − objectif ({fmt.euros(target)})", border=True, delta_arrow="off")


def _change(delta: float) -> float | None:
    """A delta worth showing against the current situation (none below half a unit)."""
    return delta if abs(delta) >= 0.5 else None


def scenario_figures(evaluation: Evaluation, current: Evaluation) -> None:
    """Two rows of figures against the current situation: the money a director reads aloud (revenue, costs,
    result, gap to the target), then the team's hours, public-service coverage, partners and subscriptions."""
    t, c = evaluation.totals, current.totals
    m1, m2, m3, m4 = st.columns(4)
    with m1:
        euro_metric("Recettes", t.revenue, delta=_change(t.revenue - c.revenue))
    with m2:
        euro_metric("Coûts", t.costs, delta=_change(t.costs - c.costs), up_is_good=False)
    with m3:
        euro_metric("Résultat", t.margin, delta=_change(t.margin - c.margin))
    with m4:
        gap_metric(t.gap, t.target_amount, TARGET_BASES[t.target_basis])
    h1, h2, h3, h4 = st.columns(4)
    hours_delta = _change(t.staff_hours - c.staff_hours)
    h1.metric(f"Heures d'équipe (sur {fmt.number(t.staff_hours_available)} h)", f"{fmt.number(t.staff_hours)} h",
              **change(hours_delta, fmt.signed_number(hours_delta or 0, "h"), up_is_good=False), border=True,
              help="Heures fixes et heures par abonné de chaque offre active, face aux heures disponibles.")
    coverage_delta = (t.public_coverage - c.public_coverage) * 100
    h2.metric("Couverture service public", fmt.percent(t.public_coverage, 0), border=True,
              **change(_change(coverage_delta), fmt.signed_number(coverage_delta, "pts")),
              help="Part des entreprises du territoire dont la filière est visée par une offre gratuite active.")
    partners_delta = _change(t.partners_reached - c.partners_reached)
    h3.metric("Partenaires touchés", fmt.number(t.partners_reached), border=True,
              **change(partners_delta, fmt.signed_number(partners_delta or 0)),
              help="Situation actuelle : le nombre exact d'entreprises ayant au moins une souscription l'année "
                   f"de référence (dont {fmt.number(c.free_beneficiaries)} bénéficiaires d'un service gratuit). "
                   "Scénario : une estimation — dans chaque filière, les offres sont supposées prises "
                   "indépendamment, puis recalées pour retrouver le nombre exact actuel "
                   f"(ici {fmt.number(t.free_beneficiaries)} bénéficiaires d'un service gratuit).")
    subscriptions_delta = _change(t.subscriptions - c.subscriptions)
    h4.metric("Souscriptions", fmt.number(t.subscriptions), border=True,
              **change(subscriptions_delta, fmt.signed_number(subscriptions_delta or 0)),
              help="Abonnés de toutes les offres (des espérances : non arrondies dans les calculs).")
    if t.staff_hours > t.staff_hours_available:
        st.warning(f"⚠️ Ce scénario demande {fmt.number(t.staff_hours - t.staff_hours_available)} h de plus que "
                   "les heures disponibles de l'équipe : sous-traitez, relayez ou arrêtez un service.")


def offers_table(evaluation: Evaluation, current: Evaluation) -> None:
    """The scenario's results offer by offer, with the change of result against the current situation."""
    table = tables.offers_result(evaluation, current)
    st.dataframe(table[["sphere_label", "nom", "mode_label", "subscribers", "revenue", "costs", "margin",
                        "delta_margin", "staff_hours"]], hide_index=True, width="stretch",
                 column_config={
                     "sphere_label": "Sphère", "nom": "Offre", "mode_label": "Mode",
                     "subscribers": st.column_config.NumberColumn("Abonnés", format="%.1f"),
                     "revenue": st.column_config.NumberColumn("Recettes", format="%.0f €"),
                     "costs": st.column_config.NumberColumn("Coûts", format="%.0f €"),
                     "margin": st.column_config.NumberColumn("Résultat", format="%.0f €"),
                     "delta_margin": st.column_config.NumberColumn("Écart au résultat actuel", format="%+.0f €"),
                     "staff_hours": st.column_config.NumberColumn("Heures", format="%.0f h")})


def shown_headers(frame: pd.DataFrame, column_config: Mapping[str, object],
                  column_order: list[str] | None = None) -> dict[str, str]:
    """Column → the header the user reads, for the columns a table shows (column_order, else every column but
    those configured as None, i.e. hidden): a str label, or the "label" of a st.column_config object (a dict)."""
    headers = {}
    for column in column_order or list(frame.columns):
        config = column_config.get(column, column)
        if config is None:
            continue
        label = config if isinstance(config, str) else (config.get("label") if isinstance(config, Mapping) else None)
        headers[column] = label or column
    return headers


def list_csv(frame: pd.DataFrame, headers: Mapping[str, str]) -> bytes:
    """The whole list as the user reads it — the shown columns under their French headers, in the frame's
    order — as CSV for French Excel (lists joined by |, oui/non)."""
    return exports.to_csv_bytes(exports.plain(frame[list(headers)].rename(columns=dict(headers))))


def rows_caption(shown: int, total: int, hint: str) -> None:
    """Under a list cut at `shown` rows: how many there are in all, and what to do to see the others."""
    st.caption(f"{fmt.number(shown)} premières lignes sur {fmt.number(total)} — {hint}")


def long_table(frame: pd.DataFrame, *, name: str, column_config: dict, limit: int | None = None,
               filtered: bool = True, **dataframe_kwargs) -> None:
    """A list that grows with the territory (businesses, meetings, comments): at most `limit` rows (ROWS_SHOWN)
    go to the browser, in the frame's order; under a longer list, a caption gives both counts. Below any
    non-empty list, a download of the WHOLE list (CSV for French Excel, file `name`.csv, the headers shown):
    the button stays when a filter makes the list short — that is when the user wants the file. The CSV is
    built on click only (a callable), from the frame this run computed.

    `filtered`: whether the page has filters above this list (the caption invites to use them, or only to
    download). `dataframe_kwargs` go to st.dataframe (width, column_order…); the index is hidden.
    """
    limit = ROWS_SHOWN if limit is None else limit
    st.dataframe(frame.head(limit), hide_index=True, column_config=column_config, placeholder="—", **dataframe_kwargs)
    if len(frame) > limit:
        rows_caption(limit, len(frame), "filtrez pour affiner, ou téléchargez la liste complète." if filtered
                     else "la liste complète est à télécharger ci-dessous.")
    if len(frame):
        headers = shown_headers(frame, column_config, dataframe_kwargs.get("column_order"))
        st.download_button("⬇️ Télécharger la liste complète (CSV)" if len(frame) > limit
                           else "⬇️ Télécharger la liste (CSV)", lambda: list_csv(frame, headers), f"{name}.csv",
                           "text/csv", key=f"download_{name}", on_click="ignore", type="tertiary")
