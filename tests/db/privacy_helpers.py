"""Building blocks for the privacy tests: a person with data in every table, and a scan of the file for a canary."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from db.branches.models import BodyKind, PositionRole
from db.branches.operations import BodyData, BranchData, PositionData, add_position, create_body, create_branch
from db.core.database import Database
from db.members.interests import add_interest
from db.members.merge import merge_members
from db.members.models import ConsentMethod, ConsentPurpose, ContactKind, EndReason, Household, MemberLanguage
from db.members.operations import (
    create_member,
    join_household,
    record_consent,
    replace_contacts,
    set_godparent,
    set_interests,
    update_person,
)
from db.members.records import ContactData, MembershipData, PersonData

# Letters no Finnish or Swedish name has together, so any trace of them is the canary's.
CANARY = "Qzyxwen"
CANARY_TRIGRAMS = (b"qzy", b"zyx", b"yxw")


@dataclass(frozen=True)
class RichPerson:
    member_id: uuid.UUID
    duplicate_id: uuid.UUID
    housemate_id: uuid.UUID
    godparent_id: uuid.UUID
    godchild_id: uuid.UUID
    branch_id: uuid.UUID
    body_id: uuid.UUID
    position_id: uuid.UUID
    interest_id: uuid.UUID


def person(first: str, last: str, **fields: object) -> PersonData:
    return PersonData(first, last, **fields)  # type: ignore[arg-type]


def add_rich_person(database: Database, *, number: str = "900001", ended_on: date | None = None) -> RichPerson:
    """A person named after the canary with data in every table, a history of changes and a merged duplicate."""
    with database.transaction("Set up") as session:
        branch_id = create_branch(session, BranchData(name="Vaasan osasto", municipality="Vaasa"))
        body_id = create_body(session, BodyData(name="Piirihallitus", kind=BodyKind.DISTRICT_BOARD))
        interest_id = add_interest(session, "Vaalityö", "Valarbete", "Election work")
        membership = MembershipData(
            branch_id,
            joined_on=date(2018, 3, 1),
            ended_on=ended_on,
            end_reason=EndReason.RESIGNED if ended_on else None,
        )
        member_id = create_member(
            session,
            person(
                CANARY,
                "Oldname",
                member_number=number,
                birth_year=1970,
                language=MemberLanguage.SV,
                street=f"{CANARY}vägen 5",
                co_line=f"c/o {CANARY} Sr",
                postal_code="65100",
                city=f"{CANARY}by",
                notes=f"{CANARY} prefers calls in the evening",
            ),
            [
                ContactData(ContactKind.PHONE, "040 9876543"),
                ContactData(ContactKind.EMAIL, f"{CANARY.lower()}.old@example.fi"),
            ],
            membership,
        )
        duplicate_id = create_member(
            session,
            person(CANARY, "Vortigaunt", city=f"{CANARY}stad"),
            [ContactData(ContactKind.EMAIL, f"{CANARY.lower()}@dup.example.fi")],
        )
        housemate_id = create_member(
            session, person("Anna", "Virtanen"), [], MembershipData(branch_id, joined_on=date(2019, 1, 1))
        )
        godparent_id = create_member(
            session, person("Matti", "Aho"), [], MembershipData(branch_id, joined_on=date(2010, 1, 1))
        )
        godchild_id = create_member(
            session, person("Liisa", "Laine"), [], MembershipData(branch_id, joined_on=date(2024, 1, 1))
        )
    with database.transaction("Edit member") as session:
        # A change of name and of contacts: the old name and the old address are then only in the change log.
        update_person(
            session,
            member_id,
            person(
                CANARY,
                "Vortigaunt",
                member_number=number,
                birth_year=1970,
                language=MemberLanguage.SV,
                street=f"{CANARY}vägen 7",
                co_line=f"c/o {CANARY} Sr",
                postal_code="65100",
                city=f"{CANARY}by",
                notes=f"{CANARY} prefers calls in the evening",
            ),
        )
        replace_contacts(
            session,
            member_id,
            [
                ContactData(ContactKind.PHONE, "040 9876543"),
                ContactData(ContactKind.EMAIL, f"{CANARY.lower()}@example.fi"),
            ],
        )
    with database.transaction("Details") as session:
        record_consent(
            session,
            member_id,
            ConsentPurpose.EMAIL_NEWS,
            True,
            date(2020, 5, 1),
            ConsentMethod.PAPER_FORM,
            recorded_by="Office",
            notes=f"{CANARY} signed at the market",
        )
        record_consent(session, member_id, ConsentPurpose.EMAIL_NEWS, False, date(2023, 5, 1), ConsentMethod.EMAIL)
        set_interests(session, member_id, [interest_id])
        position_id = add_position(
            session,
            PositionData(
                member_id,
                body_id,
                PositionRole.TREASURER,
                date(2019, 1, 1),
                date(2022, 12, 31),
                f"{CANARY} kept the books",
            ),
        )
        household_id = join_household(session, [member_id, housemate_id])
        household = session.get(Household, household_id)
        assert household is not None
        household.label = f"The {CANARY} family"
        set_godparent(session, member_id, godparent_id)
        set_godparent(session, godchild_id, member_id)
    with database.transaction("Merge members") as session:
        merge_members(session, member_id, duplicate_id)
    return RichPerson(
        member_id, duplicate_id, housemate_id, godparent_id, godchild_id, branch_id, body_id, position_id, interest_id
    )


def canary_traces(database: Database, canary: str = CANARY) -> list[str]:
    """Every table (and row) of the file where the canary still appears, in any case; trigram index data included."""
    needle = canary.casefold()
    found: list[str] = []
    with database.engine.connect() as connection:
        tables = [
            name
            for (name,) in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
            )
        ]
        for table in tables:
            for row in connection.exec_driver_sql(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, bytes):
                        lowered = value.lower()
                        if needle.encode() in lowered or any(gram in lowered for gram in CANARY_TRIGRAMS):
                            found.append(f"{table}: {row!r}")
                    elif value is not None and needle in str(value).casefold():
                        found.append(f"{table}: {row!r}")
    return found


def table_counts(database: Database) -> dict[str, int]:
    """The number of rows in every table: what a dry run must leave as it was."""
    with database.engine.connect() as connection:
        names = [
            name
            for (name,) in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
            )
        ]
        return {name: int(connection.exec_driver_sql(f'SELECT count(*) FROM "{name}"').scalar_one()) for name in names}


def member_number_of(database: Database, member_id: uuid.UUID) -> str | None:
    from db.members.models import Member

    with database.reading() as session:
        return session.execute(select(Member.member_number).where(Member.id == member_id)).scalar_one()
