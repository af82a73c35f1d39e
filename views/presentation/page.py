"""Présentation: the story told to elected officials, one section per screen; in workshop mode, the levers,
the gap to the target and the room's vote, for a projector."""

from datetime import date

import streamlit as st

from otmodel.model.scenario import DEFAULT_SCENARIO_NAME, Scenario
from otmodel.network import settings as network_settings
from otmodel.presentation import report, settings, story, vote
from otmodel.scenarios import store
from otmodel.ui import data, feedback, roles, widgets
from otmodel.ui import network as ui_network
from otmodel.ui import presentation as room
from views.presentation import workshop


def prepare(chosen: settings.Settings, shown_names: list[str], retained: str | None) -> None:
    """The director's choices: scenarios shown, the one recommended, a short text per section."""
    all_names = data.read(store.names)
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
            choices = settings.Settings(tuple(picked), recommended, texts, names)
            feedback.attempt("prepare", lambda: data.write(settings.save, choices, scope="choices") and
                             "Choix de la présentation enregistrés.", rerun=True)
        roles.read_only_note()
        feedback.say("prepare")


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


facts = data.require_facts()
switch_col, base_col = st.columns([1, 2], vertical_alignment="bottom")
with switch_col:
    in_workshop = room.workshop_switch()
room.style(in_workshop)
chosen = data.read(settings.load)
names = data.read(settings.shown_scenarios, chosen)
records = [data.read(store.get, name) for name in names]
shown = story.shown_from(facts, [(record.scenario, record) for record in records])
last = data.read(vote.latest)
place = ui_network.our_place(data.read(network_settings.load))  # once a network folder is chosen (page Réseau)
built = data.read(story.build, facts, shown, chosen, data.read(vote.results, last) if last else None, date.today(),
                  place)

if in_workshop:
    base_name = base_col.selectbox("Scénario de départ", [DEFAULT_SCENARIO_NAME, *names], key="pr_base",
                                   index=1 + names.index(built.retained) if built.retained in names else 0)
    st.subheader(f"Atelier — {feedback.plain(str(facts.structure['nom']))}")
    base = next((r.scenario for r in records if r.name == base_name), Scenario())
    workshop.workshop_levers(facts, base)
    workshop.vote_panel(names)
else:
    st.title("Présentation")
    widgets.page_caption("Une section par écran : faites défiler, ou passez en mode atelier pour projeter en "
                         "séminaire.", "Présentation")
    prepare(chosen, names, built.retained)
    downloads(built)
    for section in built.sections:
        room.section(section)
    glossary(built)
