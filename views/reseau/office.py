"""Réseau — our office: its profile for the network (population and tourist beds, optional) and its file."""

import streamlit as st

from otmodel import format as fmt
from otmodel.model.engine import Facts
from otmodel.network import export
from otmodel.network import settings as network_settings
from otmodel.ui import data, feedback, numbers, roles
from otmodel.ui import network as ui_network

POPULATION = numbers.Reading("Population", "", 0, 0, network_settings.MAX_COUNT, optional=True)
BEDS = numbers.Reading("Lits touristiques", "", 0, 0, network_settings.MAX_COUNT, optional=True)
PLACE = "reseau_profile"


def _ratio(saved: network_settings.NetworkSettings) -> str:
    if saved.touristicity is None:
        return "Touristicité inconnue : saisissez la population et les lits touristiques pour comparer par quartile " \
               "de touristicité, comme PILOT."
    return f"Touristicité : {fmt.number(saved.touristicity, 1)} lits touristiques pour 100 habitants."


def profile(saved: network_settings.NetworkSettings) -> None:
    """Population and tourist beds: optional; with both, the office's touristicité is known."""
    with st.form("reseau_profile"):
        st.markdown("**Profil de l'office** (facultatif)")
        left, right = st.columns(2)
        population = numbers.number_field("Population", "reseau_population", POPULATION, saved.population,
                                          where=left, in_form=True, help="Habitants permanents du territoire.")
        beds = numbers.number_field("Lits touristiques", "reseau_beds", BEDS, saved.tourist_beds, where=right,
                                    in_form=True, help="Marchands et non marchands (résidences secondaires).")
        st.caption(_ratio(saved))
        if st.form_submit_button("Enregistrer le profil", disabled=not roles.can_write()):
            chosen = network_settings.NetworkSettings(
                None if population is None else int(population), None if beds is None else int(beds),
                saved.folder, saved.peer_group)
            feedback.attempt(PLACE, lambda: data.write(network_settings.save, chosen, scope="choices") and
                             "Profil de l'office enregistré.", rerun=True)
        roles.read_only_note()
    feedback.say(PLACE)


def our_file(facts: Facts) -> None:
    """The office's network file: anonymous by construction."""
    st.markdown("**Notre fichier pour le réseau**")
    st.download_button("⬇️ Exporter mes indicateurs (.parquet)", ui_network.export_file,
                       file_name=export.file_name(str(facts.structure["nom"]), facts.year),
                       mime="application/octet-stream", on_click="ignore", key="reseau_export", type="primary")
    st.caption(f"Le profil de l'office et ses indicateurs {facts.year}, calculés comme dans les autres pages : ni "
               "nom, ni e-mail, ni commentaire de partenaire. Déposez-le dans le dossier partagé du réseau (ou "
               "sur la clé USB du séminaire).")


def section(facts: Facts, saved: network_settings.NetworkSettings) -> None:
    st.header("Notre office")
    left, right = st.columns([3, 2], gap="large")
    with left:
        profile(saved)
    with right:
        our_file(facts)
