"""Présentation: the story told to elected officials, one section per screen; in workshop mode, the levers,
the gap to the target and the room's vote, for a projector."""

from datetime import date

import duckdb
import streamlit as st

from otmodel import format as fmt
from otmodel.model.engine import Facts
from otmodel.model.scenario import DEFAULT_SCENARIO_NAME, TARGET_BASES, Scenario
from otmodel.presentation import levers, report, settings, story, vote
from otmodel.presentation.bars import to_plotly
from otmodel.scenarios import store
from otmodel.ui import data, feedback, roles, widgets
from otmodel.ui import presentation as room


def prepare(con: duckdb.DuckDBPyConnection, chosen: settings.Settings, shown_names: list[str], retained: str | None
            ) -> None:
    """The director's choices: scenarios shown, the one recommended, a short text per section."""
    all_names = store.names(con)
    with st.expander("✏️ Préparer la présentation : scénarios, recommandation, textes"), st.form("pr_prepare"):
        picked = st.multiselect(f"Scénarios présentés ({settings.MAX_SCENARIOS} au plus)", all_names,
                                default=shown_names, max_selections=settings.MAX_SCENARIOS)
        recommended = st.selectbox("Scénario recommandé (parmi les scénarios présentés)", all_names,
                                   index=all_names.index(retained) if retained in all_names else None)
        texts = {key: st.text_area(f"Votre texte — {title}", value=chosen.texts.get(key, ""),
                                   max_chars=settings.MAX_TEXT, key=f"pr_text_{key}", height=90)
                 for key, title in settings.SECTIONS.items()}
        names = st.checkbox("Citer les partenaires par leur nom (sinon anonymes ; jamais d'e-mail)",
                            value=chosen.partner_names)
        if st.form_submit_button("Enregistrer les choix", type="primary", disabled=not roles.can_write()):
            with feedback.refusals():
                settings.save(data.writer(), settings.Settings(tuple(picked), recommended, texts, names))
                st.rerun()
        roles.read_only_note()


def downloads(built: story.Story) -> None:
    day = f"{built.made_on:%Y-%m-%d}"
    html_col, pdf_col, _ = st.columns([1, 1, 2])
    html_col.download_button("⬇️ Rapport HTML (hors ligne)", lambda: report.render(built, ".html"),
                             file_name=f"presentation-{day}.html", mime="text/html", key="pr_html")
    pdf_col.download_button("⬇️ Rapport PDF (A4 paysage)", lambda: report.render(built, ".pdf"),
                            file_name=f"presentation-{day}.pdf", mime="application/pdf", key="pr_pdf")


def glossary(built: story.Story) -> None:
    with st.container(key="sec-glossaire"):
        st.header("Quelques mots", anchor="glossaire")
        st.markdown("\n".join(f"- **{word}** : {meaning}" for word, meaning in built.glossary.items()))


def _reset_levers() -> None:
    for key in [k for k in st.session_state if str(k).startswith("lever_")]:
        del st.session_state[key]


@st.fragment
def workshop_levers(facts: Facts, base: Scenario) -> None:
    """The levers that matter most for the scenario, and the gap to the target, updated at once."""
    found = levers.levers(facts, base)
    left, right = st.columns([3, 2], gap="large")
    prices = {}
    with left, st.container(key="levers"):
        st.subheader("Les leviers")
        st.caption("Touche Tab pour passer d'un levier à l'autre, flèches pour changer le prix.")
        for lever in found:
            value = st.slider(f"{lever.name}", 0.0, lever.high, lever.price, lever.step, format="%.0f €",
                              key=f"lever_{base.name}_{lever.offer_id}")
            if value != lever.price:
                prices[lever.offer_id] = value
        st.button("↺ Revenir au scénario", on_click=_reset_levers, key="pr_reset_levers")
    current, tried = data.evaluate(), data.evaluate(levers.with_prices(base, prices))
    totals = tried.totals
    with right, st.container(key="gap"):
        widgets.gap_metric(totals.gap, totals.target_amount, TARGET_BASES[totals.target_basis])
        widgets.euro_metric(TARGET_BASES[totals.target_basis], story.compared(totals))
    rows = [(DEFAULT_SCENARIO_NAME, current.totals), ("Atelier", totals)]
    widgets.chart(to_plotly(story.target_chart("Face à l'objectif", rows)), key="pr_workshop_chart")


@st.fragment(run_every="2s")
def live_results() -> None:
    """The room's votes, refreshed every two seconds; comments shown as plain text."""
    con = data.cursor()
    last = vote.latest(con)
    if last is None:
        st.info("Aucun vote n'a encore été ouvert.")
        return
    found = vote.results(con, last)
    state = "ouvert" if last.is_open else f"clos le {last.closed_at:%d/%m/%Y à %H:%M}"
    st.subheader(f"{found.voters} vote(s) — vote {state}")
    table = found.table.assign(mean=found.table["mean"].map(lambda m: fmt.number(m, 1) if m == m else "—"))
    st.dataframe(table, hide_index=True, width="stretch", key="pr_vote_table",
                 column_config={"scenario": "Scénario", "ratings": "Notes", "mean": "Note moyenne (sur 5)",
                                "favourite": "Préféré"})
    for comment in found.comments[-6:]:
        st.text(f"« {comment} »")


def vote_panel(names: list[str]) -> None:
    st.header("🗳️ Le vote de la salle")
    link_col, results_col = st.columns([1, 2], gap="large")
    with link_col:
        address = st.text_input("Adresse du serveur pour les participants", key="pr_address",
                                placeholder="ex. 192.168.1.20:8501",
                                help="Laissez vide pour l'adresse de ce navigateur. Pour un vote depuis des "
                                     "téléphones, lancez l'application sur le réseau local (voir le manuel, "
                                     "docs/securite.md).")
        url = room.participant_url(address)
        st.image(vote.qr_svg(url), width=280)
        st.code(url, language=None)
        # Administering the vote is an editor's action; voting is open to every viewer.
        opened, closed = st.columns(2)
        locked = not roles.can_write()
        if opened.button("Nouveau vote", key="pr_vote_open", disabled=locked,
                         help="Ouvre un vote vide sur les scénarios présentés ; les votes précédents sont gardés "
                              "avec leur date."):
            with feedback.refusals():
                vote.open_round(data.writer(), names)
        if closed.button("Clore le vote", key="pr_vote_close", disabled=locked):
            with feedback.refusals():
                vote.close_round(data.writer())
        roles.read_only_note()
    with results_col:
        live_results()


facts = data.require_facts()
con = data.cursor()
switch_col, base_col = st.columns([1, 2], vertical_alignment="bottom")
with switch_col:
    workshop = room.workshop_switch()
room.style(workshop)
chosen = settings.load(con)
names = settings.shown_scenarios(con, chosen)
records = [store.get(con, name) for name in names]
shown = story.shown_from(facts, [(record.scenario, record) for record in records])
last = vote.latest(con)
built = story.build(con, facts, shown, chosen, vote.results(con, last) if last else None, date.today())

if workshop:
    base_name = base_col.selectbox("Scénario de départ", [DEFAULT_SCENARIO_NAME, *names], key="pr_base",
                                   index=1 + names.index(built.retained) if built.retained in names else 0)
    st.subheader(f"Atelier — {feedback.plain(str(facts.structure['nom']))}")
    base = next((r.scenario for r in records if r.name == base_name), Scenario())
    workshop_levers(facts, base)
    vote_panel(names)
else:
    st.title("Présentation")
    st.caption("Une section par écran : faites défiler, ou passez en mode atelier pour projeter en séminaire.")
    prepare(con, chosen, names, built.retained)
    downloads(built)
    for section in built.sections:
        room.section(section)
    glossary(built)
