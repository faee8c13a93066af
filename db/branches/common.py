"""Small checks shared by the operations on the district's work with its branches."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy.orm import Session

from db.branches.models import Branch
from db.core.errors import ValidationError
from db.core.i18n import _

# Years outside this range are typing errors (a grade for 202 or 20255), not history.
YEAR_MIN = 1900
YEAR_MAX = 2100


class BranchNotFoundError(ValidationError):
    """The branch an operation names does not exist or has been deleted."""

    def __init__(self) -> None:
        super().__init__("branch", _("The branch was not found; it may have been deleted."))


def live_branch(session: Session, branch_id: uuid.UUID) -> Branch:
    """Return the branch ``branch_id``, refusing a missing or deleted one.

    Raises:
        BranchNotFoundError: when there is no such live branch.
    """
    branch = session.get(Branch, branch_id)
    if branch is None or branch.deleted_at is not None:
        raise BranchNotFoundError
    return branch


def check_year(year: int, field: str = "year") -> None:
    """Refuse a year that cannot be meant (outside 1900–2100, or not a whole number).

    Raises:
        ValidationError: naming ``field``.
    """
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError(
            field, _("The year must be between {first} and {last}.").format(first=YEAR_MIN, last=YEAR_MAX)
        )


def clean_text(text: str | None) -> str | None:
    """Return ``text`` without surrounding spaces, or None when nothing is left."""
    if text is None:
        return None
    stripped = text.strip()
    return stripped or None


def clean_line(text: str | None) -> str | None:
    """Return a one-line value (a name, a place) with inner runs of spaces collapsed, or None when empty."""
    if text is None:
        return None
    joined = " ".join(text.split())
    return joined or None


def local_day(moment: datetime) -> date:
    """Return the local calendar day of a UTC moment (a row created at 01:00 in Finland belongs to that day)."""
    return moment.astimezone().date()
