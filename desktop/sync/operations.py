"""The Sync view's work, run on the task runner's worker: plain functions of the database, no widgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from db.core.changelog import Origin
from db.core.database import Database
from db.core.errors import KansliError
from db.core.files import write_file_atomically
from db.core.i18n import N_, Label, _
from db.core.undo import HistoryStep, next_undo, undo_last
from db.sync.conflicts import take_other
from db.sync.enrolment import Enrolment, enrol_district
from db.sync.exchange import ExportResult, ImportResult, backup_before_import, export_package
from db.sync.exchange import import_package as import_sync_package
from db.sync.keys import NodeIdentity
from desktop.shell.tasks import TaskProgress

MAX_ENROLMENT_FILE: Final = 64 * 1024
# Reading a package in steps: checking, backing up, applying. From APPLYING on it is not stopped.
READ_STEPS: Final = 3
APPLYING: Final = 2


def read_enrolment(path: Path) -> Enrolment:
    """The enrolment file the party office sent.

    Raises:
        KansliError: when it cannot be read, or is not an enrolment file.
    """
    try:
        with path.open("rb") as file:
            data = file.read(MAX_ENROLMENT_FILE + 1)
    except OSError as error:
        raise KansliError(
            _("The file {path} could not be read: {reason}").format(path=path, reason=error.strerror)
        ) from None
    return Enrolment.decode(data)


def enrol(database: Database, enrolment: Enrolment, reply: Path) -> NodeIdentity:
    """Enrol this district with the party office and write the reply file; return this computer's identity."""
    with database.transaction(Label(N_("Enrol for sync"))) as session:
        identity, answer = enrol_district(session, database.node_id, enrolment)
    write_file_atomically(reply, answer.encode())
    return identity


def make_package(database: Database, path: Path, progress: TaskProgress) -> ExportResult:
    """Make the next package for the party office at ``path``."""
    progress.report(0, 0, _("Making the package…"))
    return export_package(database, path)


def read_package(
    database: Database, source: Path, progress: TaskProgress, *, accept_gap: bool, confirm_future: bool
) -> ImportResult:
    """Check a package and apply it after a backup; it can be stopped until the backup is made."""
    progress.report(0, READ_STEPS, _("Checking the package…"))

    def backup(target: Any) -> None:
        # Every check of the file has passed and nothing has been written yet: the last moment to stop.
        progress.check()
        progress.report(1, READ_STEPS, _("Backing up the database…"))
        backup_before_import(target)
        progress.check()
        progress.report(APPLYING, READ_STEPS, _("Applying the changes…"))

    return import_sync_package(database, source, accept_gap=accept_gap, confirm_future=confirm_future, backup=backup)


def take_other_value(database: Database, conflict_id: int) -> int | None:
    """Put in place the value the rule set aside; return the operation that did it (for Undo), if undoable."""
    take_other(database, conflict_id)
    # Writes run one at a time on the task runner's worker, so the newest undoable step is the one just made.
    with database.reading() as session:
        step = next_undo(session)
    return step.operation_id if step is not None else None


def undo_taken_value(database: Database, operation_id: int) -> HistoryStep:
    """Undo taking the other value (when it is still the latest step); the conflict opens again with it.

    Raises:
        KansliError: when something else was changed since.
    """
    with database.transaction("", Origin.UNDO) as session:
        step = next_undo(session)
        if step is None or step.operation_id != operation_id:
            raise KansliError(
                _("Something else was changed since the value was taken: use Edit ▸ Undo, one step at a time.")
            )
        # The conflict follows the undo by itself (db.sync.models), as it does from Edit ▸ Undo.
        return undo_last(session)
