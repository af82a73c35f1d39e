"""Shared page elements: the one table of the pages (its columns read from otmodel.columns), key figures (a
scenario's against the current situation), charts, tabs that run when opened."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from otmodel import charts, columns
from otmodel import format as fmt
from otmodel.columns import Column
from otmodel.data import exports
from otmodel.model.engine import Evaluation
from otmodel.model.scenario import TARGET_BASES
from otmodel.scenarios import tables

if TYPE_CHECKING:  # pandas imports its Styler (and jinja2) on first use: not at every start
    from pandas.io.formats.style import Styler

# The most rows a list sends to the browser: at a regional network's scale (100 000 businesses) whole lists
# made pages of 6 to 13 MB and 4 s first loads; nobody reads a thousand rows on screen anyway.
ROWS_SHOWN = 1_000
# The most businesses a selectbox lists (about 150 KB): above, a page asks for part of the name first.
PICKER_OPTIONS = 5_000


def chart(figure: go.Figure, key: str | None = None) -> None:
    """A chart (a Plotly figure from otmodel.charts) at full width, in the house style (theme=None keeps our
    projector-sized fonts, colours and French numbers), its modebar in French (charts.config)."""
    st.plotly_chart(figure, width="stretch", config=charts.config(figure, date.today()), key=key, theme=None)


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


def gap_metric(gap: float, target: float, basis_label: str, label: str = "Écart à l'objectif") -> None:
    """The gap to the target: green when reached, red otherwise."""
    status = "Objectif atteint" if gap >= 0 else "Objectif non atteint"
    st.metric(label, fmt.signed_euros(gap), delta=status, delta_color="green" if gap >= 0 else "red",
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
    table(tables.offers_result(evaluation, current),
          {"sphere_label": columns.SPHERE, "nom": columns.OFFER, "mode_label": columns.MODE,
           "subscribers": columns.SUBSCRIBERS_EXPECTED, "revenue": columns.REVENUE, "costs": columns.COSTS,
           "margin": columns.RESULT, "delta_margin": columns.RESULT_CHANGE, "staff_hours": columns.HOURS},
          name="scenario_offres", width="stretch")


def _config(column: Column, pinned: bool) -> object:
    """The Streamlit column of a registry column: its label and help; numbers without a format of their own, so
    that the text `styled` writes is what the browser shows (a column format would win over it)."""
    common = {"label": column.label, "help": column.help, "width": column.width, "pinned": pinned or None}
    if column.kind == "date":
        return st.column_config.DateColumn(format="DD/MM/YYYY", **common)
    if column.kind == "datetime":
        return st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm", **common)
    if column.kind == "flag":
        return st.column_config.CheckboxColumn(**common)
    if column.kind == "year":
        return st.column_config.NumberColumn(format="%d", **common)
    if column.kind in columns.FORMATTED:
        return st.column_config.NumberColumn(**common)
    return st.column_config.TextColumn(**common)


def styled(frame: pd.DataFrame, shown: Mapping[str, Column]) -> pd.DataFrame | Styler:
    """The frame with its figures written the French way (otmodel.columns). Streamlit's own number formats follow
    the browser's language and write « -628 » with a hyphen; measured in Chromium (fr-FR and en-US), a Styler's
    text is shown as is — « −628 € » in any browser — while the column keeps its numbers, so sorting stays
    numeric. It costs its build: ~22 ms for the offers' economics (26 offers × 16 columns, on the shared test
    machine), where the bare frame takes 0,6 ms; the long lists are mostly text, which it leaves alone."""
    formatters = {name: column.text for name, column in shown.items() if column.kind in columns.FORMATTED}
    return frame.style.format(formatters) if formatters else frame


def rows_caption(shown: int, total: int, hint: str) -> None:
    """Under a list cut at `shown` rows: how many there are in all, and what to do to see the others."""
    st.caption(f"{fmt.number(shown)} premières lignes sur {fmt.number(total)} — {hint}")


def table(frame: pd.DataFrame, shown: Mapping[str, Column], *, name: str | None = None, grows: bool = False,
          filtered: bool = True, pinned: str | None = None, **dataframe_kwargs: object) -> None:
    """The one table of the pages: the columns of `frame` named in `shown` (frame column → its idea in
    otmodel.columns), in that order, each under its label and written as its kind says.

    `grows`: a list that grows with the territory (businesses, meetings, comments): at most ROWS_SHOWN rows go to
    the browser, in the frame's order, and under a longer one a caption gives both counts — `filtered` says
    whether the page has filters above it to narrow it. With `name`, what is shown can be downloaded whole, as
    CSV (the page's text) and Excel (numbers kept, written the same way), files `name`.csv/.xlsx, built on click
    only; the buttons stay when a filter makes the list short — that is when the user wants the file.
    `pinned`: the column kept in view when the table scrolls sideways. Other arguments go to st.dataframe.
    """
    limit = ROWS_SHOWN if grows else len(frame)
    head = frame.head(limit)[list(shown)]
    config = {column: _config(idea, column == pinned) for column, idea in shown.items()}
    st.dataframe(styled(head, shown), hide_index=True, column_config=config, placeholder="—", **dataframe_kwargs)
    if len(frame) > limit:
        rows_caption(limit, len(frame), "filtrez pour affiner, ou téléchargez la liste complète." if filtered
                     else "la liste complète est à télécharger ci-dessous.")
    if name and len(frame):
        what = ("la liste complète" if len(frame) > limit else "la liste") if grows else "le tableau"
        with st.container(horizontal=True, gap="medium"):
            st.download_button(f"⬇️ Télécharger {what} (CSV)", lambda: exports.shown_csv(frame, shown),
                               f"{name}.csv", "text/csv", key=f"download_{name}", on_click="ignore", type="tertiary")
            st.download_button("⬇️ Excel (.xlsx)", lambda: exports.shown_xlsx(frame, shown, name), f"{name}.xlsx",
                               key=f"download_{name}_xlsx", on_click="ignore", type="tertiary")


def lasting_text(where: DeltaGenerator, label: str, key: str, **text_input: Any) -> str:
    """A text field whose value outlives it: Streamlit drops a widget's value on a run that does not draw it (a form
    shown only once a file is given), so the value is kept apart too and shown again the next time."""
    kept = f"{key}::kept"
    st.session_state.setdefault(key, st.session_state.get(kept, ""))

    def keep() -> None:
        st.session_state[kept] = st.session_state.get(key, "")

    return where.text_input(label, key=key, on_change=keep, **text_input)
