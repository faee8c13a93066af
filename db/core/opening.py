"""How the program and the command line find a database's key, create a district and open a file for work."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from db.core.backup import BEFORE_UPGRADE, automatic_backup
from db.core.database import Database, open_database
from db.core.errors import DatabaseMissingError, NoKeyError
from db.core.keys import DataKey, KeyringStore, database_key_id, key_from_environment


def resolve_key(path: Path, keystore: KeyringStore) -> DataKey:
    """Return the key of the database at ``path``: from ``KANSLI_KEY`` if set, else from the keyring.

    Raises:
        DatabaseMissingError: when there is no file at ``path``.
        NoKeyError: when neither has it (the GUI then asks for the recovery key).
        InvalidRecoveryKeyError: when ``KANSLI_KEY`` is not a well-formed key.
    """
    if not path.exists():
        raise DatabaseMissingError(path)
    key = key_from_environment()
    if key is not None:
        return key
    key = keystore.load(database_key_id(path))
    if key is None:
        raise NoKeyError
    return key


def open_for_work(
    path: Path,
    key: DataKey,
    *,
    read_only: bool = False,
    on_migration_step: Callable[[str], None] | None = None,
) -> Database:
    """Open a database, backing it up first if its schema has to be upgraded."""
    return open_database(
        path,
        key,
        read_only=read_only,
        backup_before_migration=lambda source, source_key: automatic_backup(source, source_key, BEFORE_UPGRADE),
        on_migration_step=on_migration_step,
    )


def remember_key(path: Path, key: DataKey, keystore: KeyringStore) -> bool:
    """Keep the key of the database at ``path`` in the keyring; False when no safe keyring is available."""
    return keystore.save(database_key_id(path), key)
