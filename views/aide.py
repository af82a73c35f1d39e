"""Aide: the users' manual (docs/), offline — a search, the table of contents in the sidebar, then every document.
Each page's caption links to its section here; links between documents are anchors of this page."""

import streamlit as st

from otmodel import manual as docs
from otmodel.ui import feedback

HEADINGS = {1: st.title, 2: st.header, 3: st.subheader}  # deeper headings read as the third level


def contents(found: docs.Manual) -> None:
    """In the sidebar, always in view: every document and its sections."""
    with st.sidebar:
        st.markdown("**📖 Sommaire de l'aide**")
        st.markdown("\n".join(("- " if section.level == 1 else "    - ") + f"[{section.title}](#{section.anchor})"
                              for section in found.sections if section.level <= 2))


def search(found: docs.Manual) -> None:
    """The sections holding every word typed, each a link to its place below."""
    query = st.text_input("🔎 Chercher dans l'aide", key="aide_search",
                          placeholder="ex. Van Westendorp, mot de passe, importer un fichier Excel")
    if not query.strip():
        return
    hits = found.search(query)
    if not hits:  # the query is user text: shown as typed, never as Markdown
        st.info(f"Rien dans l'aide ne contient « {feedback.plain(query)} ». Essayez un autre mot.")
        return
    st.caption(f"{len(hits)} section(s) contiennent « {feedback.plain(query)} » : cliquez pour y aller.")
    st.markdown("\n".join(f"- [{feedback.plain(hit.where)}](#{hit.section.anchor}) — {feedback.plain(hit.snippet)}"
                          for hit in hits))


def manual_text(found: docs.Manual) -> None:
    """Every document, section after section, each heading carrying its anchor."""
    for section in found.sections:
        HEADINGS[min(section.level, 3)](section.title, anchor=section.anchor)
        for block in section.blocks:
            if block.image is not None:
                st.image(str(block.image), caption=block.markdown)
            else:
                st.markdown(block.markdown)


found = docs.manual()
st.title("Aide", anchor=False)
st.caption("Le manuel d'otmodel, sur cet ordinateur (rien n'est cherché sur Internet) : démarrer, chaque page, "
           "les fichiers modèles, les méthodes de calcul, la sécurité. Le sommaire est dans la barre latérale.")
search(found)
contents(found)
manual_text(found)
