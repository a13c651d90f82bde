"""The accounts' rows made ready on opening the review database: the tables themselves are
the database's (:mod:`translate_letter.storage.schema`, made and migrated by
:mod:`translate_letter.storage`); what is left here is the accounts' own upkeep."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update

from ..storage import Database, Location, open_database, schema
from . import name_key

_security = schema.account_security


def prepare(db: Database) -> Database:
    """Fold again the name keys of accounts made before the present folding; returns
    ``db``."""
    for row in db.query(select(_security.c.name, _security.c.name_key)):
        folded = name_key(row["name"])
        if folded == row["name_key"]:
            continue
        with db.transaction() as conn:
            # A key another account already holds is left as it was.
            taken = conn.execute(select(_security.c.name)
                                 .where(_security.c.name_key == folded)).first()
            if taken is None:
                conn.execute(update(_security).where(_security.c.name == row["name"])
                             .values(name_key=folded))
    return db


def open_accounts(where: Location | Path) -> Database:
    """The review database at ``where`` (or of an instance folder), ready for accounts and
    sign-in."""
    return prepare(open_database(where))
