"""Issues of a publication: number them, move them through their statuses, list and find them.

An issue goes planning → collecting (texts asked for and coming in) → editing → layout → printing → distributed.
It may move forward past a status (a short member letter needs no layout round) and one step back to correct a
slip. Reaching "distributed" fills in the publication date when it is empty: the issue then counts against the
publication's target (``db.newsletters.publications.issues_against_target``).
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.core.errors import KansliError, ValidationError
from db.core.i18n import _
from db.newsletters.models import (
    ISSUE_STATUS_LABELS,
    Article,
    ArticleStatus,
    BranchContribution,
    ContributionStatus,
    Issue,
    IssueStatus,
    Publication,
)
from db.newsletters.publications import load_publication

STATUS_ORDER = tuple(IssueStatus)
_ISSUE_TEXT = re.compile(r"^\s*(?:(?P<code>\S+)\s+)?(?P<number>\d{1,3})\s*/\s*(?P<year>\d{4})\s*$")


def issue_name(code: str, number: int, year: int) -> str:
    """How an issue is named in lists and on the command line: ``Paper 2/2026``."""
    return f"{code} {number}/{year}"


class IssueNotFoundError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("The issue was not found; it may have been deleted."))


class NoSuchIssueError(KansliError):
    def __init__(self, text: str) -> None:
        super().__init__(_("No issue matches {text}; `kansli newsletters list` shows them.").format(text=text))


class AmbiguousIssueError(KansliError):
    def __init__(self, text: str) -> None:
        super().__init__(
            _("More than one issue matches {text}; give the publication's code too, e.g. “Paper 2/2026”.").format(
                text=text
            )
        )


class IssueStatusChangeError(KansliError):
    def __init__(self, current: IssueStatus, wanted: IssueStatus) -> None:
        super().__init__(
            _("An issue in “{current}” cannot move to “{wanted}”.").format(
                current=_(ISSUE_STATUS_LABELS[current]), wanted=_(ISSUE_STATUS_LABELS[wanted])
            )
        )


def allowed_issue_statuses(current: IssueStatus) -> tuple[IssueStatus, ...]:
    """Forward to any later status, or one step back."""
    index = STATUS_ORDER.index(current)
    back = STATUS_ORDER[index - 1 : index] if index > 0 else ()
    return (*back, *STATUS_ORDER[index + 1 :])


@dataclass(frozen=True)
class IssueData:
    """An issue as a form edits it; ``number`` None takes the next free number of the year."""

    publication_id: uuid.UUID
    year: int
    number: int | None = None
    theme: str | None = None
    copy_deadline: date | None = None
    publication_date: date | None = None
    extra_copies: int | None = None  # None: the publication's default
    notes: str | None = None


@dataclass(frozen=True)
class IssueRow:
    """An issue as lists show it, with the counts of its articles and branch contributions."""

    id: uuid.UUID
    publication_id: uuid.UUID
    code: str
    publication: str
    number: int
    year: int
    theme: str | None
    copy_deadline: date | None
    publication_date: date | None
    status: IssueStatus
    extra_copies: int
    postal_copies: int | None
    articles: int
    articles_placed: int
    branches_asked: int
    branches_sent: int

    @property
    def name(self) -> str:
        return issue_name(self.code, self.number, self.year)


def check_issue(session: Session, data: IssueData, issue_id: uuid.UUID | None = None) -> IssueData:
    """Return the issue tidied (its number chosen when not given), or raise :class:`ValidationError`."""
    publication = load_publication(session, data.publication_id)
    if not 1900 <= data.year <= 2100:
        raise ValidationError("year", _("The year is not a year."))
    taken = {
        number
        for other_id, number in session.execute(
            select(Issue.id, Issue.number).where(
                Issue.publication_id == data.publication_id, Issue.year == data.year, Issue.deleted_at.is_(None)
            )
        ).tuples()
        if other_id != issue_id
    }
    number = data.number if data.number is not None else max(taken, default=0) + 1
    if not 1 <= number <= 999:
        raise ValidationError("number", _("An issue's number is between 1 and 999."))
    if number in taken:
        raise ValidationError(
            "number",
            _("{name} already exists.").format(name=issue_name(publication.code, number, data.year)),
        )
    extra = publication.extra_copies if data.extra_copies is None else data.extra_copies
    if not 0 <= extra <= 100_000:
        raise ValidationError("extra_copies", _("Extra copies are between 0 and 100 000."))
    if data.copy_deadline and data.publication_date and data.publication_date < data.copy_deadline:
        raise ValidationError("publication_date", _("The issue comes out before its copy deadline."))
    return replace(
        data,
        number=number,
        extra_copies=extra,
        theme=" ".join((data.theme or "").split()) or None,
        notes=(data.notes or "").strip() or None,
    )


def create_issue(session: Session, data: IssueData) -> uuid.UUID:
    """Add an issue (in planning); return its id."""
    data = check_issue(session, data)
    assert data.number is not None and data.extra_copies is not None
    issue = Issue(publication_id=data.publication_id, number=data.number, year=data.year)
    _apply(issue, data)
    session.add(issue)
    session.flush()
    return issue.id


def update_issue(session: Session, issue_id: uuid.UUID, data: IssueData) -> None:
    """Change an issue's number, theme, dates, extra copies or notes (not its publication)."""
    issue = load_issue(session, issue_id)
    data = check_issue(session, replace(data, publication_id=issue.publication_id), issue_id)
    _apply(issue, data)
    session.flush()


def _apply(issue: Issue, data: IssueData) -> None:
    for name in ("number", "year", "theme", "copy_deadline", "publication_date", "extra_copies", "notes"):
        value = getattr(data, name)
        if getattr(issue, name, None) != value:
            setattr(issue, name, value)


def load_issue(session: Session, issue_id: uuid.UUID) -> Issue:
    issue = session.get(Issue, issue_id)
    if issue is None or issue.deleted_at is not None:
        raise IssueNotFoundError
    return issue


def issue_data(session: Session, issue_id: uuid.UUID) -> IssueData:
    """Read an issue back for a form."""
    issue = load_issue(session, issue_id)
    return IssueData(
        issue.publication_id,
        issue.year,
        issue.number,
        issue.theme,
        issue.copy_deadline,
        issue.publication_date,
        issue.extra_copies,
        issue.notes,
    )


def set_issue_status(session: Session, issue_id: uuid.UUID, status: IssueStatus, today: date) -> None:
    """Move an issue to ``status`` (see the module's description).

    Raises:
        IssueStatusChangeError: when the move is not allowed.
    """
    issue = load_issue(session, issue_id)
    if status == issue.status:
        return
    if status not in allowed_issue_statuses(issue.status):
        raise IssueStatusChangeError(issue.status, status)
    issue.status = status
    if status == IssueStatus.DISTRIBUTED and issue.publication_date is None:
        issue.publication_date = today
    session.flush()


def delete_issue(session: Session, issue_id: uuid.UUID, now: datetime) -> None:
    """Delete an issue with its articles and branch contributions (softly; undo brings them back)."""
    issue = load_issue(session, issue_id)
    articles = select(Article).where(Article.issue_id == issue_id, Article.deleted_at.is_(None))
    contributions = select(BranchContribution).where(
        BranchContribution.issue_id == issue_id, BranchContribution.deleted_at.is_(None)
    )
    for row in [*session.execute(articles).scalars(), *session.execute(contributions).scalars()]:
        row.deleted_at = now
    issue.deleted_at = now
    session.flush()


def list_issues(session: Session, publication_id: uuid.UUID | None = None) -> list[IssueRow]:
    """The live issues (of one publication, or all), by publication code, year and number."""
    publications = {
        publication.id: publication
        for publication in session.execute(select(Publication).where(Publication.deleted_at.is_(None))).scalars()
    }
    statement = select(Issue).where(Issue.deleted_at.is_(None), Issue.publication_id.in_(list(publications)))
    if publication_id is not None:
        statement = statement.where(Issue.publication_id == publication_id)
    issues = list(session.execute(statement).scalars())
    articles: Counter[uuid.UUID] = Counter()
    placed: Counter[uuid.UUID] = Counter()
    for issue_id, status, count in session.execute(
        select(Article.issue_id, Article.status, func.count())
        .where(Article.deleted_at.is_(None))
        .group_by(Article.issue_id, Article.status)
    ).tuples():
        articles[issue_id] += count
        if status == ArticleStatus.PLACED:
            placed[issue_id] += count
    asked: Counter[uuid.UUID] = Counter()
    sent: Counter[uuid.UUID] = Counter()
    for issue_id, contribution, count in session.execute(
        select(BranchContribution.issue_id, BranchContribution.status, func.count())
        .where(BranchContribution.deleted_at.is_(None))
        .group_by(BranchContribution.issue_id, BranchContribution.status)
    ).tuples():
        asked[issue_id] += count
        if contribution == ContributionStatus.RECEIVED:
            sent[issue_id] += count
    rows = [
        IssueRow(
            id=issue.id,
            publication_id=issue.publication_id,
            code=publications[issue.publication_id].code,
            publication=publications[issue.publication_id].name,
            number=issue.number,
            year=issue.year,
            theme=issue.theme,
            copy_deadline=issue.copy_deadline,
            publication_date=issue.publication_date,
            status=issue.status,
            extra_copies=issue.extra_copies,
            postal_copies=issue.postal_copies,
            articles=articles[issue.id],
            articles_placed=placed[issue.id],
            branches_asked=asked[issue.id],
            branches_sent=sent[issue.id],
        )
        for issue in issues
    ]
    rows.sort(key=lambda row: (row.code.casefold(), row.year, row.number))
    return rows


def issue_row(session: Session, issue_id: uuid.UUID) -> IssueRow:
    """One issue as lists show it."""
    issue = load_issue(session, issue_id)
    row = next((row for row in list_issues(session, issue.publication_id) if row.id == issue_id), None)
    if row is None:
        raise IssueNotFoundError
    return row


def find_issue(session: Session, text: str) -> uuid.UUID:
    """Find an issue by its name (``Paper 2/2026``, any case; ``2/2026`` when only one publication has it) or id.

    Raises:
        NoSuchIssueError: when nothing matches.
        AmbiguousIssueError: when more than one issue matches.
    """
    rows = list_issues(session)
    match = _ISSUE_TEXT.match(text)
    if match:
        code, number, year = match.group("code"), int(match.group("number")), int(match.group("year"))
        found = [
            row
            for row in rows
            if row.number == number and row.year == year and (code is None or row.code.casefold() == code.casefold())
        ]
    else:
        wanted = text.strip().lower().replace("-", "")
        found = [row for row in rows if len(wanted) >= 4 and (row.id.hex.endswith(wanted) or row.id.hex == wanted)]
    if len(found) > 1:
        raise AmbiguousIssueError(text)
    if not found:
        raise NoSuchIssueError(text)
    return found[0].id
