"""The :class:`~.journal.Journal` on the review database (tables ``versions``, ``history``,
``comments`` and ``written`` of :mod:`translate_letter.storage.schema`)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Connection, delete, func, insert, select, update

from ..storage import Database, schema, upsert
from .journal import WRITTEN_KEPT, OutsideText, Save, Version, VersionMoved, now

_history, _versions, _comments, _written = (schema.history, schema.versions, schema.comments,
                                            schema.written)
_SAVE_COLUMNS = (_history.c.seq, _history.c.doc, _history.c.lang, _history.c.entry,
                 _history.c.msgid, _history.c.msgctxt, _history.c.version, _history.c.user,
                 _history.c.at, _history.c.state, _history.c.before, _history.c.after,
                 _history.c.intended, _history.c.origin)


def _catalog(table, doc: str, lang: str):
    """The rows of ``table`` for one catalog."""
    return (table.c.doc == doc) & (table.c.lang == lang)


def _unwritten(doc: str, lang: str):
    return _catalog(_history, doc, lang) & ~_history.c.flushed & _history.c.user.isnot(None)


class SqlJournal:
    """The :class:`~.journal.Journal` in a review :class:`~translate_letter.storage.Database`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def versions(self, doc: str, lang: str) -> dict[str, Version]:
        rows = self.db.query(select(_versions.c.entry, _versions.c.version, _versions.c.author,
                                    _versions.c.translation, _versions.c.state)
                             .where(_catalog(_versions, doc, lang)))
        return {row["entry"]: Version(row["version"], row["author"], row["translation"],
                                      row["state"]) for row in rows}

    def record_save(self, save: Save) -> Save:
        return self.record_saves([save])[0]

    def record_saves(self, saves: list[Save]) -> list[Save]:
        if not saves:
            return []
        with self.db.transaction() as conn:
            # Under the database's write lock (every write transaction holds it, in every
            # process): the versions read here are the ones the saves replace.
            moved = _moved(conn, saves)
            if moved:
                raise VersionMoved(moved)
            seqs = conn.execute(
                insert(_history).returning(_history.c.seq, sort_by_parameter_order=True),
                [{"doc": s.doc, "lang": s.lang, "entry": s.entry, "msgctxt": s.msgctxt,
                  "msgid": s.msgid, "version": s.version, "user": s.user, "at": s.at,
                  "state": s.state, "before": s.before, "after": s.after,
                  "intended": s.intended, "origin": s.origin, "flushed": False,
                  "superseded": False} for s in saves]).scalars().all()
            _publish(conn, [{"doc": s.doc, "lang": s.lang, "entry": s.entry,
                             "version": s.version, "author": s.user, "translation": s.after,
                             "state": s.state} for s in saves])
        return [replace(save, seq=seq) for save, seq in zip(saves, seqs, strict=True)]

    def record_outside(self, doc: str, lang: str, versions: dict[str, Version],
                       texts: list[OutsideText]) -> None:
        if not versions and not texts:
            return
        with self.db.transaction() as conn:
            # Another review process may have taken in the same change already: its text is
            # recorded once.
            held = _current(conn, doc, lang, {t.entry for t in texts})
            texts = [t for t in texts if t.superseded or held.get(t.entry) != t.version]
            _publish(conn, [{"doc": doc, "lang": lang, "entry": eid, "version": v.version,
                             "author": v.author, "translation": v.translation,
                             "state": v.state} for eid, v in versions.items()])
            _insert_outside(conn, doc, lang, texts)

    def latest(self, doc: str, lang: str) -> int:
        row = self.db.first(select(func.max(_history.c.seq).label("seq"))
                            .where(_catalog(_history, doc, lang)))
        return (row["seq"] if row else None) or 0

    def saves_since(self, doc: str, lang: str, seq: int) -> list[Save]:
        rows = self.db.query(select(*_SAVE_COLUMNS).where(_catalog(_history, doc, lang))
                             .where(_history.c.seq > seq, _history.c.user.isnot(None))
                             .order_by(_history.c.seq))
        return [Save(**row) for row in rows]

    def unwritten_catalogs(self) -> list[tuple[str, str]]:
        rows = self.db.query(select(_history.c.doc, _history.c.lang).distinct()
                             .where(~_history.c.flushed & _history.c.user.isnot(None))
                             .order_by(_history.c.doc, _history.c.lang))
        return [(row["doc"], row["lang"]) for row in rows]

    def unwritten(self, doc: str, lang: str) -> list[Save]:
        rows = self.db.query(select(*_SAVE_COLUMNS).where(_unwritten(doc, lang))
                             .order_by(_history.c.seq))
        return [Save(**row) for row in rows]

    def mark_written(self, doc: str, lang: str, seq: int, clashes: list[OutsideText],
                     digest: bytes) -> None:
        with self.db.transaction() as conn:
            conn.execute(update(_history).where(_catalog(_history, doc, lang))
                         .where(~_history.c.flushed, _history.c.seq <= seq)
                         .values(flushed=True))
            _insert_outside(conn, doc, lang, clashes)
            conn.execute(upsert(conn, _written),
                         {"doc": doc, "lang": lang, "digest": digest, "seq": seq})
            oldest_kept = (select(_written.c.seq).where(_catalog(_written, doc, lang))
                           .order_by(_written.c.seq.desc()).limit(1).offset(WRITTEN_KEPT - 1)
                           .scalar_subquery())
            conn.execute(delete(_written).where(_catalog(_written, doc, lang))
                         .where(_written.c.seq < oldest_kept))

    def written_with(self, doc: str, lang: str, digest: bytes) -> int | None:
        row = self.db.first(select(_written.c.seq).where(_catalog(_written, doc, lang))
                            .where(_written.c.digest == digest))
        return None if row is None else row["seq"]

    def unwrite_after(self, doc: str, lang: str, seq: int) -> list[Save]:
        by_people = (select(_versions.c.entry).where(_catalog(_versions, doc, lang))
                     .where(_versions.c.author.isnot(None)))
        with self.db.transaction() as conn:
            conn.execute(update(_history).where(_catalog(_history, doc, lang))
                         .where(_history.c.seq > seq, _history.c.user.isnot(None),
                                _history.c.entry.in_(by_people))
                         .values(flushed=False))
        return self.unwritten(doc, lang)

    def changed_outside(self, doc: str, lang: str) -> set[str]:
        rows = self.db.query(select(_history.c.entry).distinct()
                             .where(_catalog(_history, doc, lang))
                             .where(_history.c.user.is_(None),
                                    _history.c.before != _history.c.after))
        return {row["entry"] for row in rows}

    def history(self, doc: str, lang: str, entry: str) -> list[dict]:
        h = _history.c
        rows = self.db.query(select(h.version, h.user, h.at, h.state, h.before, h.after,
                                    h.intended, h.origin, h.superseded)
                             .where(_catalog(_history, doc, lang), h.entry == entry)
                             .order_by(h.seq.desc()))
        return [dict(row) for row in rows]

    def comments(self, doc: str, lang: str, entry: str) -> list[dict]:
        c = _comments.c
        rows = self.db.query(select(c.id, c.user, c.at, c.text)
                             .where(_catalog(_comments, doc, lang), c.entry == entry)
                             .order_by(c.id))
        return [dict(row) for row in rows]

    def add_comment(self, doc: str, lang: str, entry: str, user: str, at: str,
                    text: str) -> int:
        with self.db.transaction() as conn:
            return conn.execute(insert(_comments).values(
                doc=doc, lang=lang, entry=entry, user=user, at=at, text=text)
            ).inserted_primary_key[0]


def _current(conn: Connection, doc: str, lang: str, entries: set[str]) -> dict[str, int]:
    """The version the database holds of each of ``entries`` of a catalog."""
    if not entries:
        return {}
    rows = conn.execute(select(_versions.c.entry, _versions.c.version)
                        .where(_catalog(_versions, doc, lang), _versions.c.entry.in_(entries)))
    return {entry: version for entry, version in rows}


def _moved(conn: Connection, saves: list[Save]) -> set[str]:
    """The entries of ``saves`` whose version in the database is not the one the first save
    of each was made on (an entry the database does not know yet is new)."""
    moved, made_on = set(), {}
    for save in saves:
        made_on.setdefault((save.doc, save.lang), {}).setdefault(save.entry, save.version - 1)
    for (doc, lang), entries in made_on.items():
        held = _current(conn, doc, lang, set(entries))
        moved |= {e for e, version in entries.items() if held.get(e, version) != version}
    return moved


def _publish(conn: Connection, rows: list[dict]) -> None:
    """Make ``rows`` the current versions of their entries."""
    if rows:
        conn.execute(upsert(conn, _versions), rows)


def _insert_outside(conn: Connection, doc: str, lang: str, texts: list[OutsideText]) -> None:
    if not texts:
        return
    at = now()
    conn.execute(insert(_history), [
        {"doc": doc, "lang": lang, "entry": t.entry, "msgctxt": t.msgctxt, "msgid": t.msgid,
         "version": t.version, "user": None, "at": at, "state": t.state, "before": t.before,
         "after": t.after, "intended": None, "origin": t.provenance, "flushed": True,
         "superseded": t.superseded} for t in texts])
