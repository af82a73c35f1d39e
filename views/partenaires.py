"""Partenaires: the partner base against the territory — coverage, targets, concentration, movement, club pro."""

import streamlit as st

from otmodel import format as fmt
from otmodel import vocab
from otmodel.portfolio import charts, partners
from otmodel.ui import data, roles, widgets

facts = data.require_facts()

st.title("Partenaires")
st.caption("Les partenaires face aux entreprises du territoire : qui est couvert, qui viser, d'où viennent les "
           "recettes, qui renouvelle.")

# --- the view (targeted or exhaustive) and its coverage, then one analysis at a time ---------------
st.header("Couverture du territoire")
view_col, sectors_col = st.columns([1, 3])
view = view_col.radio("Vue", ["exhaustive", "ciblee"], horizontal=True,
                      format_func={"exhaustive": "Exhaustive", "ciblee": "Ciblée"}.get,
                      help="Exhaustive : toutes les entreprises du territoire. Ciblée : les filières choisies.")
chosen = None
if view == "ciblee":
    chosen = sectors_col.multiselect("Filières ciblées", list(vocab.FILIERES), default=list(partners.CORE_SECTORS),
                                     format_func=vocab.FILIERES.get)
by_sector = data.cached(partners.coverage, "filiere", chosen)
total_col, partner_col, rate_col, potential_col = st.columns(4)
total_col.metric("Entreprises", fmt.number(by_sector["entreprises"].sum()), border=True)
partner_col.metric("Partenaires", fmt.number(by_sector["partenaires"].sum()), border=True)
rate_col.metric("Taux de couverture", fmt.percent(partners.overall_coverage(by_sector)), border=True)
potential_col.metric("Entreprises à conquérir", fmt.number(by_sector["entreprises"].sum()
                                                           - by_sector["partenaires"].sum()), border=True,
                     help="Entreprises de la vue qui ne sont pas partenaires (anciens, prospects, non partenaires).")

COVERAGE_COLUMNS = {"libelle": "Groupe", "entreprises": "Entreprises", "partenaires": "Partenaires",
                    "anciens": "Anciens", "prospects": "Prospects",
                    "taux": st.column_config.NumberColumn("Couverture", format="%.0f %%")}


def coverage(group: str) -> None:
    table = by_sector if group == "filiere" else data.cached(partners.coverage, group, chosen)
    chart_col, table_col = st.columns([3, 2], gap="large")
    with chart_col:
        widgets.chart(charts.coverage_chart(table), key=f"coverage_{group}")
    with table_col:
        st.dataframe(table.assign(taux=table["taux"] * 100)[list(COVERAGE_COLUMNS)], hide_index=True,
                     column_config=COVERAGE_COLUMNS)


def targets_and_prospects() -> None:
    st.subheader("Filières sous-représentées")
    targets = data.cached(partners.target_sectors, chosen)
    if targets.empty:
        st.success("Aucune filière n'est sous-représentée dans cette vue.")
    else:
        st.caption(f"Filières dont la couverture est inférieure à {fmt.number(partners.UNDER * 100)} % de la "
                   "couverture de la vue, avec ce que leurs entreprises ont exprimé (enquête : importance "
                   "moyenne ; carnet d'écoute : thèmes cités).")
        st.dataframe(targets.assign(taux=targets["taux"] * 100)[["libelle", "entreprises", "partenaires", "taux",
                                                                   "a_conquerir", "besoins"]],
                     hide_index=True, column_config={
                         "libelle": "Filière", "entreprises": "Entreprises", "partenaires": "Partenaires",
                         "taux": st.column_config.NumberColumn("Couverture", format="%.0f %%"),
                         "a_conquerir": "À conquérir",
                         "besoins": st.column_config.TextColumn("Ce qu'elles expriment", width="large")})
    found = data.cached(partners.prospects)
    st.subheader(f"Prospects ({fmt.number(len(found))})")
    widgets.long_table(found.assign(filiere=found["filiere"].map(vocab.FILIERES)), name="prospects", filtered=False,
                       column_config={
                           "id": "Identifiant", "nom": "Entreprise", "filiere": "Filière", "commune": "Commune",
                           "besoins": st.column_config.TextColumn("Besoins importants (enquête)", width="medium"),
                           "derniere_rencontre": st.column_config.DateColumn("Dernière rencontre",
                                                                             format="DD/MM/YYYY"),
                           "besoin_exprime": st.column_config.TextColumn("Besoin exprimé (carnet)", width="medium")})


def concentration() -> None:
    st.subheader(f"Recettes {facts.year} par partenaire")
    revenue = data.cached(partners.partner_revenue, facts.year)
    if revenue.empty:
        st.info(f"Aucun partenaire n'a payé de service en {facts.year}.")
    else:
        top10, top20 = partners.top_share(revenue, 0.1), partners.top_share(revenue, 0.2)
        paying_col, top10_col, top20_col = st.columns(3)
        paying_col.metric("Partenaires payants", fmt.number(len(revenue)), border=True,
                          help=f"Recettes totales : {fmt.euros(revenue['montant'].sum())}")
        top10_col.metric("Part des 10 % premiers", fmt.percent(top10), border=True)
        top20_col.metric("Part des 20 % premiers", fmt.percent(top20), border=True)
        widgets.chart(charts.pareto_chart(partners.pareto(revenue), top10, top20), key="pareto")


def movement() -> None:
    st.caption("Un partenaire est actif une année s'il a souscrit au moins une offre hors service public cette "
               "année-là. Repères associatifs : renouvellement médian 85 %, 74 % la première année.")
    moves = data.cached(partners.movement)
    if moves["nouveaux"].notna().any():
        chart_col, table_col = st.columns([3, 2], gap="large")
        with chart_col:
            widgets.chart(charts.movement_chart(moves), key="movement")
        with table_col:
            by_year_sector = data.cached(partners.movement, True)
            by_year_sector = by_year_sector[by_year_sector["annee"] == by_year_sector["annee"].max()]
            st.caption(f"Par filière, {facts.year}")
            st.dataframe(by_year_sector.assign(filiere=by_year_sector["filiere"].map(vocab.FILIERES),
                                               taux_renouvellement=by_year_sector["taux_renouvellement"] * 100)
                         [["filiere", "actifs", "nouveaux", "renouveles", "perdus", "taux_renouvellement"]],
                         hide_index=True, column_config={
                             "filiere": "Filière", "actifs": "Actifs", "nouveaux": "Nouveaux",
                             "renouveles": "Renouvelés", "perdus": "Perdus",
                             "taux_renouvellement": st.column_config.NumberColumn("Renouvellement",
                                                                                  format="%.0f %%")})
    else:
        st.info("Il faut les souscriptions de deux années qui se suivent pour mesurer les mouvements.")


def club_pro() -> None:
    club = data.cached(partners.club_pro)
    st.caption(f"{fmt.number(club['membres'].sum())} membres sur {fmt.number(club['partenaires'].sum())} partenaires "
               f"({fmt.percent(club['membres'].sum() / club['partenaires'].sum() if len(club) else 0)}).")
    shown = club.assign(taux=club["taux"] * 100)[["libelle", "partenaires", "membres", "taux", "rencontres_club"]]
    st.dataframe(shown, hide_index=True, column_config={
        "libelle": "Filière", "partenaires": "Partenaires", "membres": "Membres",
        "taux": st.column_config.NumberColumn("Participation", format="%.0f %%"),
        "rencontres_club": "Rencontres en club pro (carnet)"})


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
    results = data.read(partners.search, text, sectors, statuts, None if commune == "Toutes" else commune, show_emails)
    st.caption(f"{fmt.number(len(results))} entreprise(s)" + ("" if show_emails else " — e-mails masqués."))
    widgets.long_table(results.assign(filiere=results["filiere"].map(vocab.FILIERES),
                                      statut=results["statut"].map(vocab.STATUTS_PARTENAIRE)), name="entreprises",
                       column_config={
                           "id": "Identifiant", "nom": "Entreprise", "filiere": "Filière", "commune": "Commune",
                           "statut": "Statut", "depuis": st.column_config.NumberColumn("Depuis", format="%d"),
                           "club_pro": "Club pro", "email": "E-mail"})


widgets.sections("partenaires_vue", {
    "Couverture par filière": lambda: coverage("filiere"), "Couverture par commune": lambda: coverage("commune"),
    "Cibles et prospects": targets_and_prospects, "Concentration des recettes": concentration,
    "Mouvements": movement, "Club pro": club_pro, "Rechercher une entreprise": search})
