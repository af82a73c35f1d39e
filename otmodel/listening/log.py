"""The field-listening log (« carnet d'écoute »): every meeting with a business, partner or not — what it
needed, what it said, what the office must do next — counted next to the survey's needs.

Rules (documented in docs/methodes.md, « Carnet d'écoute ») :
- a meeting names a business of `partenaires` (partenaire_id) or gives the name of one that is not listed;
- themes are free text, `|`-separated, compared with the survey's themes without case nor accents;
- a theme's mentions = meetings that name it; its businesses = distinct businesses met about it; a theme
  named in MIN_MENTIONS meetings or more is a need (« services à créer », the yearly review);
- a partner is « not met » when its last meeting is older than NOT_MET_DAYS (or it was never met);
- a follow-up is open while its status is « à faire » or « en cours »; its age counts from the meeting.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from otmodel import vocab
from otmodel.data import exports
from otmodel.data.schema import LIST_SEPARATOR, TEMPLATES, split_list
from otmodel.data.validation import check_template
from otmodel.db import transaction
from otmodel.errors import Refused

NOT_MET_DAYS = 365
MIN_MENTIONS = 2  # meetings naming a theme for it to count as a need (« services à créer », the review)
OPEN_FOLLOW_UPS = ("a_faire", "en_cours")


class MeetingError(Refused):
    """A meeting that cannot be recorded (French message naming the field)."""


def reference_day(con: duckdb.DuckDBPyConnection) -> dt.date:
    """« Today » for the log's ages: the latest of the real date and the last meeting (a demo dated ahead)."""
    last = con.execute("SELECT max(date) FROM rencontres").fetchone()[0]
    return max(dt.date.today(), last) if last else dt.date.today()


def meetings(con: duckdb.DuckDBPyConnection, search: str | None = None, show_identity: bool = True) -> pd.DataFrame:
    """The log, newest first: id, date, entreprise (name, listed or not), filiere, format, themes, besoin,
    verbatim, suite, statut_suite. `search` matches any text without case nor accents."""
    clauses, params = ["TRUE"], []
    if search and search.strip():
        clauses.append("contains(strip_accents(lower(concat_ws(' ', coalesce(p.nom, r.nom), r.themes, r.besoin, "
                       "r.verbatim, r.suite))), strip_accents(lower(?)))")
        params.append(search.strip())
    frame = con.execute(f"""
        SELECT r.id, r.date, coalesce(p.nom, r.nom) AS entreprise, r.partenaire_id, r.filiere, r.format, r.themes,
               r.besoin, r.verbatim, r.suite, r.statut_suite
        FROM rencontres r LEFT JOIN partenaires p ON p.id = r.partenaire_id
        WHERE {" AND ".join(clauses)}
        ORDER BY r.date DESC, r.id DESC
    """, params).df()
    if not show_identity:
        frame = frame.drop(columns=["entreprise", "partenaire_id"])
    return frame


def meetings_in_year(con: duckdb.DuckDBPyConnection, year: int) -> int:
    """Meetings of the log dated in `year`."""
    return con.execute("SELECT count(*) FROM rencontres WHERE year(date) = ?", [year]).fetchone()[0]


def theme_mentions(con: duckdb.DuckDBPyConnection, filieres: list[str] | None = None) -> pd.DataFrame:
    """Per theme named in the log: mentions (meetings) and businesses (distinct, listed or not), for the
    meetings of the chosen sectors (all when None).

    Columns: key (normalised theme), theme (first spelling met), mentions, businesses. Most mentioned first.
    """
    rows = con.execute("SELECT id, coalesce(partenaire_id, 'nom:' || lower(nom)), themes FROM rencontres "
                       "WHERE ? IS NULL OR filiere IN (SELECT unnest(?)) ORDER BY date, id",
                       [None if not filieres else "x", list(filieres or [])]).fetchall()
    counts: dict[str, dict] = {}
    for _, business, themes in rows:
        for theme in split_list(themes):
            entry = counts.setdefault(vocab.normalise(theme), {"theme": theme, "mentions": 0, "who": set()})
            entry["mentions"] += 1
            entry["who"].add(business)
    frame = pd.DataFrame([{"key": key, "theme": e["theme"], "mentions": e["mentions"], "businesses": len(e["who"])}
                          for key, e in counts.items()], columns=["key", "theme", "mentions", "businesses"])
    return frame.sort_values(["mentions", "theme"], ascending=[False, True]).reset_index(drop=True)


def needs_with_log(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Survey needs and log mentions side by side, one row per theme (survey spelling first).

    Columns: theme, respondents, importance, satisfaction (survey; NaN when absent), mentions, businesses (log).
    """
    survey = con.execute("""
        SELECT theme, count(DISTINCT partenaire_id) AS respondents, avg(importance) AS importance,
               avg(satisfaction) AS satisfaction
        FROM besoins GROUP BY theme
    """).df()
    survey["key"] = survey["theme"].map(vocab.normalise)
    log = theme_mentions(con)
    merged = survey.merge(log, on="key", how="outer", suffixes=("", "_log"))
    merged["theme"] = merged["theme"].fillna(merged["theme_log"])
    merged[["respondents", "mentions", "businesses"]] = merged[["respondents", "mentions", "businesses"]].fillna(0)
    merged = merged.astype({"respondents": int, "mentions": int, "businesses": int})
    merged = merged.sort_values(["importance", "mentions", "theme"], ascending=[False, False, True],
                                na_position="last")
    return merged[["theme", "respondents", "importance", "satisfaction", "mentions", "businesses"]].reset_index(
        drop=True)


def not_met(con: duckdb.DuckDBPyConnection, days: int = NOT_MET_DAYS, today: dt.date | None = None) -> pd.DataFrame:
    """Current partners not met for `days` days (or never): id, nom, filiere, commune, last_met, days_since.

    Never met first, then the longest unmet.
    """
    today = today or reference_day(con)
    frame = con.execute("""
        SELECT p.id, p.nom, p.filiere, p.commune, max(r.date) AS last_met
        FROM partenaires p LEFT JOIN rencontres r ON r.partenaire_id = p.id
        WHERE p.statut = 'partenaire'
        GROUP BY ALL
        HAVING max(r.date) IS NULL OR max(r.date) < ?::DATE - ?::INTEGER
        ORDER BY last_met NULLS FIRST, p.nom
    """, [today, days]).df()
    frame["days_since"] = [None if pd.isna(d) else (today - pd.Timestamp(d).date()).days for d in frame["last_met"]]
    return frame


def open_follow_ups(con: duckdb.DuckDBPyConnection, today: dt.date | None = None) -> pd.DataFrame:
    """Follow-ups not done (à faire, en cours), oldest first, with their age in days.

    Columns: id, date, entreprise, suite, statut_suite, age_days.
    """
    today = today or reference_day(con)
    frame = con.execute("""
        SELECT r.id, r.date, coalesce(p.nom, r.nom) AS entreprise, r.suite, r.statut_suite
        FROM rencontres r LEFT JOIN partenaires p ON p.id = r.partenaire_id
        WHERE r.statut_suite IN (SELECT unnest(?))
        ORDER BY r.date, r.id
    """, [list(OPEN_FOLLOW_UPS)]).df()
    frame["age_days"] = [(today - pd.Timestamp(d).date()).days for d in frame["date"]]
    return frame


def known_themes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Themes to offer in the form: the survey's, the offers' and the log's, one spelling each, sorted."""
    texts = [r[0] for r in con.execute(
        "SELECT theme FROM besoins UNION ALL SELECT theme_besoin FROM offres WHERE theme_besoin IS NOT NULL "
        "UNION ALL SELECT themes FROM rencontres WHERE themes IS NOT NULL").fetchall()]
    found: dict[str, str] = {}
    for text in texts:
        for theme in split_list(text):
            found.setdefault(vocab.normalise(theme), theme)
    return sorted(found.values(), key=vocab.normalise)


def add_meeting(con: duckdb.DuckDBPyConnection, *, date: dt.date, format: str, partenaire_id: str | None = None,
                nom: str | None = None, filiere: str | None = None, themes: list[str] | str | None = None,
                besoin: str = "", verbatim: str = "", suite: str = "", statut_suite: str | None = None) -> int:
    """Record one meeting with the same rules as an import of rencontres.csv; returns its id.

    Raises MeetingError (French) and writes nothing when a field does not fit.
    """
    if isinstance(themes, str):
        themes = split_list(themes)
    row = {"date": date.strftime("%d/%m/%Y") if date else "", "partenaire_id": partenaire_id or "",
           "nom": "" if partenaire_id else (nom or ""), "filiere": filiere or "", "format": format or "",
           "themes": LIST_SEPARATOR.join(t.strip() for t in (themes or []) if t.strip()), "besoin": besoin or "",
           "verbatim": verbatim or "", "suite": suite or "",
           "statut_suite": statut_suite or ("a_faire" if (suite or "").strip() else "")}
    frame = pd.DataFrame([row], columns=TEMPLATES["rencontres"].column_names)
    checked = check_template("rencontres", exports.to_csv_bytes(frame))
    problems = [f"{p.column} : {p.message}" if p.column else p.message for p in checked.problems]
    if not (partenaire_id or (nom or "").strip()):
        problems.append("choisissez une entreprise de la liste ou donnez le nom d'une entreprise non répertoriée.")
    listed = con.execute("SELECT count(*) FROM partenaires WHERE id = ?", [partenaire_id]).fetchone()[0]
    if partenaire_id and not listed:
        problems.append(f"entreprise inconnue « {partenaire_id} ».")
    if problems:
        raise MeetingError("Rencontre non enregistrée : " + " ; ".join(problems))
    clean = checked.frame.iloc[0].to_dict()
    with transaction(con):
        new_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM rencontres").fetchone()[0]
        con.execute("""
            INSERT INTO rencontres (id, date, partenaire_id, nom, filiere, format, themes, besoin, verbatim, suite,
                                    statut_suite)
            VALUES (?, ?, ?, ?, coalesce(?, (SELECT filiere FROM partenaires WHERE id = ?)), ?, ?, ?, ?, ?, ?)
        """, [new_id, clean["date"].date(), _value(clean["partenaire_id"]), _value(clean["nom"]),
              _value(clean["filiere"]), _value(clean["partenaire_id"]), clean["format"], _value(clean["themes"]),
              _value(clean["besoin"]), _value(clean["verbatim"]), _value(clean["suite"]),
              _value(clean["statut_suite"])])
    return int(new_id)


def _value(value: object) -> object:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "" else value


def set_follow_up(con: duckdb.DuckDBPyConnection, meeting_id: int, statut: str) -> None:
    """Change where a follow-up stands (à faire, en cours, fait)."""
    if statut not in vocab.STATUTS_SUITE:
        raise MeetingError(f"Statut de suite inconnu « {statut} » : {', '.join(vocab.STATUTS_SUITE.values())}.")
    with transaction(con):
        found = con.execute("SELECT count(*) FROM rencontres WHERE id = ?", [meeting_id]).fetchone()[0]
        if not found:
            raise MeetingError(f"Aucune rencontre n° {meeting_id} dans le carnet.")
        con.execute("UPDATE rencontres SET statut_suite = ? WHERE id = ?", [statut, meeting_id])

