"""Who receives an issue, by post and by e-mail, worked out from the register on the day it is asked.

**Readers** are the people whose current membership is active on the day (members; supporters too when the
publication includes them), not erased or merged away. Each reader's latest consent event for "news by e-mail"
and for "member paper by post" decides (latest by the date recorded, then by when it was entered, as everywhere):

* **e-mail**: the publication goes out by e-mail, the e-mail consent is given, and the reader has a usable address
  (valid, not marked "do not use");
* **post**: the publication goes out by post, and the reader wants the paper by post (consent given) — or gets no
  e-mail copy (no usable address, or no e-mail consent) and has not said no to the post (revoked). The paper is a
  member's right; post is the fallback, as Galette does it: e-mail where possible, labels for the rest.

So a reader may get both (both consents given), and one who revoked the post and gets no e-mail gets nothing
(counted, so the office sees it). Postal readers are grouped into one label per household and address
(``db.newsletters.households``); those without a postal address are listed apart.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core.collection import cycle_collection_paused
from db.core.district import get_district
from db.core.driver_rows import first_rows
from db.core.i18n import N_, Label
from db.members.models import (
    Consent,
    ConsentPurpose,
    Member,
    MemberSearchEntry,
    MembershipKind,
    MembershipStatus,
)
from db.members.status import membership_status_sql
from db.newsletters.households import AddressLabel, PostalPerson, group_households
from db.newsletters.issues import issue_name, load_issue
from db.newsletters.models import Publication, PublicationLanguage
from db.newsletters.publications import load_publication


class Reader(NamedTuple):
    """A reader and what decides their channels."""

    person: PostalPerson
    email: str | None  # the first usable address
    wants_post: bool | None  # the latest postal-paper consent event: given, revoked, or never recorded
    wants_email: bool | None


class EmailRecipient(NamedTuple):
    member_id: uuid.UUID
    email: str
    first_name: str
    last_name: str
    language: str  # "fi", "sv" or "other"


@dataclass(frozen=True)
class Distribution:
    """Where the copies of a publication go on one day."""

    day: date
    readers: int
    labels: list[AddressLabel] = field(default_factory=list)
    emails: list[EmailRecipient] = field(default_factory=list)
    no_address: list[uuid.UUID] = field(default_factory=list)  # would get post, but have no postal address
    unreached: list[uuid.UUID] = field(default_factory=list)  # said no to the post and get no e-mail copy

    @property
    def postal_people(self) -> int:
        """The people the labels carry (a household's label counts each of them)."""
        return sum(len(label.member_ids) for label in self.labels)

    def postal_member_ids(self) -> list[uuid.UUID]:
        return [member_id for label in self.labels for member_id in label.member_ids]


@dataclass(frozen=True)
class PrintRun:
    """How many copies to print: one per postal label plus the extra copies."""

    postal: int
    extra: int
    counted_from_labels: bool  # True: the labels were printed and their number kept; False: counted today

    @property
    def total(self) -> int:
        return self.postal + self.extra


def _latest_consents(session: Session) -> dict[tuple[str, str], bool]:
    """Each person's latest event for the two channel purposes, by (member id as hex, purpose): given or revoked.

    Latest by the date recorded, then by when it was entered; read at driver level (the values as stored: ISO
    text sorts as the moments do), since a district has a hundred thousand of these events.
    """
    latest: dict[tuple[str, str], tuple[str, str, int]] = {}
    rows = first_rows(
        session,
        select(Consent.member_id, Consent.purpose, Consent.recorded_on, Consent.created_at, Consent.given).where(
            Consent.purpose.in_((ConsentPurpose.EMAIL_NEWS, ConsentPurpose.POSTAL_PAPER)),
            Consent.deleted_at.is_(None),
        ),
    )
    for member_id, purpose, recorded_on, created_at, given in rows:
        key = (member_id, purpose)
        known = latest.get(key)
        if known is None or (recorded_on, created_at) > known[:2]:
            latest[key] = (recorded_on, created_at, given)
    return {key: bool(given) for key, (_day, _at, given) in latest.items()}


def _uuid(value: str | uuid.UUID) -> uuid.UUID:
    # A district's database is SQLite, where the driver gives ids as the hex text SQLAlchemy stored.
    return value if isinstance(value, uuid.UUID) else uuid.UUID(value)


def readers(session: Session, publication: Publication, today: date) -> list[Reader]:
    """The publication's readers on ``today`` (see the module's description), in no particular order.

    Read at driver level: a hundred thousand members through SQLAlchemy's result rows cost seconds.
    """
    entry = MemberSearchEntry
    kinds = [MembershipKind.MEMBER.value]
    if publication.include_supporters:
        kinds.append(MembershipKind.SUPPORTER.value)
    rows = first_rows(
        session,
        select(
            Member.id,
            Member.first_name,
            Member.last_name,
            Member.language,
            Member.household_id,
            Member.street,
            Member.co_line,
            Member.postal_code,
            Member.city,
            Member.address_country,
            entry.email,
        )
        .join(Member, Member.id == entry.member_id)
        .where(Member.deleted_at.is_(None), Member.erased_at.is_(None), Member.merged_into_id.is_(None))
        .where(entry.membership_kind.in_(kinds))
        .where(membership_status_sql(entry, today) == MembershipStatus.ACTIVE.value),
    )
    consents = _latest_consents(session)
    post, news = ConsentPurpose.POSTAL_PAPER.value, ConsentPurpose.EMAIL_NEWS.value
    households: dict[str, uuid.UUID] = {}
    found: list[Reader] = []
    for member_id, first, last, language, household_id, street, co_line, postal_code, city, country, email in rows:
        household = None
        if household_id is not None:
            household = households.get(household_id) or households.setdefault(household_id, _uuid(household_id))
        person = PostalPerson(
            _uuid(member_id), first, last, language, household, street, co_line, postal_code, city, country
        )
        found.append(Reader(person, email, consents.get((member_id, post)), consents.get((member_id, news))))
    return found


def split(
    readers: Iterable[Reader],
    *,
    by_post: bool,
    by_email: bool,
    home_country: str,
    default_language: str,
    day: date,
) -> Distribution:
    """Decide each reader's channels and group the postal ones into labels (the rules of the module's description)."""
    postal: list[PostalPerson] = []
    emails: list[EmailRecipient] = []
    unreached: list[uuid.UUID] = []
    count = 0
    for reader in readers:
        count += 1
        person = reader.person
        gets_email = by_email and reader.wants_email is True and reader.email is not None
        gets_post = by_post and (reader.wants_post is True or (reader.wants_post is None and not gets_email))
        if gets_email and reader.email is not None:
            emails.append(
                EmailRecipient(person.member_id, reader.email, person.first_name, person.last_name, person.language)
            )
        if gets_post:
            postal.append(person)
        if not gets_email and not gets_post:
            unreached.append(person.member_id)
    labels, no_address = group_households(postal, home_country, default_language)
    emails.sort(key=lambda recipient: recipient.email)
    return Distribution(day, count, labels, emails, no_address, unreached)


def label_language(publication: Publication, district_language: str) -> str:
    """The language of a label whose people do not share Finnish or Swedish: the publication's (or the district's)."""
    if publication.language == PublicationLanguage.BILINGUAL:
        return district_language if district_language in ("fi", "sv") else "fi"
    return publication.language.value


def publication_distribution(session: Session, publication_id: uuid.UUID, today: date) -> Distribution:
    """The distribution of a publication on ``today``."""
    publication = load_publication(session, publication_id)
    district = get_district(session)
    with cycle_collection_paused():
        return split(
            readers(session, publication, today),
            by_post=publication.by_post,
            by_email=publication.by_email,
            home_country=district.country.value,
            default_language=label_language(publication, district.language.value),
            day=today,
        )


def issue_distribution(session: Session, issue_id: uuid.UUID, today: date) -> Distribution:
    """The distribution of an issue (its publication's readers on ``today``)."""
    return publication_distribution(session, load_issue(session, issue_id).publication_id, today)


def print_run(session: Session, issue_id: uuid.UUID, today: date) -> PrintRun:
    """The print run of an issue: its labels (as printed, or as they would be today) plus its extra copies."""
    issue = load_issue(session, issue_id)
    if issue.postal_copies is not None:
        return PrintRun(issue.postal_copies, issue.extra_copies, True)
    return PrintRun(len(issue_distribution(session, issue_id, today).labels), issue.extra_copies, False)


def mark_labels_printed(session: Session, issue_id: uuid.UUID, labels: int) -> None:
    """Keep the number of labels printed for an issue: its postal copies (and so its print run) from now on."""
    issue = load_issue(session, issue_id)
    issue.postal_copies = labels
    session.flush()


def issue_title(session: Session, issue_id: uuid.UUID) -> str:
    """An issue's name, ``Paper 2/2026``."""
    issue = load_issue(session, issue_id)
    return issue_name(load_publication(session, issue.publication_id).code, issue.number, issue.year)


def labels_description(name: str) -> Label:
    """The export log's words for an issue's address labels."""
    return Label(N_("Address labels of {issue}"), issue=name)


def mailing_list_description(name: str) -> Label:
    """The export log's words for an issue's mailing list."""
    return Label(N_("Mailing list of {issue} for the mailing service"), issue=name)


def member_ids_of(recipients: Sequence[EmailRecipient]) -> list[uuid.UUID]:
    return [recipient.member_id for recipient in recipients]
