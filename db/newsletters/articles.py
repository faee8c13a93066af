"""Articles of an issue: commissioned from a writer, received, edited, placed on a page.

Like an issue, an article moves forward past a status when the work allows (a text that arrives finished is edited
at once) and one step back to correct a slip.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.branches.models import Branch
from db.core.errors import KansliError, ValidationError
from db.core.i18n import _
from db.members.models import Member
from db.newsletters.issues import load_issue
from db.newsletters.models import ARTICLE_STATUS_LABELS, Article, ArticleStatus

ARTICLE_ORDER = tuple(ArticleStatus)


class ArticleNotFoundError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("The article was not found; it may have been deleted."))


class ArticleStatusChangeError(KansliError):
    def __init__(self, current: ArticleStatus, wanted: ArticleStatus) -> None:
        super().__init__(
            _("An article that is “{current}” cannot become “{wanted}”.").format(
                current=_(ARTICLE_STATUS_LABELS[current]), wanted=_(ARTICLE_STATUS_LABELS[wanted])
            )
        )


def allowed_article_statuses(current: ArticleStatus) -> tuple[ArticleStatus, ...]:
    """Forward to any later status, or one step back."""
    index = ARTICLE_ORDER.index(current)
    back = ARTICLE_ORDER[index - 1 : index] if index > 0 else ()
    return (*back, *ARTICLE_ORDER[index + 1 :])


@dataclass(frozen=True)
class ArticleData:
    """An article as a form edits it (its status is changed with :func:`set_article_status`)."""

    issue_id: uuid.UUID
    title: str
    author_id: uuid.UUID | None = None
    author_name: str | None = None
    branch_id: uuid.UUID | None = None
    length: int | None = None  # characters
    page: int | None = None
    notes: str | None = None


@dataclass(frozen=True)
class ArticleRow:
    id: uuid.UUID
    issue_id: uuid.UUID
    title: str
    author: str
    author_id: uuid.UUID | None
    branch: str
    branch_id: uuid.UUID | None
    length: int | None
    status: ArticleStatus
    page: int | None
    notes: str | None


def check_article(session: Session, data: ArticleData) -> ArticleData:
    """Return the article tidied, or raise :class:`ValidationError` naming the first problem."""
    load_issue(session, data.issue_id)
    title = " ".join(data.title.split())
    if not title:
        raise ValidationError("title", _("Give the article a title."))
    if data.length is not None and not 0 <= data.length <= 1_000_000:
        raise ValidationError("length", _("The length is a number of characters."))
    if data.page is not None and not 1 <= data.page <= 999:
        raise ValidationError("page", _("The page is a number from 1 to 999."))
    if data.author_id is not None:
        member = session.get(Member, data.author_id)
        if member is None or member.deleted_at is not None:
            raise ValidationError("author_id", _("The author was not found in the register."))
    if data.branch_id is not None:
        branch = session.get(Branch, data.branch_id)
        if branch is None or branch.deleted_at is not None:
            raise ValidationError("branch_id", _("The branch was not found; it may have been deleted."))
    author_name = None if data.author_id is not None else " ".join((data.author_name or "").split()) or None
    return replace(data, title=title[:300], author_name=author_name, notes=(data.notes or "").strip() or None)


_FIELDS = ("title", "author_id", "author_name", "branch_id", "length", "page", "notes")


def _apply(article: Article, data: ArticleData) -> None:
    for name in _FIELDS:
        value = getattr(data, name)
        if getattr(article, name, None) != value:
            setattr(article, name, value)


def add_article(session: Session, data: ArticleData, status: ArticleStatus = ArticleStatus.COMMISSIONED) -> uuid.UUID:
    """Add an article at the end of the issue's list; return its id."""
    data = check_article(session, data)
    last = session.execute(
        select(func.max(Article.position)).where(Article.issue_id == data.issue_id, Article.deleted_at.is_(None))
    ).scalar_one_or_none()
    article = Article(issue_id=data.issue_id, title=data.title, status=status, position=(last or 0) + 1)
    _apply(article, data)
    session.add(article)
    session.flush()
    return article.id


def update_article(session: Session, article_id: uuid.UUID, data: ArticleData) -> None:
    """Change an article (it stays in its issue)."""
    article = load_article(session, article_id)
    data = check_article(session, replace(data, issue_id=article.issue_id))
    _apply(article, data)
    session.flush()


def load_article(session: Session, article_id: uuid.UUID) -> Article:
    article = session.get(Article, article_id)
    if article is None or article.deleted_at is not None:
        raise ArticleNotFoundError
    return article


def set_article_status(session: Session, article_id: uuid.UUID, status: ArticleStatus, page: int | None = None) -> None:
    """Move an article to ``status``; placing it may give its page at the same time.

    Raises:
        ArticleStatusChangeError: when the move is not allowed.
    """
    article = load_article(session, article_id)
    if status != article.status:
        if status not in allowed_article_statuses(article.status):
            raise ArticleStatusChangeError(article.status, status)
        article.status = status
    if page is not None:
        if not 1 <= page <= 999:
            raise ValidationError("page", _("The page is a number from 1 to 999."))
        article.page = page
    session.flush()


def delete_article(session: Session, article_id: uuid.UUID, now: datetime) -> None:
    load_article(session, article_id).deleted_at = now
    session.flush()


def list_articles(session: Session, issue_id: uuid.UUID) -> list[ArticleRow]:
    """The issue's articles in their order (by page once placed, then as added)."""
    rows = session.execute(
        select(Article, Member.first_name, Member.last_name, Branch.name)
        # An erased author is named by nobody: the article stays, the name is gone.
        .outerjoin(Member, (Member.id == Article.author_id) & Member.erased_at.is_(None))
        .outerjoin(Branch, Branch.id == Article.branch_id)
        .where(Article.issue_id == issue_id, Article.deleted_at.is_(None))
    ).tuples()
    placed: list[tuple[tuple[bool, int, int, str], ArticleRow]] = []
    for article, first, last, branch in rows:
        author = article.author_name or ""
        if article.author_id is not None and first is not None:
            author = f"{first} {last}"
        row = ArticleRow(
            id=article.id,
            issue_id=article.issue_id,
            title=article.title,
            author=author,
            author_id=article.author_id,
            branch=branch or "",
            branch_id=article.branch_id,
            length=article.length,
            status=article.status,
            page=article.page,
            notes=article.notes,
        )
        placed.append(((article.page is None, article.page or 0, article.position, article.title.casefold()), row))
    placed.sort(key=lambda pair: pair[0])
    return [row for _key, row in placed]


def total_length(rows: list[ArticleRow]) -> int:
    """The characters of the articles whose length is known."""
    return sum(row.length or 0 for row in rows)
