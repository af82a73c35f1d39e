"""The way in, where a page needs a territory the database does not hold yet (app.py shows it in place of the
page): try a demo territory in this database, or import one's own files from Données."""

from __future__ import annotations

import streamlit as st

from otmodel import manual
from otmodel.data import exports
from otmodel.demo import loading
from otmodel.ui import data, feedback, roles, widgets
from otmodel.ui import presentation as room

PLACE = "start"
IMPORT_PAGE = "views/donnees/page.py"
TEMPLATES_HELP = "fichiers.md"  # « ## Les modèles »: each template, column by column
NEEDED = {"structure": "la structure de l'office (structure.csv)", "offres": "ses offres (offres.csv)"}


def panel(title: str) -> None:
    """In place of a page that needs the territory: what is missing and the two ways to start."""
    st.title(title)
    if room.is_participant():
        st.info("La présentation n'est pas encore prête. Attendez que l'animateur ouvre le vote, puis rechargez "
                "la page.")
        return
    empty = data.read(loading.is_empty)
    if empty:
        st.info("La base est vide. Découvrez otmodel sur un territoire de démonstration, ou importez les fichiers "
                "de votre office.")
    else:
        missing = " et ".join(NEEDED[name] for name in data.read(loading.needed))
        st.warning(f"Cette page a besoin de {missing}, que la base ne contient pas encore : importez-les depuis la "
                   "page Données.")
    feedback.say(PLACE)
    demo_col, import_col = st.columns(2, border=True, gap="large")
    with demo_col:
        try_demo(empty)
    with import_col:
        import_files()


def try_demo(empty: bool) -> None:
    """A demo territory into this database — only an empty one, and only by someone who may write."""
    st.subheader("🧭 Essayer avec la démonstration")
    st.markdown("Un territoire **fictif** complet, installé dans cette base : entreprises, offres, souscriptions, "
                "enquêtes, rencontres, équipe et quatre scénarios enregistrés. Vous pourrez ensuite importer vos "
                "fichiers dans une autre base.")
    choice = st.radio("Territoire", loading.DEMOS, format_func=loading.LABELS.get, key="start_demo")
    allowed = empty and roles.can_write()
    if st.button("Essayer avec la démonstration", type="primary", disabled=not allowed, key="start_demo_go"):
        with st.spinner("Installation de la démonstration (quelques secondes)…"):
            feedback.attempt(PLACE, lambda: data.write(loading.load, choice).message(), rerun=True)
    if not empty:
        st.caption("La démonstration ne s'installe que dans une base vide, pour ne pas se mêler à vos données.")
    roles.read_only_note()


def import_files() -> None:
    """Where one's own files go in, and the templates to fill."""
    st.subheader("📥 Importer mes fichiers")
    st.markdown("Les fichiers de votre office, tels qu'Excel les enregistre (CSV ou .xlsx), dans cet "
                "ordre : **structure** (l'office et son objectif), **entreprises et partenaires**, **offres**, puis "
                "souscriptions, enquêtes, rencontres et équipe. Chaque modèle est décrit colonne par colonne dans "
                f"[l'aide]({widgets.HELP_PATH}#{manual.manual().anchor(TEMPLATES_HELP, manual.slug('Les modèles'))}).")
    st.page_link(IMPORT_PAGE, label="Importer mes fichiers", icon="📥")
    st.download_button("Modèles de fichiers vides (ZIP)", exports.templates_zip(), "modeles_otmodel.zip",
                       "application/zip", key="start_templates")
