"""Partenaires: the partner base against the territory — coverage, targets, concentration, movement, club pro."""

import pandas as pd
import streamlit as st

from otmodel import columns as col
from otmodel import format as fmt
from otmodel import vocab
from otmodel.portfolio import charts, partners
from otmodel.ui import data, roles, widgets

COVERAGE = {"entreprises": col.BUSINESSES, "partenaires": col.PARTNERS, "anciens": col.FORMER_PARTNERS,
            "prospects": col.PROSPECTS, "taux": col.COVERAGE}


def chosen_view() -> list[str] | None:
    """Exhaustive (every business of the territory, None) or targeted (the sectors chosen)."""
    view_col, sectors_col = st.columns([1, 3])
    view = view_col.radio("Vue", ["exhaustive", "ciblee"], horizontal=True,
                          format_func={"exhaustive": "Exhaustive", "ciblee": "Ciblée"}.get,
                          help="Exhaustive : toutes les entreprises du territoire. Ciblée : les filières choisies.")
    if view != "ciblee":
        return None
    return sectors_col.multiselect("Filières ciblées", list(vocab.FILIERES), default=list(partners.CORE_SECTORS),
                                   format_func=vocab.FILIERES.get)


def coverage_figures(by_sector: pd.DataFrame) -> None:
    """The territory's businesses (the count every page shows), its partners, the coverage and who to win."""
    businesses, partner_count = int(by_sector["entreprises"].sum()), int(by_sector["partenaires"].sum())
    former = int(by_sector["anciens"].sum())
    total_col, partner_col, rate_col, potential_col = st.columns(4)
    total_col.metric("Entreprises du territoire", fmt.number(businesses), border=True,
                     help=f"Toutes les entreprises connues de la vue, sauf les {fmt.number(former)} anciens "
                          "partenaires, comptés à part : le même compte que Synthèse et Présentation.")
    partner_col.metric("Partenaires", fmt.number(partner_count), border=True)
    rate_col.metric("Taux de couverture", fmt.percent(partners.overall_coverage(by_sector)), border=True,
                    help="Partenaires / entreprises du territoire.")
    potential_col.metric("Entreprises à conquérir", fmt.number(businesses - partner_count), border=True,
                         help=f"Entreprises du territoire qui ne sont pas partenaires (prospects, non partenaires), "
                              f"et {fmt.number(former)} anciens partenaires à reconquérir en plus.")


def coverage(table: pd.DataFrame, group: str) -> None:
    chart_col, table_col = st.columns([3, 2], gap="large")
    with chart_col:
        widgets.chart(charts.coverage_chart(table), key=f"coverage_{group}")
    with table_col:
        widgets.table(table, {"libelle": col.SECTOR if group == "filiere" else col.COMMUNE, **COVERAGE})


def targets_and_prospects(chosen: list[str] | None) -> None:
    st.subheader("Filières sous-représentées")
    targets = data.cached(partners.target_sectors, chosen)
    if targets.empty:
        st.success("Aucune filière n'est sous-représentée dans cette vue.")
    else:
        st.caption(f"Filières dont la couverture est inférieure à {fmt.number(partners.UNDER * 100)} % de la "
                   "couverture de la vue, avec ce que leurs entreprises ont exprimé (enquête : importance "
                   "moyenne ; carnet d'écoute : thèmes cités).")
        widgets.table(targets, {"libelle": col.SECTOR, "entreprises": col.BUSINESSES, "partenaires": col.PARTNERS,
                                "taux": col.COVERAGE, "a_conquerir": col.TO_WIN, "besoins": col.NEEDS_EXPRESSED})
    found = data.cached(partners.prospects)
    st.subheader(f"Prospects ({fmt.number(len(found))})")
    widgets.table(found.assign(filiere=found["filiere"].map(vocab.FILIERES)),
                  {"id": col.IDENTIFIER, "nom": col.BUSINESS, "filiere": col.SECTOR, "commune": col.COMMUNE,
                   "besoins": col.NEEDS_IN_SURVEY, "derniere_rencontre": col.LAST_MET,
                   "besoin_exprime": col.NEED_HEARD_IN_LOG}, name="prospects", grows=True, filtered=False)


def concentration(year: int) -> None:
    st.subheader(f"Recettes {year} par partenaire")
    revenue = data.cached(partners.partner_revenue, year)
    if revenue.empty:
        st.info(f"Aucun partenaire n'a payé de service en {year}.")
        return
    top10, top20 = partners.top_share(revenue, 0.1), partners.top_share(revenue, 0.2)
    paying_col, top10_col, top20_col = st.columns(3)
    paying_col.metric("Partenaires payants", fmt.number(len(revenue)), border=True,
                      help=f"Recettes totales : {fmt.euros(revenue['montant'].sum())}")
    top10_col.metric("Part des 10 % premiers", fmt.percent(top10), border=True)
    top20_col.metric("Part des 20 % premiers", fmt.percent(top20), border=True)
    widgets.chart(charts.pareto_chart(partners.pareto(revenue), top10, top20), key="pareto")


def movement(year: int) -> None:
    st.caption("Un partenaire est actif une année s'il a souscrit au moins une offre hors service public cette "
               "année-là. Repères associatifs : renouvellement médian 85 %, 74 % la première année.")
    moves = data.cached(partners.movement)
    if not moves["nouveaux"].notna().any():
        st.info("Il faut les souscriptions de deux années qui se suivent pour mesurer les mouvements.")
        return
    chart_col, table_col = st.columns([3, 2], gap="large")
    with chart_col:
        widgets.chart(charts.movement_chart(moves), key="movement")
    with table_col:
        by_sector = data.cached(partners.movement, True)
        by_sector = by_sector[by_sector["annee"] == by_sector["annee"].max()]
        st.caption(f"Par filière, {year}")
        widgets.table(by_sector.assign(filiere=by_sector["filiere"].map(vocab.FILIERES)),
                      {"filiere": col.SECTOR, "actifs": col.ACTIVE, "nouveaux": col.NEWCOMERS,
                       "renouveles": col.RENEWED, "perdus": col.LOST, "taux_renouvellement": col.RENEWAL})


def club_pro() -> None:
    club = data.cached(partners.club_pro)
    st.caption(f"{fmt.number(club['membres'].sum())} membres sur {fmt.number(club['partenaires'].sum())} partenaires "
               f"({fmt.percent(club['membres'].sum() / club['partenaires'].sum() if len(club) else 0)}).")
    widgets.table(club, {"libelle": col.SECTOR, "partenaires": col.PARTNERS, "membres": col.MEMBERS,
                         "taux": col.PARTICIPATION, "rencontres_club": col.CLUB_MEETINGS})


def search() -> None:
    text_col, sector_col, status_col, commune_col, email_col = st.columns([2, 2, 2, 2, 1])
    text = text_col.text_input("Nom ou identifiant", placeholder="ex. camping")
    sectors = sector_col.multiselect("Filières", list(vocab.FILIERES), format_func=vocab.FILIERES.get,
                                     placeholder="Toutes", key="search_sectors")
    statuts = status_col.multiselect("Statuts", list(vocab.STATUTS_PARTENAIRE),
                                     format_func=vocab.STATUTS_PARTENAIRE.get, placeholder="Tous")
    commune = commune_col.selectbox("Commune", ["Toutes", *data.cached(partners.communes)])
    show_emails = email_col.checkbox("Afficher les e-mails", value=False, disabled=not roles.can_see_emails(),
                                     help="Données personnelles : masquées par défaut (projection, rapport), visibles "
                                          "par un éditeur seulement.") and roles.can_see_emails()
    found = data.read(partners.search, text, sectors, statuts, None if commune == "Toutes" else commune, show_emails)
    st.caption(f"{fmt.number(len(found))} entreprise(s)" + ("" if show_emails else " — e-mails masqués."))
    widgets.table(found.assign(filiere=found["filiere"].map(vocab.FILIERES),
                               statut=found["statut"].map(vocab.STATUTS_PARTENAIRE)),
                  {"id": col.IDENTIFIER, "nom": col.BUSINESS, "filiere": col.SECTOR, "commune": col.COMMUNE,
                   "statut": col.PARTNER_STATUS, "depuis": col.SINCE_YEAR, "club_pro": col.CLUB_PRO,
                   **({"email": col.EMAIL} if show_emails else {})}, name="entreprises", grows=True)


year = data.require_facts().year
st.title("Partenaires")
st.caption("Les partenaires face aux entreprises du territoire : qui est couvert, qui viser, d'où viennent les "
           "recettes, qui renouvelle.")
st.header("Couverture du territoire")
chosen = chosen_view()
by_sector = data.cached(partners.coverage, "filiere", chosen)
coverage_figures(by_sector)
widgets.sections("partenaires_vue", {
    "Couverture par filière": lambda: coverage(by_sector, "filiere"),
    "Couverture par commune": lambda: coverage(data.cached(partners.coverage, "commune", chosen), "commune"),
    "Cibles et prospects": lambda: targets_and_prospects(chosen),
    "Concentration des recettes": lambda: concentration(year), "Mouvements": lambda: movement(year),
    "Club pro": club_pro, "Rechercher une entreprise": search})
