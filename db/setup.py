"""Creating a new district database with its starting vocabularies."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from db.core.database import Database, create_database
from db.core.district import DistrictSettings
from db.core.keys import DataKey, KeyringStore
from db.core.opening import remember_key
from db.members.interests import seed_default_interests


def _seed(session: Session) -> None:
    seed_default_interests(session)


def create_district(path: Path, settings: DistrictSettings, keystore: KeyringStore) -> tuple[Database, DataKey, bool]:
    """Create a new district database with a fresh key and the default volunteer interests.

    Returns the open database, its key (to show once as the recovery key) and whether the key is now in the
    keyring (False on a machine without a safe keyring: the user must then keep the recovery key).
    """
    key = DataKey.generate()
    database = create_database(path, key, settings, seed=_seed)
    stored = remember_key(database.path, key, keystore)
    return database, key, stored
