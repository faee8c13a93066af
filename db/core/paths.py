"""Where Kansli keeps its files by default."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Kansli"
DATABASE_FILENAME = "kansli.db"


def data_dir() -> Path:
    """Return the platform's folder for Kansli's data (created on first use)."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    """Return the platform's folder for Kansli's logs."""
    return platformdirs.user_log_path(APP_NAME, appauthor=False)


def default_database_path() -> Path:
    """Return the database named by ``KANSLI_DB``, or the one in the platform's data folder."""
    override = os.environ.get("KANSLI_DB")
    if override:
        return Path(override).expanduser()
    return data_dir() / DATABASE_FILENAME


def backup_dir_for(database: Path) -> Path:
    """Return the folder that holds a database's automatic backups."""
    return database.parent / f"{database.stem}-backups"
