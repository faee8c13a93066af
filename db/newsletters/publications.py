"""Publications: add, change, list; and how many issues came out in the current period against the target.

A publication's **code** is one short word (letters, digits, hyphens; at most 12 characters), unique among the
district's publications, chosen by the district ("Paper", "Lehti", "Brev"). With an issue's number and year it
names the issue wherever one line must: ``Paper 2/2026`` in `kansli newsletters list`, and what `--issue` takes.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.models import Body, BodyKind
from db.core.errors import KansliError, ValidationError
from db.core.i18n import _
from db.newsletters.models import Issue, IssueStatus, Publication, PublicationKind, PublicationLanguage

CODE_PATTERN = re.compile(r"[^\W_][\w-]{0,11}")
MAX_TARGET = 52


class PublicationNotFoundError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("The publication was not found; it may have been deleted."))


@dataclass(frozen=True)
class PublicationData:
    """A publication as a form edits it."""

    name: str
    code: str
    kind: PublicationKind = PublicationKind.PAPER
    language: PublicationLanguage = PublicationLanguage.FI
    editorial_body_id: uuid.UUID | None = None
    target_issues: int = 4
    period_years: int = 1
    first_year: int = field(default_factory=lambda: date.today().year)
    by_post: bool = True
    by_email: bool = True
    include_supporters: bool = False
    extra_copies: int = 0
    notes: str | None = None


@dataclass(frozen=True)
class PublicationRecord:
    id: uuid.UUID
    data: PublicationData
    editorial_body: str  # the body's name, or ""
    issues: int

    @property
    def code(self) -> str:
        return self.data.code

    @property
    def name(self) -> str:
        return self.data.name


_FIELDS = (
    "name",
    "code",
    "kind",
    "language",
    "editorial_body_id",
    "target_issues",
    "period_years",
    "first_year",
    "by_post",
    "by_email",
    "include_supporters",
    "extra_copies",
    "notes",
)


def check_publication(
    session: Session, data: PublicationData, publication_id: uuid.UUID | None = None
) -> PublicationData:
    """Return the publication tidied, or raise :class:`ValidationError` naming the first problem."""
    name = " ".join(data.name.split())
    if not name:
        raise ValidationError("name", _("Give the publication a name."))
    code = data.code.strip()
    if not CODE_PATTERN.fullmatch(code):
        raise ValidationError(
            "code", _("The code is one short word of at most 12 letters or digits, for example “Paper”.")
        )
    others = session.execute(select(Publication.id, Publication.code).where(Publication.deleted_at.is_(None))).tuples()
    if any(code.casefold() == other.casefold() and other_id != publication_id for other_id, other in others):
        raise ValidationError("code", _("Another publication already has the code “{code}”.").format(code=code))
    if not 0 <= data.target_issues <= MAX_TARGET:
        raise ValidationError("target_issues", _("The target is between 0 and 52 issues."))
    if not 1 <= data.period_years <= 4:
        raise ValidationError("period_years", _("A period is 1 to 4 years."))
    if not 1900 <= data.first_year <= 2100:
        raise ValidationError("first_year", _("The first year is not a year."))
    if not 0 <= data.extra_copies <= 100_000:
        raise ValidationError("extra_copies", _("Extra copies are between 0 and 100 000."))
    if not (data.by_post or data.by_email):
        raise ValidationError("by_post", _("A publication goes out by post, by e-mail or both."))
    if data.editorial_body_id is not None:
        body = session.get(Body, data.editorial_body_id)
        if body is None or body.deleted_at is not None:
            raise ValidationError("editorial_body_id", _("The editorial committee was not found."))
    return replace(data, name=name[:200], code=code, notes=(data.notes or "").strip() or None)


def _apply(publication: Publication, data: PublicationData) -> None:
    for name in _FIELDS:
        value = getattr(data, name)
        if getattr(publication, name, None) != value:
            setattr(publication, name, value)


def create_publication(session: Session, data: PublicationData) -> uuid.UUID:
    """Add a publication; return its id."""
    data = check_publication(session, data)
    publication = Publication(name=data.name, code=data.code, first_year=data.first_year)
    _apply(publication, data)
    session.add(publication)
    session.flush()
    return publication.id


def update_publication(session: Session, publication_id: uuid.UUID, data: PublicationData) -> None:
    """Change a publication."""
    data = check_publication(session, data, publication_id)
    _apply(load_publication(session, publication_id), data)
    session.flush()


def load_publication(session: Session, publication_id: uuid.UUID) -> Publication:
    publication = session.get(Publication, publication_id)
    if publication is None or publication.deleted_at is not None:
        raise PublicationNotFoundError
    return publication


def publication_data(session: Session, publication_id: uuid.UUID) -> PublicationData:
    """Read a publication back for a form."""
    return _data(load_publication(session, publication_id))


def _data(publication: Publication) -> PublicationData:
    return PublicationData(**{name: getattr(publication, name) for name in _FIELDS})


def list_publications(session: Session) -> list[PublicationRecord]:
    """Every live publication, by name."""
    bodies = dict(session.execute(select(Body.id, Body.name).where(Body.deleted_at.is_(None))).tuples().all())
    counts: dict[uuid.UUID, int] = {}
    for (publication_id,) in session.execute(select(Issue.publication_id).where(Issue.deleted_at.is_(None))).tuples():
        counts[publication_id] = counts.get(publication_id, 0) + 1
    records = [
        PublicationRecord(
            publication.id,
            _data(publication),
            bodies.get(publication.editorial_body_id, "") if publication.editorial_body_id else "",
            counts.get(publication.id, 0),
        )
        for publication in session.execute(select(Publication).where(Publication.deleted_at.is_(None))).scalars()
    ]
    return sorted(records, key=lambda record: record.name.casefold())


def editorial_committees(session: Session) -> list[tuple[uuid.UUID, str]]:
    """The district's editorial committees (bodies of that kind), for a form's choice, by name."""
    rows = session.execute(
        select(Body.id, Body.name).where(Body.kind == BodyKind.EDITORIAL_COMMITTEE, Body.deleted_at.is_(None))
    ).tuples()
    return sorted(((body_id, name) for body_id, name in rows), key=lambda row: row[1].casefold())


@dataclass(frozen=True)
class PublicationProgress:
    """Issues of one publication in the period holding a day, against its target.

    ``published`` are the issues distributed with a publication date in the period; ``planned`` the issues not yet
    distributed whose publication date falls in the rest of the period (or is not set yet, if numbered for a year
    of the period).
    """

    publication_id: uuid.UUID
    code: str
    name: str
    period_start: date
    period_end: date
    target: int
    published: int
    planned: int

    @property
    def short(self) -> int:
        """How many issues are missing from the target even if every planned one comes out."""
        return max(0, self.target - self.published - self.planned)

    @property
    def reached(self) -> bool:
        return self.published >= self.target


def period_of(first_year: int, period_years: int, day: date) -> tuple[date, date]:
    """The period (first and last day) of a publication that holds ``day``; periods begin on 1 January."""
    offset = (day.year - first_year) // period_years
    start_year = first_year + offset * period_years
    return date(start_year, 1, 1), date(start_year + period_years - 1, 12, 31)


def issues_against_target(session: Session, today: date) -> list[PublicationProgress]:
    """Every publication with a target: its issues in the current period against the target (for the Overview)."""
    progress: list[PublicationProgress] = []
    issues = list(session.execute(select(Issue).where(Issue.deleted_at.is_(None))).scalars())
    for record in list_publications(session):
        data = record.data
        if data.target_issues <= 0:
            continue
        start, end = period_of(data.first_year, data.period_years, today)
        published = planned = 0
        for issue in issues:
            if issue.publication_id != record.id:
                continue
            if issue.status == IssueStatus.DISTRIBUTED:
                day = issue.publication_date
                published += 1 if day is not None and start <= day <= end else 0
            elif issue.publication_date is not None:
                planned += 1 if max(start, today) <= issue.publication_date <= end else 0
            elif start.year <= issue.year <= end.year:
                planned += 1
        progress.append(
            PublicationProgress(record.id, data.code, data.name, start, end, data.target_issues, published, planned)
        )
    return progress
