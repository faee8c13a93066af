"""Schema versions: Alembic migrations run on an open connection, after a backup, when a file is opened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

import db.migrations

# Tables that exist only in the database (virtual tables and their shadow tables), not in the metadata.
_UNMAPPED_TABLE_PREFIXES = ("member_search_fts",)


def include_in_autogenerate(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Keep FTS5 tables out of Alembic's comparison of the database with the metadata."""
    return not (type_ == "table" and name is not None and name.startswith(_UNMAPPED_TABLE_PREFIXES))


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic configuration for Kansli's migrations, bound to ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(Path(db.migrations.__file__).parent))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """Return the revision the program's schema is at."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Return every revision this program knows (older files are at one of these)."""
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """Return the revision a database is at (None for an empty file)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, on_step: Callable[[str], None] | None = None, target: str = "head") -> None:
    """Bring the schema on ``connection`` to ``target`` (the head revision unless a test asks for an older one)."""
    config = alembic_config(connection)
    if on_step is not None:
        config.attributes["on_step"] = on_step
    command.upgrade(config, target)
