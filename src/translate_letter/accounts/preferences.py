"""What an account chose for itself in the review app: the language it speaks to it."""

from __future__ import annotations

from ..review.journal import Database


def interface_language(db: Database, name: str) -> str | None:
    """The interface language the account chose in the review app, if any."""
    rows = db.query("SELECT lang FROM interface_languages WHERE name = ?", (name,))
    return rows[0]["lang"] if rows else None


def save_interface_language(db: Database, name: str, lang: str) -> None:
    """Keep the account's choice of interface language for its next sessions."""
    with db.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO interface_languages (name, lang) VALUES (?, ?)",
                     (name, lang))
