"""Alembic environment: Kansli always hands in an open, keyed connection (never a URL with a key in it)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from alembic import context
from alembic.runtime.migration import MigrationContext, MigrationInfo

from db.core.migrate import include_in_autogenerate
from db.schema import metadata

connection = context.config.attributes["connection"]
on_step = context.config.attributes.get("on_step")


def _report_step(
    ctx: MigrationContext, step: MigrationInfo, heads: Collection[Any], run_args: Mapping[str, Any]
) -> None:
    if on_step is not None:
        on_step(getattr(step.up_revision, "doc", None) or step.up_revision_id or "")


context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    include_object=include_in_autogenerate,
    on_version_apply=_report_step,
)
with context.begin_transaction():
    context.run_migrations()
