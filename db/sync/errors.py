"""Why a sync package was refused (or held), each reason its own class and its own message.

Every message is translated when the error is raised and says, in words the office's volunteers use, what happened
and what to do. None names a person or holds a value from inside the package: these messages end up in logs and in
the central office's import report. Office names ("Central office", a district's name) are not personal data and
come from the pinned identity, never from the package itself.

A package that has already been imported is not an error at all: :func:`db.sync.package.read_package` returns an
:class:`~db.sync.package.AlreadyApplied` for it.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from db.core.errors import KansliError
from db.core.i18n import _, format_count

if TYPE_CHECKING:
    from db.sync.header import PackageHeader

_MIB = 1024 * 1024


def _megabytes(size: int) -> str:
    return format_count(max(1, size // _MIB))


class PackageError(KansliError):
    """A sync package was not imported; nothing was written anywhere."""


class PackageUnreadableError(PackageError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(_("The sync package {path} could not be read ({reason}).").format(path=path, reason=reason))
        self.path = path


class PackageTooLargeError(PackageError):
    """The file is larger than Kansli reads (checked before the file is read)."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            _("This sync package is larger than {size} MB, more than Kansli accepts. It was not read.").format(
                size=_megabytes(limit)
            )
        )
        self.limit = limit


class NotAPackageError(PackageError):
    def __init__(self) -> None:
        super().__init__(_("This file is not a Kansli sync package."))


class UnsupportedFormatError(PackageError):
    """The file is a sync package, but in a layout this version cannot take apart (a newer Kansli made it)."""

    def __init__(self, format_version: int) -> None:
        super().__init__(
            _(
                "This sync package is in a format this version of Kansli cannot read (format {version}). "
                "Update Kansli and try again."
            ).format(version=format_version)
        )
        self.format_version = format_version


class TruncatedPackageError(PackageError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "This sync package is incomplete: the file was cut short, perhaps while it was being copied. "
                "Copy it again from the original."
            )
        )


class DamagedPackageError(PackageError):
    """The file's structure is wrong in a way that is neither truncation nor tampering a signature would catch.

    ``detail`` says what, in English, for the developer reading a log; it is not shown in the message.
    """

    def __init__(self, detail: str) -> None:
        super().__init__(_("This sync package is damaged and was not read. Ask the sender for a new one."))
        self.detail = detail


class UnknownSenderError(PackageError):
    """The sender named in the package is not enrolled here, so no pinned key exists to check its signature."""

    def __init__(self, sender: uuid.UUID) -> None:
        super().__init__(_("This sync package comes from a computer that is not enrolled here, so it was not read."))
        self.sender = sender


class BadSignatureError(PackageError):
    def __init__(self, sender_name: str) -> None:
        super().__init__(
            _(
                "This sync package does not carry a valid signature of {sender}: it was changed or damaged after it "
                "was made, or someone else made it. It was not read."
            ).format(sender=sender_name)
        )


class WrongRecipientError(PackageError):
    def __init__(self, recipient: uuid.UUID) -> None:
        super().__init__(_("This sync package was made for another computer, not for this one. It was not read."))
        self.recipient = recipient


class PackageGapError(PackageError):
    """Packages are missing between the last one imported from this sender and this one.

    Nothing is lost if the missing packages never arrive: every package carries again whatever the recipient has
    not acknowledged. So the caller may offer to import this one anyway (``accept_gap=True``).
    """

    def __init__(self, sender_name: str, missing: range) -> None:
        if len(missing) == 1:
            message = _(
                "Package {number} from {sender} is missing: import it before this one. If it has been lost, this "
                "package can be imported anyway, since it carries the missing changes again."
            ).format(number=missing.start, sender=sender_name)
        else:
            message = _(
                "Packages {first}–{last} from {sender} are missing: import them before this one. If they have been "
                "lost, this package can be imported anyway, since it carries the missing changes again."
            ).format(first=missing.start, last=missing.stop - 1, sender=sender_name)
        super().__init__(message)
        self.missing = missing


class PackageForkError(PackageError):
    """The package does not continue the chain of packages already imported from its sender.

    Each package names the hash of the one before it. A mismatch means the sender made two different packages with
    one number, which happens when its database went back to an older backup.
    """

    def __init__(self, sender_name: str, sequence: int) -> None:
        super().__init__(
            _(
                "Package {number} from {sender} does not follow on from the packages already imported from there, so "
                "it was not read. {sender} may have gone back to an older backup: contact them before importing more."
            ).format(number=sequence, sender=sender_name)
        )
        self.sequence = sequence


class DecryptionError(PackageError):
    """The package is signed by its sender but cannot be opened with this computer's keys."""

    def __init__(self, sender_name: str) -> None:
        super().__init__(
            _(
                "This sync package cannot be opened with the keys of this computer; it may have been made for an "
                "earlier enrolment. Ask {sender} for a new package."
            ).format(sender=sender_name)
        )


class BodyTooLargeError(PackageError):
    """The package unpacks to more than the limit (a decompression bomb is refused while it unpacks)."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            _("This sync package unpacks to more than {size} MB, more than Kansli accepts. It was not read.").format(
                size=_megabytes(limit)
            )
        )
        self.limit = limit


class UnsafePartNameError(PackageError):
    """A part inside the package has a name that could reach outside its place (``..``, ``/x``) or is repeated."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(_("This sync package contains a part with a name that is not allowed. It was not read."))
        self.name = name
        self.reason = reason


class UnexpectedPartError(PackageError):
    def __init__(self, name: str) -> None:
        super().__init__(_("This sync package contains a part this version of Kansli does not know. It was not read."))
        self.name = name


class PartHashMismatchError(PackageError):
    def __init__(self, name: str) -> None:
        super().__init__(
            _("A part of this sync package does not match its checksum, so the package is damaged. It was not read.")
        )
        self.name = name


class NewerSchemaPackageError(PackageError):
    """The package is genuine, but written for a newer database schema: keep it until Kansli is updated.

    It carries the header, so the caller can record what it holds (sender, number) next to the kept file.
    """

    def __init__(self, header: PackageHeader, sender_name: str) -> None:
        super().__init__(
            _(
                "Package {number} from {sender} needs a newer version of Kansli. It is kept, and is read once Kansli "
                "has been updated on this computer."
            ).format(number=header.sequence, sender=sender_name)
        )
        self.header = header


class InvalidIdentityError(KansliError):
    """An enrolment's public identity (node id, name, public keys) could not be read."""

    def __init__(self, detail: str) -> None:
        super().__init__(_("This file does not hold a valid Kansli enrolment identity."))
        self.detail = detail
