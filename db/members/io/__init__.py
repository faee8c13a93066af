"""Import and export of members: CSV and XLSX files in Finnish, Swedish or English.

The command line and the GUI call only what is named here.
"""

from db.members.io.exporter import export_members
from db.members.io.headers import Field, parse_header_map
from db.members.io.importer import import_members
from db.members.io.progress import ProgressCallback
from db.members.io.report import (
    ImportCancelled,
    ImportCancelledError,
    ImportOptions,
    ImportRefusedError,
    ImportReport,
    RowProblem,
)

__all__ = [
    "Field",
    "ImportCancelled",
    "ImportCancelledError",
    "ImportOptions",
    "ImportRefusedError",
    "ImportReport",
    "ProgressCallback",
    "RowProblem",
    "export_members",
    "import_members",
    "parse_header_map",
]
