"""Réseau — where the network's files are: a folder (a shared drive, a USB key) or files dropped on the page;
each file checked, the refused ones listed with their reason."""

from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from otmodel import columns as col
from otmodel import format as fmt
from otmodel.network import settings as network_settings
from otmodel.network.folder import Network
from otmodel.ui import feedback, french, widgets
from otmodel.ui import network as ui_network

FOLDER, DROPPED = "Un dossier", "Des fichiers déposés"


def _refused(network: Network) -> None:
    if not network.refused:
        return
    count = len(network.refused)
    st.warning(f"{count} fichier{'s' if count > 1 else ''} refusé{'s' if count > 1 else ''} : les autres sont "
               "comparés. Les raisons sont ci-dessous.")
    with st.expander(f"Fichiers refusés ({count})"):
        widgets.table(pd.DataFrame([{"fichier": r.file, "raison": r.reason} for r in network.refused]),
                      {"fichier": col.FILE, "raison": col.REFUSAL}, name="reseau_refuses", width="stretch")


def _ignored(count: int) -> str:
    s = "s" if count > 1 else ""
    return f"{fmt.number(count)} autre{s} fichier{s} du dossier ignoré{s} (pas .parquet)"


def _read(source: str, saved: network_settings.NetworkSettings,
          where: DeltaGenerator) -> tuple[Network | None, str | None]:
    if source == DROPPED:
        with where:
            files = french.file_input("Fichiers des offices (.parquet)", ["parquet"], key="reseau_files",
                                      accept_multiple_files=True)
        return (ui_network.read_dropped(files) if files else None), None
    default = ui_network.default_folder()
    shown = saved.folder or (str(default) if default.is_dir() else "")
    typed = where.text_input("Dossier du réseau", value=shown, key="reseau_folder",
                             placeholder="par exemple /media/cle-usb/reseau ou \\\\serveur\\reseau",
                             help="Le dossier où chaque office a déposé son fichier (sous-dossiers compris).")
    if not typed.strip():
        return None, None
    with feedback.refusals():
        return ui_network.read_folder(typed.strip()), str(Path(typed.strip()))
    return None, None


def section(saved: network_settings.NetworkSettings) -> tuple[Network | None, str | None]:
    """The network read (None until there is one) and its folder (None for dropped files)."""
    st.header("Le réseau")
    choice, files = st.columns([1, 3])  # one row: the projector's first screen keeps room for our place
    source = choice.radio("Les fichiers du réseau", [FOLDER, DROPPED], key="reseau_source")
    network, folder = _read(source, saved, files)
    if network is None:
        st.info("Choisissez le dossier où les offices déposent leurs fichiers, ou déposez-les ici. Le réseau de "
                "démonstration (`make demo`) est dans le dossier « reseau » à côté de la base ; le fichier de votre "
                "office s'exporte ci-dessous.")
        return None, None
    offices = network.offices["office"].nunique()
    st.caption(f"{fmt.number(network.files)} fichier{'s' if network.files > 1 else ''} lu"
               f"{'s' if network.files > 1 else ''}, {fmt.number(offices)} office{'s' if offices > 1 else ''}"
               + (f" ; {_ignored(len(network.ignored))}" if network.ignored else "") + ".")
    _refused(network)
    return network, folder
