"""Alembic migrations of the Kansli schema (run on open by ``db.core.migrate``)."""
