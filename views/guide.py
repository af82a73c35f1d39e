"""Guide des partenaires: the brochure each business receives, made of a scenario — services by sphere with their
prices after its decisions — with the director's introduction and contact, as HTML and PDF."""

import streamlit as st

from otmodel.errors import Refused
from otmodel.presentation import guide, guide_document
from otmodel.scenarios import store
from otmodel.ui import data, feedback, roles
from otmodel.ui.feedback import plain


def chosen_scenario(names: list[str]) -> str:
    """The scenario the guide is made of: the applied one by default, else the one recommended or retained."""
    try:
        default = data.read(guide.default_scenario)
    except Refused:
        default = None
    return st.selectbox("Scénario", names, index=names.index(default) if default in names else 0, key="guide_scenario",
                        help="Par défaut : le scénario appliqué (page Suivi), sinon le scénario recommandé dans la "
                             "présentation, sinon le dernier scénario « Retenu ».")


def texts() -> None:
    """The introduction and the contact block, saved with the database — never over texts another session saved
    after this page showed them (the page then shows theirs)."""
    saved = data.read(guide.load_texts)
    shown = st.session_state.get("guide_texts_shown", saved)  # as the page showed them when the user typed
    st.session_state["guide_texts_shown"] = saved
    version = abs(hash(saved))  # other texts saved: fields holding them, not what was typed over the old ones
    with st.expander("✏️ Introduction et contact du guide"), st.form("guide_texts"):
        introduction = st.text_area("Introduction (vide : un texte par défaut)", value=saved.introduction,
                                    max_chars=guide.MAX_INTRODUCTION, height=120, key=f"guide_intro_{version}")
        contact = st.text_area("Bloc contact (vide : pas de bloc contact)", value=saved.contact,
                               max_chars=guide.MAX_CONTACT, height=100, key=f"guide_contact_{version}",
                               placeholder="Pôle partenaires — adresse, téléphone, courriel")
        if st.form_submit_button("Enregistrer les textes", type="primary", disabled=not roles.can_write()):
            feedback.attempt("guide_texts", lambda: data.write(guide.save_texts, guide.Texts(introduction, contact),
                                                               shown, scope="choices")
                             and "Textes du guide enregistrés.", rerun=True)
        roles.read_only_note()
    feedback.say("guide_texts")


def downloads(built: guide.Guide) -> None:
    name = f"guide-partenaires-{built.year}"
    html_col, pdf_col, _ = st.columns([1, 1, 2])
    html_col.download_button("⬇️ Guide HTML (hors ligne)", lambda: guide_document.render(built, ".html"),
                             file_name=f"{name}.html", mime="text/html", key="guide_html", on_click="ignore")
    pdf_col.download_button("⬇️ Guide PDF (A4 portrait)", lambda: guide_document.render(built, ".pdf"),
                            file_name=f"{name}.pdf", mime="application/pdf", key="guide_pdf", on_click="ignore")


def preview(built: guide.Guide) -> None:
    """The guide as partners will read it, one list per chapter: every text from users shown as typed, never as
    Markdown."""
    with st.container(border=True, key="guide_preview"):
        st.subheader(built.title, anchor=False)
        st.markdown(f"**{plain(built.office)}**")
        st.text(built.introduction)
        st.caption(guide.PRICES_NOTE)
        for chapter in built.chapters:
            st.subheader(chapter.title, anchor=chapter.sphere)
            st.caption(chapter.lead)
            st.markdown("\n".join(
                f"- **{plain(service.name)}** — **{plain(service.price)}**"
                + "".join(f"  \n  {plain(line)}" for line in (service.description, service.includes, service.for_whom)
                          if line) for service in chapter.services))
        if built.contact:
            st.subheader("Nous contacter", anchor=False)
            st.text(built.contact)


facts = data.require_facts()
st.title("Guide des partenaires")
st.caption("Le document que reçoit chaque entreprise : ce que l'office fait pour toutes gratuitement, le socle "
           "partenaire, les services à la carte et premium, avec leur prix après les décisions du scénario. Jamais de "
           "coût, d'heure, de marge ni de souscripteurs attendus. Les descriptions se modifient sur la page Offres.")
names = data.read(store.names)
if not names:
    st.info("Aucun scénario enregistré : le guide se fait d'un scénario (page Scénarios).")
    st.stop()
scenario_col, year_col = st.columns([3, 1])
with scenario_col:
    name = chosen_scenario(names)
year = year_col.number_input("Année du guide", min_value=2000, max_value=2100, step=1, format="%d",
                             value=data.read(guide.guide_year, facts, name), key=f"guide_year_{name}")
texts()
built = data.read(guide.build, data.read(store.load, name), year=int(year), facts=facts)
downloads(built)
preview(built)
