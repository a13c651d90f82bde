"""Every change of what the public reads becomes an event: the audit trail's events carry
fields of their own (``audit.fields``, JSON), and ``public_state`` remembers whether the
public read each document in each language when it was last looked at.

Releases made between the first migration and this one created both on their own when they
opened the database; a database one of them made is adopted as it is.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if "fields" not in {c["name"] for c in inspector.get_columns("audit")}:
        op.add_column("audit", sa.Column("fields", sa.Text))
    if not inspector.has_table("public_state"):
        op.create_table("public_state",
                        sa.Column("doc", sa.Text, primary_key=True),
                        sa.Column("lang", sa.Text, primary_key=True),
                        sa.Column("published", sa.Boolean, nullable=False),
                        sa.Column("text_sha256", sa.Text),
                        sa.Column("at", sa.Text, nullable=False))


def downgrade() -> None:
    op.drop_table("public_state")
    op.drop_column("audit", "fields")
