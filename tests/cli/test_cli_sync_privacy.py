"""No plaintext in sync: a package, the central office's store and every temporary file hold no member's name.

A member with a canary name goes from a district to the central office by package; then every file in the test's
folders (the databases, their logs, the package, the backups, the temporary folder) is searched for the canary in
UTF-8 and UTF-16, as typed and folded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from db.core.database import open_database
from db.core.keys import KeyringStore
from db.core.opening import resolve_key
from db.sync.store import is_database_url
from tests.cli.test_cli_sync import Kansli, central_location, offices, postgres_server
from tests.sync.network import add_member

__all__ = ["central_location", "offices", "postgres_server"]

CANARY = "Qzyxwen"


def _needles() -> list[bytes]:
    return [text.encode(encoding) for text in (CANARY, CANARY.casefold()) for encoding in ("utf-8", "utf-16-le")]


def test_the_canary_is_nowhere_in_plaintext(
    kansli: Kansli, offices: tuple[str, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    central, district, folder = offices
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    database = open_database(district, resolve_key(district, KeyringStore()))
    try:
        add_member(database, CANARY, "Lintunen", number="P-U-2", branch=f"{CANARY}in osasto")
    finally:
        database.close()
    package = folder / "up-1.kansli-sync"
    assert kansli("--db", district, "sync", "export", "-o", package).code == 0
    imported = kansli("--db", central, "central", "import", package)
    assert imported.code == 0, imported.err
    control = tmp_path / "control.txt"  # the search must find a canary where there is one
    control.write_text(f"{CANARY} Lintunen", encoding="utf-16-le")
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert package in files and (is_database_url(central) or Path(central) in files)
    holding = [path for path in files if any(needle in path.read_bytes() for needle in _needles())]
    assert holding == [control]
