"""Coverage-guided fuzzing of the member importer with atheris (``make fuzz``; not part of ``make test``).

Each input is written as a CSV file and as an XLSX file (when it is a zip) and read with
:func:`db.members.io.reader.read_table`, which must return a table or raise :class:`UnreadableFileError`. Every
input that reads as a table is then imported into a real encrypted database with :func:`import_members`, which
must import or raise a :class:`KansliError`; after an error the database must hold exactly what it held before.
Anything else (another exception, a partial write) is a finding: atheris stops and saves the input under
``fuzz-findings/``.

    python -m tests.fuzz.fuzz_import [libFuzzer options, e.g. -max_total_time=300 fuzz-corpus/]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris  # type: ignore[import-not-found,import-untyped,unused-ignore]

with atheris.instrument_imports():
    from db.core.database import Database
    from db.core.errors import KansliError
    from db.members.io import ImportOptions, import_members
    from db.members.io.reader import UnreadableFileError, read_table

from sqlalchemy import text

_work = Path(tempfile.mkdtemp(prefix="kansli-fuzz-"))
_database: Database | None = None


def _open_database() -> Database:
    """A fresh encrypted district made once for the whole run (the same setup the tests use)."""
    from db.core.database import create_database
    from db.core.district import DistrictSettings
    from db.core.keys import DataKey

    return create_database(_work / "fuzz.db", DataKey.generate(), DistrictSettings(name="Fuzz", code="FZ"))


def _counts(database: Database) -> tuple[int, int, int]:
    with database.engine.connect() as connection:
        return tuple(  # type: ignore[return-value]
            connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("member", "change_log", "branch")
        )


def test_one_input(data: bytes) -> None:
    global _database
    suffixes = [".csv", ".xlsx"] if data[:2] == b"PK" else [".csv"]
    for suffix in suffixes:
        path = _work / f"members{suffix}"
        path.write_bytes(data)
        try:
            read_table(path)
        except UnreadableFileError as error:
            assert str(error)
            continue
        if _database is None:
            _database = _open_database()
        before = _counts(_database)
        try:
            import_members(_database, path, ImportOptions(create_branches=True, skip_invalid=True))
        except KansliError as error:
            assert str(error)
            assert _counts(_database) == before, "a failed import wrote something"


def main() -> None:
    findings = Path("fuzz-findings")
    findings.mkdir(exist_ok=True)
    atheris.Setup([*sys.argv, f"-artifact_prefix={findings}/"], test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
