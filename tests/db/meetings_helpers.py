"""Building blocks for the meeting tests: a district board with its positions of trust, and its meetings."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, time

from db.branches.models import BodyKind, PositionRole
from db.branches.operations import (
    BodyData,
    BranchData,
    PositionData,
    add_position,
    create_body,
    create_branch,
    find_branch,
)
from db.core.database import Database
from db.core.district import Language
from db.meetings.meetings import create_meeting
from db.meetings.models import MeetingKind
from db.meetings.records import MeetingData
from db.meetings.settings import MeetingSettingsData, save_body_settings
from db.members.operations import create_member
from db.members.records import MembershipData, PersonData

TERM_START = date(2026, 1, 1)
# Names with letters from all over Europe and beyond: every one must print.
CHAIR = ("Åsa", "Öhman")
VICE_CHAIR = ("Łukasz", "Świątek")
SECRETARY = ("Ayşe", "Yılmaz")
MEMBERS = (
    ("Thị", "Nguyễn"),
    ("Eero", "Aalto"),
    ("Þóra", "Sigurðardóttir"),
    ("Pär", "Lindqvist"),
    ("Märta", "Källström"),
)
DEPUTIES = (("Øyvind", "Kjærgaard"),)
ADJUNCTS = (("Kaisa", "Nuorinen"),)


@dataclass
class Board:
    """A district board: 8 seats (chair, vice chair, secretary, five members), a deputy and an adjunct member."""

    body_id: uuid.UUID
    people: dict[str, uuid.UUID] = field(default_factory=dict)  # "Åsa Öhman" → member id


def make_board(
    database: Database,
    *,
    name: str = "Piirihallitus",
    settings: MeetingSettingsData | None = None,
    kind: BodyKind = BodyKind.DISTRICT_BOARD,
) -> Board:
    with database.transaction("Board") as session:
        branch_id = find_branch(session, "Vaasan osasto") or create_branch(session, BranchData(name="Vaasan osasto"))
        body_id = create_body(session, BodyData(name=name, kind=kind))
        board = Board(body_id)
        roles: list[tuple[tuple[str, str], PositionRole, str | None]] = [
            (CHAIR, PositionRole.CHAIR, None),
            (VICE_CHAIR, PositionRole.VICE_CHAIR, None),
            (SECRETARY, PositionRole.SECRETARY, None),
            *((person, PositionRole.MEMBER, None) for person in MEMBERS),
            *((person, PositionRole.DEPUTY, None) for person in DEPUTIES),
            *((person, PositionRole.ADJUNCT, "Nuorisojärjestön edustaja") for person in ADJUNCTS),
        ]
        for (first, last), role, notes in roles:
            member_id = create_member(
                session, PersonData(first, last), membership=MembershipData(branch_id, joined_on=date(2015, 1, 1))
            )
            add_position(session, PositionData(member_id, body_id, role, TERM_START, notes=notes))
            board.people[f"{first} {last}"] = member_id
        if settings is not None:
            save_body_settings(session, body_id, settings)
    return board


def plan(
    database: Database,
    board: Board,
    held_on: date,
    *,
    kind: MeetingKind = MeetingKind.REGULAR,
    language: Language | None = None,
    agenda: bool = True,
    notice_sent_on: date | None = None,
) -> uuid.UUID:
    with database.transaction("Plan meeting") as session:
        return create_meeting(
            session,
            MeetingData(
                body_id=board.body_id,
                held_on=held_on,
                kind=kind,
                starts_at=time(18, 0),
                ends_at=time(20, 30),
                place="Vaasa, Työväentalo",
                language=language,
                notice_sent_on=notice_sent_on,
            ),
            agenda=agenda,
        )
