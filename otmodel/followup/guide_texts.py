"""The partners' guide's own texts, the director's words (an introduction, a contact block): stored data, kept
apart from the guide's drawing (otmodel.presentation.guide) so a demo can install them."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from otmodel import db
from otmodel.errors import Conflict, Refused

MAX_INTRODUCTION, MAX_CONTACT = 1200, 500


class GuideError(Refused):
    """A guide that cannot be built or written (French message)."""


# --- the director's texts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Texts:
    """The guide's editable texts: an introduction and a contact block (empty: the default introduction, and no
    contact block)."""

    introduction: str = ""
    contact: str = ""


def load_texts(con: duckdb.DuckDBPyConnection) -> Texts:
    row = con.execute("SELECT introduction, contact FROM guide_settings WHERE id = 1").fetchone()
    return Texts() if row is None else Texts(row[0] or "", row[1] or "")


def save_texts(con: duckdb.DuckDBPyConnection, texts: Texts, before: Texts | None = None) -> Texts:
    """Check and save the texts; GuideError says what to shorten. `before`: the texts as the page showed them —
    when another session saved others since, nothing is written (Conflict)."""
    introduction, contact = texts.introduction.strip(), texts.contact.strip()
    for what, text, most in (("L'introduction", introduction, MAX_INTRODUCTION),
                             ("Le bloc contact", contact, MAX_CONTACT)):
        if len(text) > most:
            raise GuideError(f"{what} du guide est trop longue ({len(text)} caractères, {most} au plus) : "
                             "raccourcissez-la." if what.startswith("L'") else
                             f"{what} du guide est trop long ({len(text)} caractères, {most} au plus) : "
                             "raccourcissez-le.")
    with db.transaction(con):  # read and written in one transaction: no other save slips in between
        if before is not None and load_texts(con) != before:
            raise Conflict("Les textes du guide ont été modifiés depuis une autre session : rien n'a été enregistré. "
                           "Relisez-les, puis recommencez.")
        con.execute("DELETE FROM guide_settings")
        con.execute("INSERT INTO guide_settings (id, introduction, contact) VALUES (1, ?, ?)",
                    [introduction or None, contact or None])
    return load_texts(con)
