"""Local news from the branches: ask every branch for an issue, track who sent what, see who never does.

Asking makes one row per branch and issue ("asked"); the branch then sends something (received, with a word on
what, and an article made of it) or answers that it has nothing this time (declined). A branch counts as having
contributed to an issue when it sent something or an article of the issue is credited to it; over a span of
issues, the branches that were asked and never contributed are listed first, so they can be called.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.models import Branch, BranchStatus
from db.core.errors import KansliError, ValidationError
from db.core.i18n import _
from db.newsletters.articles import ArticleData, add_article
from db.newsletters.issues import load_issue
from db.newsletters.models import Article, ArticleStatus, BranchContribution, ContributionStatus, Issue


class ContributionNotFoundError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("The branch's contribution was not found; it may have been deleted."))


@dataclass(frozen=True)
class ContributionRow:
    """A branch and its part in one issue: asked or not, what it sent and when."""

    id: uuid.UUID | None  # None: the branch has not been asked for this issue
    branch_id: uuid.UUID
    branch: str
    status: ContributionStatus | None
    asked_on: date | None
    received_on: date | None
    what: str
    article_id: uuid.UUID | None


@dataclass(frozen=True)
class BranchRecord:
    """How one branch has answered requests for local news over the issues looked at."""

    branch_id: uuid.UUID
    branch: str
    asked: int  # issues it was asked for
    contributed: int  # issues it sent something to (or has an article in)
    declined: int
    last_contributed: date | None  # the publication (or receiving) date of its latest contribution

    @property
    def never(self) -> bool:
        """Asked at least once and never contributed."""
        return self.asked > 0 and self.contributed == 0


def _active_branches(session: Session) -> list[tuple[uuid.UUID, str]]:
    rows = session.execute(
        select(Branch.id, Branch.name).where(Branch.deleted_at.is_(None), Branch.status == BranchStatus.ACTIVE)
    ).tuples()
    return sorted(((branch_id, name) for branch_id, name in rows), key=lambda row: row[1].casefold())


def ask_branches(session: Session, issue_id: uuid.UUID, today: date, branch_ids: list[uuid.UUID] | None = None) -> int:
    """Ask the branches for local news for an issue: every active branch, or those given; return how many were asked.

    A branch already asked for the issue is not asked twice.
    """
    load_issue(session, issue_id)
    asked = set(
        session.execute(
            select(BranchContribution.branch_id).where(
                BranchContribution.issue_id == issue_id, BranchContribution.deleted_at.is_(None)
            )
        ).scalars()
    )
    wanted = branch_ids if branch_ids is not None else [branch_id for branch_id, _name in _active_branches(session)]
    added = 0
    for branch_id in dict.fromkeys(wanted):
        if branch_id in asked:
            continue
        session.add(BranchContribution(issue_id=issue_id, branch_id=branch_id, asked_on=today))
        added += 1
    session.flush()
    return added


def _load(session: Session, contribution_id: uuid.UUID) -> BranchContribution:
    row = session.get(BranchContribution, contribution_id)
    if row is None or row.deleted_at is not None:
        raise ContributionNotFoundError
    return row


def record_received(
    session: Session,
    contribution_id: uuid.UUID,
    what: str,
    received_on: date,
    *,
    make_article: bool = True,
    length: int | None = None,
) -> uuid.UUID | None:
    """Record what a branch sent, and (unless told not to) add it to the issue as an article credited to the branch.

    Returns the article's id (None when no article was made, or the contribution already has one).
    """
    row = _load(session, contribution_id)
    text = " ".join(what.split())
    if not text:
        raise ValidationError("what", _("Say in a few words what the branch sent."))
    row.status = ContributionStatus.RECEIVED
    row.received_on = received_on
    row.what = text
    article_id: uuid.UUID | None = None
    if make_article and row.article_id is None:
        article_id = add_article(
            session,
            ArticleData(issue_id=row.issue_id, title=text[:300], branch_id=row.branch_id, length=length),
            ArticleStatus.RECEIVED,
        )
        row.article_id = article_id
    session.flush()
    return article_id


def record_declined(session: Session, contribution_id: uuid.UUID, today: date) -> None:
    """The branch answered that it has nothing for this issue."""
    row = _load(session, contribution_id)
    row.status = ContributionStatus.DECLINED
    row.received_on = today
    session.flush()


def reset_to_asked(session: Session, contribution_id: uuid.UUID) -> None:
    """Back to "asked" (a mistake corrected); an article already made stays in the issue."""
    row = _load(session, contribution_id)
    row.status = ContributionStatus.ASKED
    row.received_on = None
    session.flush()


def issue_contributions(session: Session, issue_id: uuid.UUID) -> list[ContributionRow]:
    """Every active branch (and any other branch asked) with its part in the issue, by branch name."""
    load_issue(session, issue_id)
    names = dict(session.execute(select(Branch.id, Branch.name)).tuples().all())
    rows: dict[uuid.UUID, ContributionRow] = {
        branch_id: ContributionRow(None, branch_id, name, None, None, None, "", None)
        for branch_id, name in _active_branches(session)
    }
    for row in session.execute(
        select(BranchContribution).where(
            BranchContribution.issue_id == issue_id, BranchContribution.deleted_at.is_(None)
        )
    ).scalars():
        rows[row.branch_id] = ContributionRow(
            row.id,
            row.branch_id,
            names.get(row.branch_id, ""),
            row.status,
            row.asked_on,
            row.received_on,
            row.what or "",
            row.article_id,
        )
    return sorted(rows.values(), key=lambda row: row.branch.casefold())


def branch_record(
    session: Session, since: date | None = None, publication_id: uuid.UUID | None = None
) -> list[BranchRecord]:
    """How every active branch has answered over the issues since a date (or ever), of one publication or all.

    Issues count from their publication date, or their copy deadline while they have none. The branches that were
    asked and never contributed come first, then those that contribute least often, then by name.
    """
    issue_rows = select(Issue.id, Issue.publication_date, Issue.copy_deadline, Issue.year).where(
        Issue.deleted_at.is_(None)
    )
    if publication_id is not None:
        issue_rows = issue_rows.where(Issue.publication_id == publication_id)
    issue_day: dict[uuid.UUID, date] = {}
    for issue_id, published, deadline, year in session.execute(issue_rows).tuples():
        day = published or deadline or date(year, 12, 31)
        if since is None or day >= since:
            issue_day[issue_id] = day
    asked: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    contributed: dict[uuid.UUID, dict[uuid.UUID, date]] = defaultdict(dict)
    declined: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for branch_id, issue_id, status, received_on in session.execute(
        select(
            BranchContribution.branch_id,
            BranchContribution.issue_id,
            BranchContribution.status,
            BranchContribution.received_on,
        ).where(BranchContribution.deleted_at.is_(None))
    ).tuples():
        if issue_id not in issue_day:
            continue
        asked[branch_id].add(issue_id)
        if status == ContributionStatus.RECEIVED:
            contributed[branch_id][issue_id] = received_on or issue_day[issue_id]
        elif status == ContributionStatus.DECLINED:
            declined[branch_id].add(issue_id)
    for credited, issue_id in session.execute(
        select(Article.branch_id, Article.issue_id).where(Article.deleted_at.is_(None), Article.branch_id.is_not(None))
    ).tuples():
        if credited is not None and issue_id in issue_day:
            contributed[credited].setdefault(issue_id, issue_day[issue_id])
    records = [
        BranchRecord(
            branch_id,
            name,
            len(asked[branch_id] | set(contributed[branch_id])),
            len(contributed[branch_id]),
            len(declined[branch_id] - set(contributed[branch_id])),
            max(contributed[branch_id].values(), default=None),
        )
        for branch_id, name in _active_branches(session)
    ]
    records.sort(key=lambda record: record.branch.casefold())
    records.sort(key=lambda record: record.contributed / record.asked if record.asked else 1.0)
    records.sort(key=lambda record: not record.never)
    return records
