"""Alembic's environment for the review database: migrations run on the connection that
:func:`translate_letter.storage.migrate.upgrade` passes in, inside its transaction."""

from alembic import context

from translate_letter.storage.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
