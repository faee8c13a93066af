"""Schema versions: Alembic migrations run on an open connection, after a backup, when a file is opened."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, inspect, text

import db.migrations

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic itself is imported only to upgrade a file: importing it costs half a second, and opening a file that is
# already current (every start of the program) needs only the revision numbers. A migration file is named after its
# revision ("0011_….py"); tests/db/test_database.py checks that these names agree with Alembic's own view.
_VERSIONS = Path(db.migrations.__file__).parent / "versions"
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")

# Tables that exist only in the database (virtual tables and their shadow tables), not in the metadata.
_UNMAPPED_TABLE_PREFIXES = ("member_search_fts",)


def include_in_autogenerate(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Keep FTS5 tables out of Alembic's comparison of the database with the metadata."""
    return not (type_ == "table" and name is not None and name.startswith(_UNMAPPED_TABLE_PREFIXES))


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic configuration for Kansli's migrations, bound to ``connection``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(db.migrations.__file__).parent))
    config.attributes["connection"] = connection
    return config


def known_revisions() -> set[str]:
    """Return every revision this program knows (older files are at one of these)."""
    names = (_REVISION_FILE.match(path.name) for path in _VERSIONS.iterdir())
    return {match.group(1) for match in names if match is not None}


def head_revision() -> str:
    """Return the revision the program's schema is at (revisions are numbered in order)."""
    return max(known_revisions())


def current_revision(connection: Connection) -> str | None:
    """Return the revision a database is at (None for an empty file)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()


def upgrade(connection: Connection, on_step: Callable[[str], None] | None = None, target: str = "head") -> None:
    """Bring the schema on ``connection`` to ``target`` (the head revision unless a test asks for an older one)."""
    from alembic import command

    config = alembic_config(connection)
    if on_step is not None:
        config.attributes["on_step"] = on_step
    command.upgrade(config, target)
