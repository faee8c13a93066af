"""What every subcommand needs: the database path, its key, an open database, and tab-separated output."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TextIO

from db.core.backup import daily_backup_if_due
from db.core.database import Database
from db.core.errors import CorruptDatabaseError, KansliError
from db.core.i18n import _
from db.core.keys import KeyringStore
from db.core.opening import open_for_work, resolve_key
from db.core.paths import default_database_path
from db.sync.store import display_url, is_database_url


class FileProblem(Protocol):
    """A refused row: its line in the file, the column and the reason."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> str | None: ...

    @property
    def reason(self) -> str: ...


class FileReport(Protocol):
    """What an import of a file reports (members, the national register, calling results)."""

    @property
    def problems(self) -> Sequence[FileProblem]: ...

    @property
    def unknown_columns(self) -> Sequence[str]: ...


@dataclass
class CommandContext:
    """The options shared by every subcommand."""

    # What ``--db`` or ``KANSLI_DB`` named: a file's path, or (for the central office) a database server's URL.
    location: str
    keystore: KeyringStore
    # None means the process's stdout/stderr at the time of printing (so redirection and test capture work).
    output: TextIO | None = None
    errors: TextIO | None = None

    @property
    def out(self) -> TextIO:
        return self.output or sys.stdout

    @property
    def err(self) -> TextIO:
        return self.errors or sys.stderr

    @classmethod
    def from_option(cls, path: str | None) -> CommandContext:
        """Use ``--db PATH`` when given, else ``KANSLI_DB``, else the platform's data folder."""
        location = path or os.environ.get("KANSLI_DB") or str(default_database_path())
        return cls(location=location, keystore=KeyringStore())

    @property
    def database_path(self) -> Path:
        """The district's database file.

        Raises:
            KansliError: when the location is a database server's URL, which only the central commands open; the
                message shows the URL without its password.
        """
        if is_database_url(self.location):
            raise KansliError(
                _("This command works on a district's database file, not on a database server ({url}).").format(
                    url=display_url(self.location)
                )
            )
        return Path(self.location).expanduser()

    @contextmanager
    def open(self, *, read_only: bool = False) -> Iterator[Database]:
        """Open the database with its key (``KANSLI_KEY`` or the keyring) for the length of a command."""
        key = resolve_key(self.database_path, self.keystore)
        database = open_for_work(
            self.database_path, key, read_only=read_only, on_migration_step=lambda step: self.say(f"… {step}")
        )
        try:
            if not read_only:
                if database.recovered_from_crash:
                    print(_("Kansli was not closed properly last time; the database is fine."), file=self.err)
                self._daily_backup(database)
            yield database
        finally:
            database.close()

    def _daily_backup(self, database: Database) -> None:
        """Make the day's backup before a command writes, as the window does when it opens a database."""
        try:
            daily_backup_if_due(database.path, database.key)
        except CorruptDatabaseError:
            raise  # the backup read every page and found damage: no command should write on now
        except KansliError as error:
            # A full disk or a missing backup folder is reported, but does not stop the work asked for.
            print("kansli: " + _("The daily backup failed: {reason}").format(reason=error), file=self.err)

    def say(self, message: str) -> None:
        """Print a line telling the user what was done."""
        print(message, file=self.out)

    def problems(self, report: FileReport) -> None:
        """Print a file's refused rows (line, column, reason) and the columns it did not recognise."""
        for problem in report.problems:
            where = _("line {line}").format(line=problem.line)
            if problem.column:
                where += ", " + _("column {column}").format(column=problem.column)
            self.say(f"  {where}: {problem.reason}")
        if report.unknown_columns:
            self.say(_("Columns not recognised (ignored): {columns}").format(columns=", ".join(report.unknown_columns)))

    def rows(self, rows: Iterable[Iterable[object]]) -> None:
        """Print one record a line, tab-separated (tabs and newlines inside values become spaces)."""
        for row in rows:
            cells = ("" if cell is None else str(cell) for cell in row)
            print("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in cells), file=self.out)
