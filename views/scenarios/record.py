"""Scénarios › the saved record: which scenario is open and its status, the decision record (name, author,
status, notes, decision) with the actions on the saved scenario, and the scenario file (JSON) out and in."""

import json

import streamlit as st

from otmodel import vocab
from otmodel.scenarios import store
from otmodel.scenarios.working import WorkingScenario
from otmodel.ui import data, feedback, french, roles, scenario_panels
from otmodel.ui import working_scenario as ws


def picker(draft: WorkingScenario, saved_names: list[str]) -> None:
    """Which scenario is being edited, and the saved record's status line."""
    pick_col, status_col = st.columns([3, 2], vertical_alignment="bottom")
    pick_col.selectbox("Scénario", [ws.NEW, *saved_names], key=ws.PICK, on_change=ws.pick)
    if draft.loaded:
        record = data.read(store.get, draft.loaded, check_offers=False)
        status_col.markdown(f"**{vocab.label(vocab.STATUTS_SCENARIO, record.status)}** · "
                            f"{feedback.plain(record.author) or 'auteur inconnu'} · "
                            f"modifié le {record.updated_at:%d/%m/%Y %H:%M}")
        if draft.differs_from(record):
            status_col.caption("✏️ Modifications non enregistrées")
        if draft.loaded_version not in (None, record.version):  # saved by someone else since it was opened
            by = feedback.plain(record.updated_by) or "une autre personne"
            status_col.warning(f"Enregistré depuis par « {by} » le {record.updated_at:%d/%m/%Y à %H:%M}.")
            status_col.button("Rouvrir sa version", key="sc_reopen", on_click=ws.reopen,
                              help="Ouvre la version enregistrée ; vos modifications non enregistrées sont "
                                   "abandonnées.")


def record_form() -> None:
    """The decision record (name, author, status, notes, decision) and the actions on the saved scenario."""
    st.subheader("Enregistrer et documenter la décision")
    keys = ws.RECORD_KEYS
    with st.container(border=True):
        n1, n2, n3 = st.columns([3, 2, 1])
        n1.text_input("Nom du scénario", max_chars=store.MAX_NAME, key=keys["name"], on_change=ws.remember,
                      placeholder="ex. Pack hébergement à 250 €")
        n2.text_input("Auteur", key=keys["author"], on_change=ws.remember)
        n3.selectbox("Statut", list(vocab.STATUTS_SCENARIO), key=keys["status"], on_change=ws.remember,
                     format_func=vocab.STATUTS_SCENARIO.get)
        d1, d2 = st.columns(2)
        d1.text_area("Notes", key=keys["notes"], on_change=ws.remember,
                     placeholder="Hypothèses, sources, points à vérifier…")
        d2.text_area("Décision", key=keys["decision"], on_change=ws.remember,
                     placeholder="Pourquoi ce scénario est retenu ou écarté.")
        locked = not roles.can_write()
        b1, b2, b3, b4, b5 = st.columns(5)
        b1.button("Enregistrer", type="primary", on_click=ws.save, key="sc_save", width="stretch", disabled=locked)
        b2.button("Dupliquer", on_click=ws.duplicate, key="sc_duplicate", width="stretch", disabled=locked)
        b3.button("Renommer", on_click=ws.rename, key="sc_rename", width="stretch", disabled=locked)
        b4.button("Supprimer", on_click=ws.delete, key="sc_delete", width="stretch", disabled=locked)
        b5.checkbox("Confirmer la suppression", key=ws.CONFIRM_DELETE, disabled=locked)
        roles.read_only_note()
        scenario_panels.conflict_choice()
        feedback.say(ws.PLACE)


def exchange(draft: WorkingScenario, offer_ids: set[str]) -> None:
    """Export the working scenario as a scenario file, or import one."""
    with st.expander("Exporter ou importer un scénario (JSON)"):
        if draft.problem(offer_ids) is None:
            st.download_button("Exporter ce scénario (JSON)", draft.scenario().dumps().encode("utf-8"),
                               file_name=f"{(draft.name.strip() or 'scenario').replace('/', '-')}.json",
                               mime="application/json", key="sc_export")
        if roles.can_write():  # a disabled uploader still holds a live file input: none for a viewer
            french.file_input("Importer un fichier de scénario (JSON, même format que l'export)", ["json"],
                              key=ws.IMPORT, on_change=ws.import_file)
        st.caption("Format : " + json.dumps({"name": "…", "offers": {"<offre>": {"mode": "paid", "price": 250}}},
                                            ensure_ascii=False))
