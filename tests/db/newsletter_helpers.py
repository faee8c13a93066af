"""Building blocks for the tests of the member paper: readers with addresses and consents, publications, issues."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta

from db.core.database import Database
from db.members.models import ConsentMethod, ConsentPurpose, ContactKind, EndReason, MemberLanguage, MembershipKind
from db.members.operations import create_member, join_household, record_consent
from db.members.records import ContactData, MembershipData, PersonData
from db.newsletters.issues import IssueData, create_issue
from db.newsletters.publications import PublicationData, create_publication

TODAY = date.today()
JOINED = date(2020, 1, 1)


def reader(
    database: Database,
    branch_id: uuid.UUID,
    first: str,
    last: str,
    *,
    street: str | None = "Kauppakatu 1",
    postal_code: str | None = "65100",
    city: str | None = "Vaasa",
    co_line: str | None = None,
    country: str | None = None,
    email: str | None = None,
    email_usable: bool = True,
    post: bool | None = None,
    news: bool | None = None,
    language: MemberLanguage = MemberLanguage.FI,
    kind: MembershipKind = MembershipKind.MEMBER,
    joined_on: date | None = JOINED,
    ended_on: date | None = None,
) -> uuid.UUID:
    """A person with an address, an e-mail and consents.

    ``post`` and ``news`` are the consents for the paper by post and news by e-mail: None never recorded, True
    given, False given and later revoked.
    """
    contacts = [ContactData(ContactKind.EMAIL, email, valid=email_usable)] if email else []
    with database.transaction("Add reader") as session:
        member_id = create_member(
            session,
            PersonData(
                first,
                last,
                language=language,
                street=street,
                co_line=co_line,
                postal_code=postal_code,
                city=city,
                address_country=country,
            ),
            contacts,
            MembershipData(
                branch_id,
                kind=kind,
                joined_on=joined_on,
                ended_on=ended_on,
                end_reason=EndReason.RESIGNED if ended_on else None,
            ),
        )
        for purpose, wanted in ((ConsentPurpose.POSTAL_PAPER, post), (ConsentPurpose.EMAIL_NEWS, news)):
            if wanted is None:
                continue
            record_consent(session, member_id, purpose, True, TODAY - timedelta(days=400), ConsentMethod.PAPER_FORM)
            if not wanted:
                record_consent(session, member_id, purpose, False, TODAY - timedelta(days=10), ConsentMethod.EMAIL)
    return member_id


def household(database: Database, *member_ids: uuid.UUID) -> uuid.UUID:
    with database.transaction("Household") as session:
        return join_household(session, list(member_ids))


def new_publication(database: Database, code: str = "Paper", **changes: object) -> uuid.UUID:
    data = replace(PublicationData(name=f"The {code}", code=code, first_year=TODAY.year), **changes)  # type: ignore[arg-type]
    with database.transaction("Add publication") as session:
        return create_publication(session, data)


def new_issue(database: Database, publication_id: uuid.UUID, number: int | None = None, **changes: object) -> uuid.UUID:
    data = replace(IssueData(publication_id, TODAY.year, number), **changes)  # type: ignore[arg-type]
    with database.transaction("Add issue") as session:
        return create_issue(session, data)
