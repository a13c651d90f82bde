"""What an account chose for itself in the review app: the language it speaks to it."""

from __future__ import annotations

from sqlalchemy import select

from ..storage import Database, schema, upsert

_chosen = schema.interface_languages


def interface_language(db: Database, name: str) -> str | None:
    """The interface language the account chose in the review app, if any."""
    row = db.first(select(_chosen.c.lang).where(_chosen.c.name == name))
    return None if row is None else row["lang"]


def save_interface_language(db: Database, name: str, lang: str) -> None:
    """Keep the account's choice of interface language for its next sessions."""
    with db.transaction() as conn:
        conn.execute(upsert(conn, _chosen), {"name": name, "lang": lang})
