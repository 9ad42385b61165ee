"""The shared routing database: schema, migrations, queue and assignment, workbins, reviews, history, outbox."""
