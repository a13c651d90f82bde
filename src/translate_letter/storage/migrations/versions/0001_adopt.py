"""The review database as the releases before migrations made it.

A database one of them made has every table or some (the app made the journal and the
accounts, ``user add`` the accounts alone, the dashboard the publishing decisions), and the
first of them lacked a few columns.  This revision adopts it as it is: whatever is missing
is added, nothing there is changed, and every row stays.  On an empty database it creates
the whole schema of that time.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

FALSE = sa.false()


def _account() -> sa.Column:
    return sa.Column("name", sa.Text, sa.ForeignKey("accounts.name", ondelete="CASCADE"),
                     nullable=False)


def _tables() -> list[tuple[str, list]]:
    """(name, columns and constraints) of every table of that time, parents first."""
    text, integer, real = sa.Text, sa.Integer, sa.Float
    return [
        ("accounts", [sa.Column("name", text, primary_key=True),
                      sa.Column("password_hash", text, nullable=False),
                      sa.Column("created", text, nullable=False)]),
        ("grants", [_account(), sa.Column("lang", text, nullable=False),
                    sa.Column("role", text, nullable=False),
                    sa.PrimaryKeyConstraint("name", "lang")]),
        ("versions", [sa.Column("doc", text, primary_key=True),
                      sa.Column("lang", text, primary_key=True),
                      sa.Column("entry", text, primary_key=True),
                      sa.Column("version", integer, nullable=False),
                      sa.Column("author", text),
                      sa.Column("translation", text, nullable=False),
                      sa.Column("state", text, nullable=False)]),
        ("history", [sa.Column("seq", integer, primary_key=True),
                     *(sa.Column(name, text, nullable=False)
                       for name in ("doc", "lang", "entry")),
                     sa.Column("msgctxt", text), sa.Column("msgid", text, nullable=False),
                     sa.Column("version", integer, nullable=False), sa.Column("user", text),
                     *(sa.Column(name, text, nullable=False)
                       for name in ("at", "state", "before", "after")),
                     sa.Column("intended", text),
                     sa.Column("flushed", sa.Boolean, nullable=False, server_default=FALSE),
                     sa.Column("origin", text),
                     sa.Column("superseded", sa.Boolean, nullable=False,
                               server_default=FALSE)]),
        ("comments", [sa.Column("id", integer, primary_key=True),
                      *(sa.Column(name, text, nullable=False)
                        for name in ("doc", "lang", "entry", "user", "at", "text"))]),
        ("written", [sa.Column("doc", text, primary_key=True),
                     sa.Column("lang", text, primary_key=True),
                     sa.Column("digest", sa.LargeBinary, primary_key=True),
                     sa.Column("seq", integer, nullable=False)]),
        ("account_security", [
            sa.Column("name", text, sa.ForeignKey("accounts.name", ondelete="CASCADE"),
                      primary_key=True),
            sa.Column("name_key", text, nullable=False, unique=True),
            sa.Column("disabled", sa.Boolean, nullable=False, server_default=FALSE),
            sa.Column("must_change_password", sa.Boolean, nullable=False,
                      server_default=FALSE),
            sa.Column("totp_secret", text), sa.Column("totp_pending", text),
            sa.Column("totp_last_step", integer, nullable=False,
                      server_default=sa.text("0"))]),
        ("recovery_codes", [_account(), sa.Column("code_hash", text, nullable=False),
                            sa.PrimaryKeyConstraint("name", "code_hash")]),
        ("sessions", [sa.Column("token_hash", text, primary_key=True), _account(),
                      sa.Column("created", real, nullable=False),
                      sa.Column("last_seen", real, nullable=False),
                      sa.Column("address", text)]),
        ("signin_failures", [
            sa.Column("scope", text, primary_key=True), sa.Column("key", text, primary_key=True),
            sa.Column("failures", integer, nullable=False, server_default=sa.text("0")),
            sa.Column("last", real, nullable=False),
            sa.Column("locked_until", real, nullable=False, server_default=sa.text("0")),
            sa.Column("lockouts", integer, nullable=False, server_default=sa.text("0"))]),
        ("signin_addresses", [sa.Column("name_key", text, primary_key=True),
                              sa.Column("address", text, primary_key=True),
                              sa.Column("last", real, nullable=False)]),
        ("pending_signins", [
            sa.Column("token_hash", text, primary_key=True), _account(),
            sa.Column("created", real, nullable=False),
            sa.Column("wrong_codes", integer, nullable=False, server_default=sa.text("0"))]),
        ("audit", [sa.Column("seq", integer, primary_key=True),
                   sa.Column("at", text, nullable=False), sa.Column("event", text, nullable=False),
                   sa.Column("account", text), sa.Column("address", text),
                   sa.Column("detail", text, nullable=False, server_default=sa.text("''")),
                   sa.Column("count", integer, nullable=False, server_default=sa.text("1")),
                   sa.Column("bucket", text)]),
        ("interface_languages", [
            sa.Column("name", text, sa.ForeignKey("accounts.name", ondelete="CASCADE"),
                      primary_key=True),
            sa.Column("lang", text, nullable=False)]),
        ("publishing", [sa.Column("doc", text, primary_key=True),
                        sa.Column("lang", text, primary_key=True),
                        sa.Column("published", sa.Boolean, nullable=False),
                        sa.Column("user", text, nullable=False),
                        sa.Column("at", text, nullable=False)]),
    ]


# Tables whose ids are never given again (SQLite's AUTOINCREMENT).
_NEVER_REUSED = {"history", "comments", "audit"}
# Columns the first release lacked: added to a table that was made without them.
_ADDED_LATER = {"history": ("origin", "superseded"), "audit": ("count", "bucket")}
BUCKET = sa.text("bucket IS NOT NULL")
# (name, table, columns, unique, partial)
_INDEXES = (
    ("history_pending", "history", ["doc", "lang", "flushed"], False, None),
    ("history_entry", "history", ["doc", "lang", "entry", "seq"], False, None),
    ("comments_entry", "comments", ["doc", "lang", "entry", "id"], False, None),
    ("sessions_name", "sessions", ["name"], False, None),
    ("signin_failures_last", "signin_failures", ["last"], False, None),
    ("audit_at", "audit", ["at"], False, None),
    ("audit_buckets", "audit", ["bucket", "event", "account", "address"], True, BUCKET),
    ("audit_failures", "audit", ["seq"], False, BUCKET),
)


def upgrade() -> None:
    present = set(sa.inspect(op.get_bind()).get_table_names())
    for name, columns in _tables():
        if name not in present:
            op.create_table(name, *columns, sqlite_autoincrement=name in _NEVER_REUSED)
        elif name in _ADDED_LATER:
            _add_missing_columns(name, columns)
    for name, table, columns, unique, where in _INDEXES:
        op.create_index(name, table, columns, unique=unique, if_not_exists=True,
                        sqlite_where=where, postgresql_where=where)
    # Accounts made before names were folded: their names are ASCII, so lower() folds them.
    op.execute("INSERT INTO account_security (name, name_key) SELECT name, lower(name)"
               " FROM accounts WHERE name NOT IN (SELECT name FROM account_security)"
               " ON CONFLICT DO NOTHING")


def _add_missing_columns(table: str, columns: list) -> None:
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
    for column in columns:
        if column.name in _ADDED_LATER[table] and column.name not in have:
            op.add_column(table, column)


def downgrade() -> None:
    for name, _ in reversed(_tables()):
        op.drop_table(name)
