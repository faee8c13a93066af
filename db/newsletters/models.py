"""The member paper and member letters: publications, their issues, articles and the branches' local news.

Who receives an issue is never stored: it follows from the members' consents and contact details on the day the
labels or the mailing list are made (``db.newsletters.distribution``). What an issue keeps is what was decided and
done: its number, theme, dates, status, extra copies, and — once the labels are printed — how many went by post.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.core.base import Base, Synced, text_enum
from db.core.i18n import N_


class PublicationKind(enum.StrEnum):
    PAPER = "paper"  # the district's member paper (jäsenlehti / medlemstidning)
    LETTER = "letter"  # a member letter (jäsenkirje / medlemsbrev)


class PublicationLanguage(enum.StrEnum):
    FI = "fi"
    SV = "sv"
    BILINGUAL = "bilingual"


class IssueStatus(enum.StrEnum):
    PLANNING = "planning"
    COLLECTING = "collecting"  # asking for and receiving texts
    EDITING = "editing"
    LAYOUT = "layout"
    PRINTING = "printing"
    DISTRIBUTED = "distributed"


class ArticleStatus(enum.StrEnum):
    COMMISSIONED = "commissioned"
    RECEIVED = "received"
    EDITED = "edited"
    PLACED = "placed"  # on a page of the layout


class ContributionStatus(enum.StrEnum):
    ASKED = "asked"
    RECEIVED = "received"
    DECLINED = "declined"  # the branch answered that it has nothing this time


PUBLICATION_KIND_LABELS = {PublicationKind.PAPER: N_("Member paper"), PublicationKind.LETTER: N_("Member letter")}
PUBLICATION_LANGUAGE_LABELS = {
    PublicationLanguage.FI: N_("Finnish"),
    PublicationLanguage.SV: N_("Swedish"),
    PublicationLanguage.BILINGUAL: N_("Bilingual"),
}
ISSUE_STATUS_LABELS = {
    IssueStatus.PLANNING: N_("Planning"),
    IssueStatus.COLLECTING: N_("Collecting texts"),
    IssueStatus.EDITING: N_("Editing"),
    IssueStatus.LAYOUT: N_("Layout"),
    IssueStatus.PRINTING: N_("Printing"),
    IssueStatus.DISTRIBUTED: N_("Distributed"),
}
ARTICLE_STATUS_LABELS = {
    ArticleStatus.COMMISSIONED: N_("Commissioned"),
    ArticleStatus.RECEIVED: N_("Received"),
    ArticleStatus.EDITED: N_("Edited"),
    ArticleStatus.PLACED: N_("Placed"),
}
CONTRIBUTION_STATUS_LABELS = {
    ContributionStatus.ASKED: N_("Asked"),
    ContributionStatus.RECEIVED: N_("Received"),
    ContributionStatus.DECLINED: N_("Nothing this time"),
}


class Publication(Synced, Base):
    """A publication of the district: the member paper or a member letter.

    ``code`` is a short word that names its issues on the command line and in lists ("Paper 2/2026"). The target
    is ``target_issues`` per period of ``period_years`` years, the periods counted from ``first_year``.
    """

    __tablename__ = "publication"
    __table_args__ = (
        CheckConstraint("target_issues >= 0", name="target_issues_not_negative"),
        CheckConstraint("period_years BETWEEN 1 AND 4", name="period_years_range"),
    )

    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(20))
    kind: Mapped[PublicationKind] = mapped_column(
        text_enum(PublicationKind, "publication_kind"), default=PublicationKind.PAPER
    )
    language: Mapped[PublicationLanguage] = mapped_column(
        text_enum(PublicationLanguage, "publication_language"), default=PublicationLanguage.FI
    )
    editorial_body_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("body.id"), index=True, default=None)
    target_issues: Mapped[int] = mapped_column(default=4)
    period_years: Mapped[int] = mapped_column(default=1)
    first_year: Mapped[int]
    by_post: Mapped[bool] = mapped_column(default=True)
    by_email: Mapped[bool] = mapped_column(default=True)
    include_supporters: Mapped[bool] = mapped_column(default=False)
    extra_copies: Mapped[int] = mapped_column(default=0)  # the default for a new issue (office, events, archive)
    notes: Mapped[str | None] = mapped_column(default=None)


class Issue(Synced, Base):
    """One issue of a publication, numbered ``number/year``."""

    __tablename__ = "publication_issue"
    __table_args__ = (
        Index("ix_publication_issue_number", "publication_id", "year", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("extra_copies >= 0", name="extra_copies_not_negative"),
    )

    publication_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("publication.id"))
    number: Mapped[int]
    year: Mapped[int]
    theme: Mapped[str | None] = mapped_column(String(300), default=None)
    copy_deadline: Mapped[date | None] = mapped_column(default=None)
    publication_date: Mapped[date | None] = mapped_column(default=None)
    status: Mapped[IssueStatus] = mapped_column(text_enum(IssueStatus, "issue_status"), default=IssueStatus.PLANNING)
    extra_copies: Mapped[int] = mapped_column(default=0)
    # How many labels were printed for the post: set when the labels are printed, so the print run of an issue
    # already made does not change when members come and go afterwards. None: worked out from today's register.
    postal_copies: Mapped[int | None] = mapped_column(default=None)
    notes: Mapped[str | None] = mapped_column(default=None)


class Article(Synced, Base):
    """An article of an issue: commissioned from a writer, received, edited and placed on a page."""

    __tablename__ = "publication_article"

    issue_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("publication_issue.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("member.id"), index=True, default=None)
    author_name: Mapped[str | None] = mapped_column(String(200), default=None)  # a writer not in the register
    branch_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("branch.id"), index=True, default=None)
    length: Mapped[int | None] = mapped_column(default=None)  # in characters, as editors count
    status: Mapped[ArticleStatus] = mapped_column(
        text_enum(ArticleStatus, "article_status"), default=ArticleStatus.COMMISSIONED
    )
    page: Mapped[int | None] = mapped_column(default=None)
    position: Mapped[int] = mapped_column(default=0)  # the order in the issue's list
    notes: Mapped[str | None] = mapped_column(default=None)


class BranchContribution(Synced, Base):
    """A branch asked for local news for an issue, and what it sent (or that it had nothing)."""

    __tablename__ = "branch_contribution"
    __table_args__ = (Index("ix_branch_contribution_issue_branch", "issue_id", "branch_id"),)

    issue_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("publication_issue.id"))
    branch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("branch.id"), index=True)
    status: Mapped[ContributionStatus] = mapped_column(
        text_enum(ContributionStatus, "contribution_status"), default=ContributionStatus.ASKED
    )
    asked_on: Mapped[date]
    received_on: Mapped[date | None] = mapped_column(default=None)
    what: Mapped[str | None] = mapped_column(default=None)  # "a text on the spring meeting and two photos"
    article_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("publication_article.id"), default=None)
