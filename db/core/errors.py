"""Errors a user may meet, each with a message a non-technical person understands.

The message is translated when the error is raised, so the GUI and the command line can show ``str(error)``
as it is. Nothing personal goes into these messages: they may end up in a log.
"""

from __future__ import annotations

from pathlib import Path

from db.core.i18n import _


class KansliError(Exception):
    """An error with a message meant for the user."""


class DatabaseMissingError(KansliError):
    def __init__(self, path: Path) -> None:
        super().__init__(_("There is no database at {path}.").format(path=path))
        self.path = path


class DatabaseExistsError(KansliError):
    def __init__(self, path: Path) -> None:
        super().__init__(_("A database already exists at {path}; it was left as it is.").format(path=path))
        self.path = path


class WrongKeyError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("This key does not open the database."))


class NoKeyError(KansliError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "The key of this database is not in the keyring of this computer. "
                "Give the recovery key (in the KANSLI_KEY environment variable on the command line)."
            )
        )


class InvalidRecoveryKeyError(KansliError):
    def __init__(self) -> None:
        super().__init__(
            _("This is not a valid recovery key; check it for typing errors (it has 11 groups of 5 characters).")
        )


class CorruptDatabaseError(KansliError):
    def __init__(self, path: Path, detail: str = "") -> None:
        message = _("The database file {path} is damaged and cannot be opened. Restore it from a backup.")
        super().__init__(message.format(path=path) + (f" ({detail})" if detail else ""))
        self.path = path


class StorageError(KansliError):
    """The disk refused a write (or a read): it is full, the file may not grow larger, or the device is failing.

    Raised for the database and for the files Kansli writes; what was being written was not saved.
    """

    def __init__(self, path: Path, *, full: bool) -> None:
        if full:
            message = _(
                "The disk is full, so {path} could not be written; the change was not saved. "
                "Free some space and try again."
            )
        else:
            message = _(
                "{path} could not be written or read: the disk may be full or failing. The change was not saved; "
                "check the disk and try again."
            )
        super().__init__(message.format(path=path))
        self.path = path
        self.full = full


class NotKansliDatabaseError(KansliError):
    def __init__(self, path: Path) -> None:
        super().__init__(_("The file {path} is not a Kansli database.").format(path=path))
        self.path = path


class DatabaseInUseError(KansliError):
    def __init__(self, path: Path, holder: str) -> None:
        message = _("The database {path} is in use by another Kansli ({holder}). Close it there first.")
        super().__init__(message.format(path=path, holder=holder))
        self.path = path


class NewerSchemaError(KansliError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            _(
                "The database {path} was written by a newer version of Kansli. "
                "Update Kansli to open it; the file was not changed."
            ).format(path=path)
        )
        self.path = path


class UnsafeKeyringError(KansliError):
    def __init__(self, backend: str) -> None:
        super().__init__(
            _("The keyring {backend} does not store secrets safely, so Kansli does not use it.").format(backend=backend)
        )


class HardDeleteError(KansliError):
    """Raised when code tries to delete a synced row outright instead of marking it deleted."""

    def __init__(self, entity: str) -> None:
        super().__init__(f"rows of {entity} are deleted softly (deleted_at), never outright")


class UnloggedWriteError(KansliError):
    """Raised when a bulk UPDATE or DELETE statement would change a synced table behind the change log."""

    def __init__(self, entity: str) -> None:
        super().__init__(f"bulk UPDATE/DELETE on {entity} would bypass the change log; change the rows instead")


class NothingToUndoError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("There is nothing to undo."))


class NothingToRedoError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("There is nothing to redo."))


class UndoConflictError(KansliError):
    def __init__(self, label: str) -> None:
        super().__init__(_("“{label}” cannot be undone: the same data has been changed since.").format(label=label))


class ErasedDataError(KansliError):
    """Raised when undo would write back over the data of a person whose data has been erased."""

    def __init__(self, label: str) -> None:
        super().__init__(
            _("“{label}” cannot be undone: it concerns a person whose data has been erased.").format(label=label)
        )


class ValidationError(KansliError):
    """A value the user typed or imported is refused; ``field`` names what was wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
