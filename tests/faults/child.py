"""The other side of the fault tests: work run in a child process that the test kills or starves of disk.

Run as ``python -m tests.faults.child SCENARIO ARG…`` from the repository root, with the database key in
``KANSLI_KEY``. A scenario that is to be killed at a chosen point writes a marker file named after the point into
its signal folder and then waits; the test kills it with SIGKILL as soon as the marker appears. So each kill lands
exactly where the test means it to, inside the transaction or between the steps of a file swap.

Disk-full scenarios lower ``RLIMIT_FSIZE`` (with SIGXFSZ ignored, so that a write past the limit fails with
EFBIG instead of killing the process) and print what the program told the user.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from db.core.keys import DataKey

WAIT_TO_BE_KILLED = 120


def _key() -> DataKey:
    return DataKey.from_recovery_text(os.environ["KANSLI_KEY"])


def pause(signals: Path, point: str) -> None:
    """Tell the test that ``point`` is reached, then wait for SIGKILL."""
    marker = signals / point
    partial = marker.with_name(f".{point}.tmp")
    partial.write_text(str(os.getpid()))
    os.replace(partial, marker)
    time.sleep(WAIT_TO_BE_KILLED)
    raise SystemExit(f"not killed at {point}")


def _pause_on_call(module: Any, name: str, call: int, signals: Path, point: str, *, after: bool = False) -> None:
    """Make ``module.name`` pause on its ``call``-th call (before it runs, or right after with ``after``)."""
    original: Callable[..., Any] = getattr(module, name)
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == call and not after:
            pause(signals, point)
        result = original(*args, **kwargs)
        if calls == call and after:
            pause(signals, point)
        return result

    setattr(module, name, wrapper)


def limit_file_size(limit: int) -> None:
    """Let no file grow past ``limit`` bytes; a write past it fails with EFBIG (a stand-in for a full disk)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))


# ------------------------------------------------------------------------------------------------- scenarios


def scenario_import(database: str, csv: str, signals: str, pause_at: str) -> None:
    """Import ``csv``; report progress in ``signals/progress``; pause once progress reaches ``pause_at`` (a share)."""
    from db.core.database import open_database
    from db.members.io import ImportOptions, import_members

    folder = Path(signals)
    threshold = float(pause_at)

    def progress(done: int, total: int) -> None:
        partial = folder / ".progress.tmp"
        partial.write_text(json.dumps([done, total]))
        os.replace(partial, folder / "progress")
        if threshold and done >= threshold * total:
            pause(folder, "writing")

    opened = open_database(Path(database), _key())
    import_members(opened, Path(csv), ImportOptions(create_branches=True), progress=progress)
    opened.close()
    (folder / "done").write_text("done")


def scenario_migrate(database: str, signals: str, step: str) -> None:
    """Open an old file for work; pause after upgrade step ``step`` (0: while the backup before it is written)."""
    from db.core import backup
    from db.core.opening import open_for_work

    folder = Path(signals)
    target = int(step)
    if target == 0:
        _pause_on_call(backup, "_fsync", 1, folder, "backup-written")
    steps = 0

    def on_step(_description: str) -> None:
        nonlocal steps
        steps += 1
        if steps == target:
            pause(folder, f"step-{steps}")

    open_for_work(Path(database), _key(), on_migration_step=on_step).close()
    (folder / "done").write_text(str(steps))


RESTORE_POINTS = {
    # The copy of the current database is complete under its temporary name, not yet renamed.
    "safety-written": ("_fsync", 1, False),
    # The current database's log has been folded into it; nothing replaced yet.
    "checkpointed": ("_checkpoint", 1, True),
    # The backup is staged beside the database under a temporary name, about to be renamed over it.
    "staged": ("_fsync", 2, False),
    # The staged file has replaced the database; the folder is not yet synced.
    "swapped": ("_fsync_dir", 3, False),
}


def scenario_restore(database: str, backup_file: str, signals: str, point: str) -> None:
    """Restore ``backup_file`` over ``database``, pausing at ``point`` (see RESTORE_POINTS; "none" runs through)."""
    from db.core import backup

    folder = Path(signals)
    if point != "none":
        name, call, after = RESTORE_POINTS[point]
        _pause_on_call(backup, name, call, folder, point, after=after)
    else:
        (folder / "started").write_text("started")
    backup.restore_backup(Path(database), Path(backup_file), _key())
    (folder / "done").write_text("done")


def scenario_backup(database: str, signals: str, point: str) -> None:
    """Back up ``database``; pause when the copy is complete but not yet renamed ("written"), or run through."""
    from db.core import backup

    folder = Path(signals)
    if point == "written":
        _pause_on_call(backup, "_fsync", 1, folder, point)
    else:
        (folder / "started").write_text("started")
    backup.automatic_backup(Path(database), _key(), backup.MANUAL)
    (folder / "done").write_text("done")


def scenario_hold(database: str, signals: str) -> None:
    """Open ``database`` for work (taking the writer lock), commit a change, and wait to be killed."""
    from db.branches.operations import BranchData, create_branch
    from db.core.database import open_database

    opened = open_database(Path(database), _key())
    with opened.transaction("Add branch") as session:
        create_branch(session, BranchData(name="Committed before the crash"))
    pause(Path(signals), "open")


def scenario_cli_full(limit: str, *arguments: str) -> None:
    """Run the ``kansli`` command with files limited to ``limit`` bytes; print its exit code last."""
    from desktop.cli.main import main

    limit_file_size(int(limit))
    code = main(list(arguments))
    print(f"exit={code}")


def scenario_backup_full(database: str, limit: str, how: str = "checked") -> None:
    """Back up ``database`` with files limited to ``limit`` bytes; print the error the user would see.

    ``how``: "checked" (page by page, as every backup but one) or "quick" (the files' bytes, before a sync import).
    """
    from db.core.backup import MANUAL, automatic_backup
    from db.core.errors import KansliError

    limit_file_size(int(limit))
    try:
        automatic_backup(Path(database), _key(), MANUAL, quick=how == "quick")
    except KansliError as error:
        print(f"KansliError: {error}")
    else:
        print("written")


def scenario_pdf_full(target: str, limit: str, rows: str) -> None:
    """Save a member list PDF from the preview dialog with files limited to ``limit`` bytes; print what was shown."""
    from datetime import datetime

    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    from desktop.shell.pdf_preview import PdfPreviewDialog
    from reports.members import MemberList, MemberListRow, build_member_list

    app = QApplication.instance() or QApplication([])
    sheet = MemberList(
        title="Members",
        description="All members",
        printed_for="Test",
        printed_at=datetime(2026, 1, 1, 12, 0),
        rows=[
            MemberListRow(str(n), f"Person {n}", "Branch", "member", "+358401234567", f"p{n}@example.org", "Vaasa")
            for n in range(int(rows))
        ],
        language="en",
    )
    pdf = build_member_list(sheet)
    dialog = PdfPreviewDialog(pdf, "Members", "members.pdf")
    shown: list[str] = []
    QFileDialog.getSaveFileName = staticmethod(lambda *args, **kwargs: (target, ""))  # type: ignore[method-assign]
    QMessageBox.warning = staticmethod(lambda _parent, _title, text, *rest: shown.append(str(text)))  # type: ignore[method-assign]
    limit_file_size(int(limit))
    dialog.save_document()
    print(json.dumps({"pdf_bytes": len(pdf), "saved_to": str(dialog.saved_to), "shown": shown}))
    with contextlib.suppress(Exception):
        app.quit()


CANARY_FIRST = "Zyxwvutsrq"
CANARY_LAST = "Canary-7431"


def _open_files_under(folder: Path) -> list[str]:
    """The files this process has open in ``folder``, or open but deleted (SQLite's temporary files are)."""
    found = []
    for descriptor in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(descriptor)
            if target.startswith(str(folder)) or (target.startswith("/") and target.endswith("(deleted)")):
                found.append(target)
    return found


def scenario_workflow(exports: str, report: str) -> None:
    """A day's work on a member with a canary name, through the API, the preview and the command line.

    Writes ``report`` (JSON): open files seen in the temporary folder while SQLite sorted more than fits in
    memory, and the temp_store setting of the database's connections.
    """
    from datetime import datetime

    from PySide6.QtWidgets import QApplication

    from db.branches.operations import BranchData, create_branch
    from db.core.database import create_database
    from db.core.district import DistrictSettings
    from db.core.paths import default_database_path
    from db.members.models import ContactKind
    from db.members.operations import create_member, update_person
    from db.members.records import ContactData, MembershipData, PersonData
    from desktop.cli.main import main
    from desktop.shell.pdf_preview import PdfPreviewDialog
    from reports.members import MemberList, MemberListRow, build_member_list

    app = QApplication.instance() or QApplication([])
    temporary = Path(os.environ["TMPDIR"])
    path = default_database_path()
    facts: dict[str, Any] = {}
    database = create_database(path, _key(), DistrictSettings(name="Canary district"))
    try:
        with database.transaction("Add member") as session:
            branch = create_branch(session, BranchData(name="Vaasan osasto"))
            member = create_member(
                session,
                PersonData(CANARY_FIRST, CANARY_LAST, city="Vaasa"),
                [ContactData(ContactKind.EMAIL, "zyxwvutsrq.canary@example.org")],
                MembershipData(branch_id=branch),
            )
        with database.transaction("Edit member") as session:
            person = PersonData(CANARY_FIRST, CANARY_LAST, city="Mustasaari", notes=f"Met {CANARY_FIRST} at the fair")
            update_person(session, member, person)
        # A sort larger than the page cache: with temporary files on disk, SQLite would spill it there.
        with database.engine.connect() as connection:
            facts["temp_store"] = connection.exec_driver_sql("PRAGMA temp_store").scalar()
            rows = connection.exec_driver_sql(
                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 150000) "
                f"SELECT x, hex(randomblob(60)) || '{CANARY_FIRST}' AS b FROM n ORDER BY b"
            )
            rows.fetchone()
            facts["open_during_sort"] = _open_files_under(temporary)
            rows.close()
        # The write-ahead log as it is while the window has the file open.
        snapshot = path.parent / "snapshot"
        snapshot.mkdir()
        for sidecar in ("", "-wal", "-shm"):
            source = path.with_name(path.name + sidecar)
            if source.exists():
                (snapshot / source.name).write_bytes(source.read_bytes())
        # Printed to the preview, never saved.
        sheet = MemberList(
            title="Members",
            description="All",
            printed_for="Test",
            printed_at=datetime(2026, 1, 1, 12, 0),
            rows=[MemberListRow("", f"{CANARY_FIRST} {CANARY_LAST}", "Vaasan osasto", "member", "", "", "Vaasa")],
            language="en",
        )
        preview = PdfPreviewDialog(build_member_list(sheet), "Members", "members.pdf")
        preview.show()
        app.processEvents()
        preview.close()
    finally:
        database.close()
    chosen = Path(exports)
    commands = [
        ["export", "members", "-o", str(chosen / "members.csv")],
        ["export", "members", "-o", str(chosen / "members.xlsx")],
        ["backup"],
        ["import", "members", str(chosen / "members.csv")],
        ["check"],
    ]
    for arguments in commands:
        assert main(["--db", str(path), *arguments]) == 0, arguments
    backups = sorted((path.parent / f"{path.stem}-backups").glob("*manual*"))
    assert main(["--db", str(path), "restore", str(backups[-1])]) == 0
    facts["open_at_end"] = _open_files_under(temporary)
    Path(report).write_text(json.dumps(facts))


SCENARIOS: dict[str, Callable[..., None]] = {
    "import": scenario_import,
    "migrate": scenario_migrate,
    "restore": scenario_restore,
    "backup": scenario_backup,
    "hold": scenario_hold,
    "cli-full": scenario_cli_full,
    "backup-full": scenario_backup_full,
    "pdf-full": scenario_pdf_full,
    "workflow": scenario_workflow,
}


if __name__ == "__main__":
    SCENARIOS[sys.argv[1]](*sys.argv[2:])
