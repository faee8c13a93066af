"""What an import is asked to do and what it reports back: options, row problems, the report, its errors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from db.core.errors import KansliError
from db.core.i18n import _, ngettext
from db.members.io.files import CellValue, write_csv
from db.members.io.reader import Cell, SourceRow


@dataclass(frozen=True)
class ImportOptions:
    """How to import a member file.

    Attributes:
        dry_run: check everything and report what would happen, without changing the database.
        skip_invalid: import the good rows and write the refused ones to ``rejects_path``; without it one bad
            row stops the whole import.
        rejects_path: where ``skip_invalid`` writes refused rows (CSV); by default ``NAME-rejects.csv`` beside
            the imported file.
        create_branches: create branches the file names that do not exist yet, instead of refusing the import.
        header_map: columns to read as a field, ``{"Header as in file": "field"}`` (or ``"ignore"``).
        default_branch: the branch of rows that name none (and of every row when the file has no branch column).
    """

    dry_run: bool = False
    skip_invalid: bool = False
    rejects_path: Path | None = None
    create_branches: bool = False
    header_map: Mapping[str, str] = field(default_factory=dict)
    default_branch: str | None = None


@dataclass(frozen=True)
class RowProblem:
    """Why a row is refused: its line in the file (the header is line 1), the column and value, and the reason."""

    line: int
    column: str | None
    value: str | None
    reason: str


@dataclass
class ImportReport:
    """What an import did, or (``dry_run``) would do.

    ``updated`` counts members the file changed; ``unchanged`` those it names with nothing new.
    """

    path: Path
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    rejected: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    unknown_branches: list[str] = field(default_factory=list)
    created_branches: list[str] = field(default_factory=list)
    dry_run: bool = False
    committed: bool = False
    unchanged: int = 0
    rejects_path: Path | None = None


class ImportRefusedError(KansliError):
    """Nothing was imported: rows have errors (and ``skip_invalid`` was not given), or branches are unknown."""

    def __init__(self, report: ImportReport) -> None:
        parts: list[str] = []
        if report.rejected and not report.unknown_branches:
            parts.append(
                ngettext(
                    "Nothing was imported: {count} row has errors.",
                    "Nothing was imported: {count} rows have errors.",
                    report.rejected,
                ).format(count=report.rejected)
            )
        if report.unknown_branches:
            parts.append(
                ngettext(
                    "Nothing was imported: the branch {names} does not exist. "
                    "Add it first, or import again with --create-branches to create it.",
                    "Nothing was imported: the branches {names} do not exist. "
                    "Add them first, or import again with --create-branches to create them.",
                    len(report.unknown_branches),
                ).format(names=", ".join(f"“{name}”" for name in report.unknown_branches))
            )
            if report.rejected:
                parts.append(
                    ngettext(
                        "Besides, {count} row has errors.", "Besides, {count} rows have errors.", report.rejected
                    ).format(count=report.rejected)
                )
        super().__init__(" ".join(parts))
        self.report = report


class ImportCancelledError(KansliError):
    """The user cancelled the import; nothing was changed."""

    def __init__(self) -> None:
        super().__init__(_("The import was cancelled; nothing was imported."))


ImportCancelled = ImportCancelledError


def default_rejects_path(source: Path) -> Path:
    """Return where refused rows go when no path is given: ``NAME-rejects.csv`` beside the file."""
    return source.with_name(f"{source.stem}-rejects.csv")


def write_rejects(target: Path, headers: tuple[str, ...], rows: list[SourceRow], problems: list[RowProblem]) -> int:
    """Write the refused rows with their original cells, line number and reasons; return the rows written."""
    reasons: dict[int, list[str]] = {}
    for problem in problems:
        reasons.setdefault(problem.line, []).append(
            f"{problem.column}: {problem.reason}" if problem.column else problem.reason
        )
    refused = [row for row in rows if row.line in reasons]
    # A row refused for having more cells than the header keeps them all.
    width = max([len(headers), *(len(row.cells) for row in refused)])
    header = [*headers, *([""] * (width - len(headers))), _("Line"), _("Reason")]

    def cells(row: SourceRow) -> list[CellValue]:
        original: list[Cell] = [*row.cells, *([""] * (width - len(row.cells)))]
        return [*original, row.line, "; ".join(reasons[row.line])]

    return write_csv(target, header, (cells(row) for row in refused))
