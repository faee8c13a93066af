"""Importing members from a CSV file or Excel workbook: check every row and write all in one transaction.

The steps are kept apart so each can be tested and reasoned about alone: ``reader`` turns the file into rows,
``headers`` says which column is which, ``rows`` checks each row's cells, ``plan`` decides what each row does
against the register, ``adding`` writes the people it adds while later rows are still checked, and this module
writes the rest of the plan. Everything is written in one transaction labelled "Import members from FILE", which
commits only when every row has been checked and the import is not refused: one step for undo, every row in the
change log with origin ``import``. New rows go in through the logged bulk insert (the fast path of the change
log's ``insert_rows``), stored by a background writer thread while the next rows are checked, together with the
member list's rows of the new people (``member_index.NewMembersIndex``); changes to existing members go through
their ORM rows.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.operations import BranchData, create_branch
from db.core.base import Synced
from db.core.changelog import Origin, background_inserts, insert_rows
from db.core.collection import without_cycle_collection
from db.core.database import Database
from db.core.errors import KansliError
from db.core.i18n import N_, Label, _
from db.members.io.adding import INSERT_CHUNK, check_and_add_new_members, contact_rows, membership_row
from db.members.io.headers import Field, resolve_columns
from db.members.io.plan import ImportPlan, make_plan
from db.members.io.progress import Meter, ProgressCallback
from db.members.io.reader import read_table
from db.members.io.report import (
    ImportOptions,
    ImportRefusedError,
    ImportReport,
    RowProblem,
    default_rejects_path,
    write_rejects,
)
from db.members.io.rows import ParsedRow, RowParser
from db.members.models import ContactPoint, Member, Membership
from db.members.operations import district_country
from db.privacy.export_log import ExportKind, record_export

log = logging.getLogger(__name__)

_LOAD_BATCH = 500
_S = TypeVar("_S", bound=Synced)


@without_cycle_collection
def import_members(
    database: Database,
    path: Path,
    options: ImportOptions = ImportOptions(),  # noqa: B008  (frozen, so one shared default is safe)
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> ImportReport:
    """Import the members of a CSV file or Excel workbook.

    Rows whose member number (or Kansli ID) is in the register update that member: the person fields the row
    fills in, contacts it adds, and the branch, kind and joining date of the current membership. Empty cells
    leave a field as it is. Other rows add members; a row that looks like somebody already in the register (or
    on an earlier line) is refused as a possible duplicate.

    Args:
        database: the open database.
        path: the CSV or XLSX file.
        options: what to do with invalid rows, unknown branches and unknown headers; see :class:`ImportOptions`.
        progress: called now and then with (work done, total work); checking, writing and committing each
            count once per row.
        cancel: when set, the import stops at the next look and nothing is written.

    Returns:
        What was imported (or, for a dry run, what would be).

    Raises:
        ImportRefusedError: when rows have errors (without ``skip_invalid``) or branches are unknown (without
            ``create_branches``); ``report`` lists every problem. Nothing is written.
        ImportCancelledError: when ``cancel`` was set; nothing is written.
        KansliError: when the file cannot be read or its columns cannot be understood; nothing is written.
    """
    path = Path(path)
    table = read_table(path)
    columns = resolve_columns(table.headers, options.header_map, path.name)
    if options.default_branch is not None:
        options = replace(options, default_branch=options.default_branch.strip() or None)
    if Field.BRANCH not in columns.columns and options.default_branch is None:
        raise KansliError(
            _(
                "{file} has no column of branches (Osasto, Förening, Branch). "
                "Map one with --map, or give a default branch for all rows."
            ).format(file=path.name)
        )
    rejects_path = options.rejects_path or default_rejects_path(path)
    if options.skip_invalid and rejects_path.resolve() == path.resolve():
        raise KansliError(_("The refused rows cannot be written over the file being imported."))
    report = ImportReport(
        path=path, rows_read=len(table.rows), unknown_columns=list(columns.unknown), dry_run=options.dry_run
    )
    meter = Meter(3 * len(table.rows), progress, cancel)
    meter.step(0)
    today = date.today()
    with database.reading() as session:
        country = district_country(session)
    parser = RowParser(columns, country, today)
    if options.dry_run:
        parsed: list[tuple[ParsedRow, list[RowProblem]]] = []
        for row in table.rows:
            parsed.append(parser.parse(row))
            meter.step()
        with database.reading() as session:
            plan = make_plan(session, parsed, columns, options, today, meter.check)
            _settle(report, plan, options)
        meter.step(meter.total)
        return report
    label = Label(N_("Import members from {file}"), file=path.name)
    rejects_written: Path | None = None
    try:
        with database.transaction(label, origin=Origin.IMPORT) as session:
            # The people the file adds are written while it is checked, and rolled back if it is refused.
            plan, new_branch_ids = check_and_add_new_members(
                session, table.rows, parser, columns, options, today, meter
            )
            _settle(report, plan, options)
            _write_the_rest(session, plan, new_branch_ids, meter)
            meter.check_now()
            if plan.rejected:
                # The refused rows carry personal data: the file is logged in the transaction of the import.
                people = write_rejects(rejects_path, table.headers, table.rows, plan.problems)
                rejects_written = rejects_path
                description = Label(N_("Refused rows of the import of {file}"), file=path.name)
                record_export(
                    session, ExportKind.REJECTS_FILE, description, (), people_count=people, file_name=str(rejects_path)
                )
                report.rejects_path = rejects_path
    except BaseException:
        # Nothing was imported, so the refused rows were not set aside either (and no log entry names the file).
        if rejects_written is not None:
            rejects_written.unlink(missing_ok=True)
        raise
    report.committed = True
    # A cancel that arrives while the commit runs comes too late; raising now would say nothing was imported.
    meter.finish()
    log.info(
        "member import: %d rows, %d created, %d updated, %d unchanged, %d rejected",
        report.rows_read,
        report.created,
        report.updated,
        report.unchanged,
        report.rejected,
    )
    return report


def _settle(report: ImportReport, plan: ImportPlan, options: ImportOptions) -> None:
    """Fill in the report from the plan, or raise :class:`ImportRefusedError` if the import must not go on."""
    report.problems = plan.problems
    report.rejected = len(plan.rejected)
    missing = plan.missing_branches if options.skip_invalid else plan.missing_branches_all
    refused_for_branches = bool(missing) and not options.create_branches
    if refused_for_branches or (plan.rejected and not options.skip_invalid):
        if refused_for_branches:
            report.unknown_branches = sorted(missing.values(), key=str.casefold)
        raise ImportRefusedError(report)
    report.created = len(plan.creates)
    report.updated = len(plan.updates)
    report.unchanged = plan.unchanged
    report.created_branches = sorted(plan.missing_branches.values(), key=str.casefold)


def _write_the_rest(session: Session, plan: ImportPlan, new_branch_ids: dict[str, uuid.UUID], meter: Meter) -> None:
    """Create the new branches not made yet and change the members already in the register."""
    branch_ids = dict(plan.branch_ids)
    branch_ids.update(new_branch_ids)  # those new members are in, made already
    for key, name in plan.missing_branches.items():
        if key not in branch_ids:
            branch_ids[key] = create_branch(session, BranchData(name=name))
    # Changes to existing rows go through their ORM objects, so each changed field is logged with its old value.
    members = _objects(session, Member, [update.member_id for update in plan.updates if update.person])
    memberships = _objects(
        session,
        Membership,
        [
            update.membership_id
            for update in plan.updates
            if update.membership_id is not None and (update.branch_key is not None or update.membership_changes)
        ],
    )
    contacts: list[dict[str, Any]] = []
    new_memberships: list[dict[str, Any]] = []
    for update in plan.updates:
        for name, value in update.person.items():
            setattr(members[update.member_id], name, value)
        contacts.extend(contact_rows(update.member_id, update.first_position, update.contacts))
        if update.membership_id is None:
            if update.branch_key is not None:
                new_memberships.append(membership_row(update.member_id, branch_ids[update.branch_key], update.row))
            continue
        membership = memberships.get(update.membership_id)
        if membership is not None:
            if update.branch_key is not None:
                membership.branch_id = branch_ids[update.branch_key]
            for name, value in update.membership_changes.items():
                setattr(membership, name, value)
    session.flush()
    # The new contacts and memberships of the members updated: stored by SQLite in a second thread too.
    with background_inserts(session):
        _insert(session, ContactPoint, contacts, meter)
        _insert(session, Membership, new_memberships, meter)
    meter.step(len(plan.updates) + plan.unchanged + len(plan.rejected))


def _objects(session: Session, model: type[_S], ids: list[uuid.UUID]) -> dict[uuid.UUID, _S]:
    """Load rows as ORM objects by id, a batch per query."""
    loaded: dict[uuid.UUID, _S] = {}
    for start in range(0, len(ids), _LOAD_BATCH):
        batch = ids[start : start + _LOAD_BATCH]
        loaded.update((row.id, row) for row in session.execute(select(model).where(model.id.in_(batch))).scalars())
    return loaded


def _insert(session: Session, model: type[Synced], rows: list[dict[str, Any]], meter: Meter) -> None:
    # insert_rows logs every row like an ORM insert (one change record each, ids and timestamps filled) but skips
    # the ORM's per-row work, which would otherwise be a third of the import's time.
    for start in range(0, len(rows), INSERT_CHUNK):
        insert_rows(session, model, rows[start : start + INSERT_CHUNK])
        meter.check_now()
