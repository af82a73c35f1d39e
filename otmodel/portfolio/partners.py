"""The partner base against the territory: coverage, targets, revenue concentration, movement, club pro.

Definitions (documented in docs/methodes.md, « Portefeuille de partenaires et d'offres ») :
- coverage of a group (sector, commune) = current partners (statut partenaire) / businesses of the territory —
  every business but former partners (statut ancien), as the model's universe counts them; former partners are
  counted apart, as businesses to win back;
- the targeted view keeps the chosen sectors (by default the tourism core, CORE_SECTORS); the exhaustive
  view keeps every business of the territory;
- an under-represented sector has a coverage below UNDER × the coverage of the whole view;
- a partner is active in a year when it subscribed to at least one offer outside the public-service sphere
  that year (public services reach every business, partner or not): new = active this year, not the year
  before; renewed = active both years; lapsed = active the year before only; renewal rate = renewed /
  active the year before;
- concentration: the partners who paid something in the year, sorted by what they paid; the top 10 % (20 %)
  is the first ceil(10 % × n) of them.
"""

from __future__ import annotations

import math

import duckdb
import pandas as pd

from otmodel import vocab

CORE_SECTORS = ("hebergement", "restauration", "loisirs", "culture", "sport", "terroir")
UNDER = 0.8
GROUPS = {"filiere": vocab.FILIERES, "commune": None}


def coverage(con: duckdb.DuckDBPyConnection, by: str = "filiere", sectors: list[str] | None = None) -> pd.DataFrame:
    """Businesses vs partners per sector or commune, within the chosen sectors (all when None).

    Columns: code, libelle, entreprises (of the territory), partenaires, anciens (former partners, outside the
    territory), prospects, non_partenaires, taux, sous_represente.
    """
    if by not in GROUPS:
        raise ValueError(f"by must be one of {list(GROUPS)}")
    # `by` is one of two fixed column names (checked above), never user text.
    frame = con.execute(f"""
        SELECT coalesce({by}, '(sans commune)') AS code,
               count(*) FILTER (WHERE {vocab.IN_TERRITORY}) AS entreprises,
               count(*) FILTER (WHERE statut = 'partenaire') AS partenaires,
               count(*) FILTER (WHERE NOT {vocab.IN_TERRITORY}) AS anciens,
               count(*) FILTER (WHERE statut = 'prospect') AS prospects,
               count(*) FILTER (WHERE statut = 'non_partenaire') AS non_partenaires
        FROM partenaires
        WHERE ? IS NULL OR filiere IN (SELECT unnest(?))
        GROUP BY ALL ORDER BY entreprises DESC, code
    """, [None if sectors is None else "x", list(sectors or [])]).df()
    labels = GROUPS[by]
    frame["libelle"] = frame["code"].map(lambda c: vocab.label(labels, c) if labels else c)
    frame["taux"] = (frame["partenaires"] / frame["entreprises"].where(frame["entreprises"] > 0)).fillna(0.0)
    overall = overall_coverage(frame)
    # A group with former partners only has no business of the territory to cover: never under-represented.
    frame["sous_represente"] = (frame["taux"] < UNDER * overall) & (frame["entreprises"] > 0)
    return frame[["code", "libelle", "entreprises", "partenaires", "anciens", "prospects", "non_partenaires", "taux",
                  "sous_represente"]]


def overall_coverage(frame: pd.DataFrame) -> float:
    """Partners / businesses over a coverage table."""
    total = frame["entreprises"].sum()
    return float(frame["partenaires"].sum() / total) if total else 0.0


def target_sectors(con: duckdb.DuckDBPyConnection, sectors: list[str] | None = None) -> pd.DataFrame:
    """Under-represented sectors as targets, with what their businesses expressed (survey and log).

    Columns: code, libelle, entreprises, partenaires, taux, a_conquerir (businesses not partners), besoins
    (the three most important survey themes of the sector, then the log's most mentioned).
    """
    table = coverage(con, "filiere", sectors)
    targets = table[table["sous_represente"]].copy()
    targets["a_conquerir"] = targets["entreprises"] - targets["partenaires"]
    targets["besoins"] = [expressed_by_sector(con, code) for code in targets["code"]]
    return targets[["code", "libelle", "entreprises", "partenaires", "taux", "a_conquerir", "besoins"]].reset_index(
        drop=True)


def expressed_by_sector(con: duckdb.DuckDBPyConnection, sector: str, top: int = 3) -> str:
    """« Vente en ligne (4,2/5) · Photos (3,9/5) · rencontres : Mobilité ×3 » for one sector."""
    survey = con.execute("""
        SELECT b.theme, avg(b.importance) AS importance FROM besoins b JOIN partenaires p ON p.id = b.partenaire_id
        WHERE p.filiere = ? GROUP BY b.theme ORDER BY importance DESC, b.theme LIMIT ?
    """, [sector, top]).fetchall()
    heard = con.execute("""
        SELECT trim(t) AS theme, count(*) AS n
        FROM (SELECT unnest(string_split(themes, '|')) AS t FROM rencontres WHERE filiere = ? AND themes IS NOT NULL)
        WHERE trim(t) <> '' GROUP BY ALL ORDER BY n DESC, theme LIMIT ?
    """, [sector, top]).fetchall()
    parts = [f"{theme} ({importance:.1f}/5)".replace(".", ",") for theme, importance in survey]
    if heard:
        parts.append("rencontres : " + ", ".join(f"{theme} ×{n}" for theme, n in heard))
    return " · ".join(parts)


def prospects(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Prospects with what they said: id, nom, filiere, commune, besoins (survey themes rated 4 or 5),
    derniere_rencontre, besoin_exprime (the need noted at their last meeting)."""
    return con.execute("""
        WITH last AS (
            SELECT partenaire_id, date, besoin,
                   row_number() OVER (PARTITION BY partenaire_id ORDER BY date DESC, id DESC) AS k
            FROM rencontres WHERE partenaire_id IS NOT NULL
        ),
        said AS (
            SELECT partenaire_id, string_agg(theme, ' · ' ORDER BY importance DESC, theme) AS besoins
            FROM besoins WHERE importance >= 4 GROUP BY partenaire_id
        )
        SELECT p.id, p.nom, p.filiere, p.commune, s.besoins, l.date AS derniere_rencontre, l.besoin AS besoin_exprime
        FROM partenaires p
        LEFT JOIN said s ON s.partenaire_id = p.id
        LEFT JOIN last l ON l.partenaire_id = p.id AND l.k = 1
        WHERE p.statut = 'prospect'
        ORDER BY (s.besoins IS NULL AND l.date IS NULL), l.date DESC NULLS LAST, p.nom
    """).df()


def partner_revenue(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """What each business paid in the year (only those who paid something), largest first: id, nom, filiere,
    montant."""
    return con.execute("""
        SELECT p.id, p.nom, p.filiere, sum(s.montant) AS montant
        FROM souscriptions s JOIN partenaires p ON p.id = s.partenaire_id
        WHERE s.annee = ? GROUP BY ALL HAVING sum(s.montant) > 0
        ORDER BY montant DESC, p.id
    """, [year]).df()


def top_share(revenue: pd.DataFrame, fraction: float) -> float:
    """Share of the revenue paid by the top `fraction` of paying partners (ceil of the count)."""
    total = revenue["montant"].sum()
    if not total:
        return 0.0
    count = math.ceil(fraction * len(revenue))
    return float(revenue["montant"].iloc[:count].sum() / total)


def pareto(revenue: pd.DataFrame) -> pd.DataFrame:
    """The Pareto curve: rang, part_partenaires (cumulated share of partners), part_recettes (of revenue)."""
    total = revenue["montant"].sum()
    n = len(revenue)
    return pd.DataFrame({"rang": range(1, n + 1), "part_partenaires": [(i + 1) / n for i in range(n)],
                         "part_recettes": (revenue["montant"].cumsum() / total).to_numpy() if total else 0.0})


def movement(con: duckdb.DuckDBPyConnection, by_sector: bool = False) -> pd.DataFrame:
    """New, renewed and lapsed partners per year (and sector) up to the base year, with the renewal rate (a later
    year is in progress: its partners still to come would read as lost).

    Columns: annee, [filiere,] actifs, nouveaux, renouveles, perdus, taux_renouvellement (NaN the first year).
    """
    active = con.execute("""
        SELECT DISTINCT s.annee, s.partenaire_id, p.filiere
        FROM souscriptions s JOIN offres o ON o.id = s.offre_id JOIN partenaires p ON p.id = s.partenaire_id
        WHERE o.sphere <> 'service_public' AND s.annee <= (SELECT max(annee) FROM structure)
    """).df()
    if active.empty:
        return pd.DataFrame(columns=["annee", *(["filiere"] if by_sector else []), "actifs", "nouveaux", "renouveles",
                                     "perdus", "taux_renouvellement"])
    years = sorted(active["annee"].unique())
    groups = sorted(active["filiere"].unique()) if by_sector else [None]
    rows = []
    for group in groups:
        scope = active if group is None else active[active["filiere"] == group]
        sets = {y: set(scope.loc[scope["annee"] == y, "partenaire_id"]) for y in years}
        for index, year in enumerate(years):
            now = sets[year]
            before = sets[years[index - 1]] if index and years[index - 1] == year - 1 else None
            row = {"annee": int(year), "actifs": len(now)}
            if group is not None:
                row["filiere"] = group
            if before is None:
                row.update(nouveaux=None, renouveles=None, perdus=None, taux_renouvellement=float("nan"))
            else:
                renewed = len(now & before)
                row.update(nouveaux=len(now - before), renouveles=renewed, perdus=len(before - now),
                           taux_renouvellement=renewed / len(before) if before else float("nan"))
            rows.append(row)
    columns = ["annee", *(["filiere"] if by_sector else []), "actifs", "nouveaux", "renouveles", "perdus",
               "taux_renouvellement"]
    return pd.DataFrame(rows)[columns]


def club_pro(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Club pro participation per sector: partenaires, membres (club_pro = oui), taux, rencontres_club
    (meetings of the log in club pro format)."""
    frame = con.execute("""
        SELECT p.filiere AS code, count(*) AS partenaires, count(*) FILTER (WHERE p.club_pro) AS membres,
               (SELECT count(*) FROM rencontres r WHERE r.format = 'club_pro' AND r.filiere = p.filiere)
                   AS rencontres_club
        FROM partenaires p WHERE p.statut = 'partenaire'
        GROUP BY p.filiere ORDER BY membres DESC, code
    """).df()
    frame["libelle"] = frame["code"].map(lambda c: vocab.label(vocab.FILIERES, c))
    frame["taux"] = frame["membres"] / frame["partenaires"]
    return frame[["code", "libelle", "partenaires", "membres", "taux", "rencontres_club"]]


def communes(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT DISTINCT commune FROM partenaires WHERE commune IS NOT NULL "
                                      "ORDER BY commune").fetchall()]


def search(con: duckdb.DuckDBPyConnection, text: str = "", filieres: list[str] | None = None,
           statuts: list[str] | None = None, commune: str | None = None, show_emails: bool = False) -> pd.DataFrame:
    """The businesses matching a search (name or id, without case nor accents) and filters; e-mails (personal
    data) only when asked. Columns: id, nom, filiere, commune, statut, depuis, club_pro (, email)."""
    clauses, params = ["TRUE"], []
    if text and text.strip():
        clauses.append("contains(strip_accents(lower(nom || ' ' || id)), strip_accents(lower(?)))")
        params.append(text.strip())
    if filieres:
        clauses.append("filiere IN (SELECT unnest(?))")
        params.append(list(filieres))
    if statuts:
        clauses.append("statut IN (SELECT unnest(?))")
        params.append(list(statuts))
    if commune:
        clauses.append("commune = ?")
        params.append(commune)
    email = ", email" if show_emails else ""
    return con.execute(f"""
        SELECT id, nom, filiere, commune, statut, depuis, club_pro{email}
        FROM partenaires WHERE {" AND ".join(clauses)} ORDER BY nom, id
    """, params).df()
