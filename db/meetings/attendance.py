"""Who was at a meeting: the attendance list, arrivals and departures by §, the meeting's officers, and quorum.

The list starts from the body's positions of trust on the meeting's day (:func:`invite_body`); people not in the
register (the ombudsman, a guest for one item) are added by name. Quorum is never stored: :func:`quorum_at` works
it out for each § from the list and the body's rule.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.models import Position, PositionRole
from db.core.base import utcnow
from db.core.errors import ValidationError
from db.core.i18n import _
from db.meetings.common import clean_line, load_attendee, load_meeting, require_unlocked
from db.meetings.models import SEAT_ROLES, AgendaItem, AttendanceStatus, AttendeeRole, MeetingAttendee, QuorumRule
from db.meetings.records import AttendeeData, AttendeeRecord, QuorumResult
from db.members.models import Member

MAX_CHECKERS = 2

# How a position of trust sits at the body's meetings; the "responsible for …" roles are no seat of their own.
_ROLE_AT_MEETING = {
    PositionRole.CHAIR: AttendeeRole.CHAIR,
    PositionRole.CONVENOR: AttendeeRole.CHAIR,
    PositionRole.VICE_CHAIR: AttendeeRole.VICE_CHAIR,
    PositionRole.SECRETARY: AttendeeRole.MEMBER,
    PositionRole.TREASURER: AttendeeRole.MEMBER,
    PositionRole.MEMBER: AttendeeRole.MEMBER,
    PositionRole.DEPUTY: AttendeeRole.DEPUTY,
    PositionRole.ADJUNCT: AttendeeRole.ADJUNCT,
}
ROLE_ORDER = (
    AttendeeRole.CHAIR,
    AttendeeRole.VICE_CHAIR,
    AttendeeRole.MEMBER,
    AttendeeRole.DEPUTY,
    AttendeeRole.ADJUNCT,
    AttendeeRole.STAFF,
    AttendeeRole.GUEST,
)


def _check(session: Session, data: AttendeeData) -> AttendeeData:
    name = clean_line(data.name)
    if data.member_id is not None:
        member = session.get(Member, data.member_id)
        if member is None or member.deleted_at is not None:
            raise ValidationError("member", _("The member was not found; it may have been deleted."))
        name = None  # the register's name is shown, so a change of name reaches the minutes
    elif name is None:
        raise ValidationError("name", _("Choose a member or type a name."))
    for field, value in (("from_section", data.from_section), ("to_section", data.to_section)):
        if value is not None and value < 1:
            raise ValidationError(field, _("A § number is 1 or more."))
    if data.from_section is not None and data.to_section is not None and data.to_section < data.from_section:
        raise ValidationError("to_section", _("The person left before arriving: check the § numbers."))
    if data.status != AttendanceStatus.PRESENT and (data.from_section is not None or data.to_section is not None):
        raise ValidationError("status", _("Arrival and departure are recorded only for people present."))
    note = clean_line(data.note)
    if (name is not None and len(name) > 200) or (note is not None and len(note) > 200):
        raise ValidationError("name", _("A name or note is at most 200 characters."))
    return AttendeeData(data.member_id, name, data.role, data.status, data.from_section, data.to_section, note)


def _listed(session: Session, meeting_id: uuid.UUID) -> list[MeetingAttendee]:
    return list(
        session.execute(
            select(MeetingAttendee)
            .where(MeetingAttendee.meeting_id == meeting_id, MeetingAttendee.deleted_at.is_(None))
            .order_by(MeetingAttendee.position, MeetingAttendee.id)
        ).scalars()
    )


def _place(rows: list[MeetingAttendee], role: AttendeeRole) -> int:
    """The position a new person of ``role`` takes: after the last of the same or an earlier role."""
    rank = ROLE_ORDER.index(role)
    before = [row.position for row in rows if ROLE_ORDER.index(row.role) <= rank]
    return (max(before) + 1) if before else 0


def _reorder(rows: list[MeetingAttendee]) -> None:
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position


def add_attendee(session: Session, meeting_id: uuid.UUID, data: AttendeeData) -> uuid.UUID:
    """Put a person on the attendance list (once: a member already listed is refused); return the row's id."""
    meeting = load_meeting(session, meeting_id)
    require_unlocked(session, meeting)
    data = _check(session, data)
    rows = _listed(session, meeting_id)
    if data.member_id is not None and any(row.member_id == data.member_id for row in rows):
        raise ValidationError("member", _("The person is already on the attendance list."))
    position = _place(rows, data.role)
    for row in rows:
        if row.position >= position:
            row.position += 1
    attendee = MeetingAttendee(meeting_id=meeting_id, position=position)
    _apply(attendee, data)
    session.add(attendee)
    session.flush()
    return attendee.id


def _apply(attendee: MeetingAttendee, data: AttendeeData) -> None:
    attendee.member_id = data.member_id
    attendee.name = data.name
    attendee.role = data.role
    attendee.status = data.status
    attendee.from_section = data.from_section
    attendee.to_section = data.to_section
    attendee.note = data.note


def update_attendee(session: Session, attendee_id: uuid.UUID, data: AttendeeData) -> None:
    """Change a person's role, attendance, arrival and departure (the § numbers of their first and last item)."""
    attendee, meeting = load_attendee(session, attendee_id)
    require_unlocked(session, meeting)
    data = _check(session, data)
    if data.member_id is not None and data.member_id != attendee.member_id:
        others = _listed(session, meeting.id)
        if any(row.member_id == data.member_id and row.id != attendee_id for row in others):
            raise ValidationError("member", _("The person is already on the attendance list."))
    _apply(attendee, data)
    if data.status != AttendanceStatus.PRESENT:
        # Nobody absent chairs, keeps the minutes or checks them.
        attendee.chairs = attendee.keeps_minutes = attendee.checks_minutes = False
    session.flush()


def set_attendance(
    session: Session,
    attendee_id: uuid.UUID,
    status: AttendanceStatus,
    from_section: int | None = None,
    to_section: int | None = None,
) -> None:
    """Mark a person present (for §§ ``from_section``–``to_section``), absent or excused."""
    attendee, _meeting = load_attendee(session, attendee_id)
    update_attendee(
        session,
        attendee_id,
        AttendeeData(attendee.member_id, attendee.name, attendee.role, status, from_section, to_section, attendee.note),
    )


def remove_attendee(session: Session, attendee_id: uuid.UUID) -> None:
    """Take a person off the attendance list (and off the items they stepped out of or dissented on)."""
    attendee, meeting = load_attendee(session, attendee_id)
    require_unlocked(session, meeting)
    attendee.deleted_at = utcnow()
    _reorder([row for row in _listed(session, meeting.id) if row.id != attendee_id])
    gone = str(attendee_id)
    for item in session.execute(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id, AgendaItem.deleted_at.is_(None))
    ).scalars():
        for name in ("recused", "dissenters"):
            ids = json.loads(getattr(item, name) or "[]")
            if gone in ids:
                setattr(item, name, json.dumps([value for value in ids if value != gone]))
    session.flush()


def invite_body(session: Session, meeting_id: uuid.UUID) -> int:
    """Add the body's members, deputies and adjunct members on the meeting's day; return how many were added.

    The body's chair chairs and its secretary keeps the minutes unless someone else already does.
    """
    meeting = load_meeting(session, meeting_id)
    require_unlocked(session, meeting)
    rows = _listed(session, meeting_id)
    listed = {row.member_id for row in rows if row.member_id is not None}
    held = session.execute(
        select(Position.member_id, Position.role, Position.notes, Member.last_name, Member.first_name)
        .join(Member, Member.id == Position.member_id)
        .where(Position.body_id == meeting.body_id, Position.deleted_at.is_(None), Member.deleted_at.is_(None))
        .where(Position.starts_on <= meeting.held_on)
        .where(Position.ends_on.is_(None) | (Position.ends_on >= meeting.held_on))
    ).tuples()
    best: dict[uuid.UUID, tuple[AttendeeRole, str | None, str, bool, bool]] = {}
    for member_id, position_role, notes, last, first in held:
        role = _ROLE_AT_MEETING.get(position_role)
        if role is None:
            continue
        current = best.get(member_id)
        chairs = position_role in (PositionRole.CHAIR, PositionRole.CONVENOR)
        secretary = position_role == PositionRole.SECRETARY
        if current is not None:
            chairs, secretary = chairs or current[3], secretary or current[4]
            if ROLE_ORDER.index(current[0]) <= ROLE_ORDER.index(role):
                role, notes = current[0], current[1]
        note = notes if role == AttendeeRole.ADJUNCT else None
        best[member_id] = (role, clean_line(note), f"{last} {first}".casefold(), chairs, secretary)
    new = sorted(
        (member_id for member_id in best if member_id not in listed),
        key=lambda member_id: (ROLE_ORDER.index(best[member_id][0]), best[member_id][2]),
    )
    has_chair = any(row.chairs for row in rows)
    has_secretary = any(row.keeps_minutes for row in rows)
    # Those listed keep their order; the new ones follow the last of their role, in name order.
    ordered: list[tuple[int, int, int, MeetingAttendee]] = [
        (ROLE_ORDER.index(row.role), 0, index, row) for index, row in enumerate(rows)
    ]
    for index, member_id in enumerate(new):
        role, note, _key, chairs, secretary = best[member_id]
        attendee = MeetingAttendee(meeting_id=meeting_id, member_id=member_id, role=role, note=note)
        attendee.chairs = chairs and not has_chair
        attendee.keeps_minutes = secretary and not has_secretary
        has_chair = has_chair or attendee.chairs
        has_secretary = has_secretary or attendee.keeps_minutes
        session.add(attendee)
        ordered.append((ROLE_ORDER.index(role), 1, index, attendee))
    ordered.sort(key=lambda entry: entry[:3])
    _reorder([entry[3] for entry in ordered])
    session.flush()
    return len(new)


def set_officers(
    session: Session,
    meeting_id: uuid.UUID,
    *,
    chair: uuid.UUID | None,
    secretary: uuid.UUID | None,
    checkers: Sequence[uuid.UUID] = (),
) -> None:
    """Name the meeting's chair, secretary and one or two minute checkers (who also count the votes).

    A checker who is also the chair or the secretary is allowed (a small working group may have no one else) but
    warned about: see ``db.meetings.checks.officer_warnings``.

    Raises:
        ValidationError: more than two checkers, the same checker twice, or someone not present.
    """
    meeting = load_meeting(session, meeting_id)
    require_unlocked(session, meeting)
    if len(checkers) > MAX_CHECKERS:
        raise ValidationError("checkers", _("A meeting has one or two minute checkers."))
    if len(set(checkers)) != len(checkers):
        raise ValidationError("checkers", _("The same person is named twice as a minute checker."))
    rows = {row.id: row for row in _listed(session, meeting_id)}
    for field, attendee_id in (("chair", chair), ("secretary", secretary), *(("checkers", c) for c in checkers)):
        if attendee_id is None:
            continue
        row = rows.get(attendee_id)
        if row is None:
            raise ValidationError(field, _("Choose the meeting's officers from the attendance list."))
        if row.status != AttendanceStatus.PRESENT:
            raise ValidationError(field, _("An officer of the meeting must be present."))
    for row in rows.values():
        chairs, keeps, checks = row.id == chair, row.id == secretary, row.id in checkers
        if (row.chairs, row.keeps_minutes, row.checks_minutes) != (chairs, keeps, checks):
            row.chairs, row.keeps_minutes, row.checks_minutes = chairs, keeps, checks
    session.flush()


def attendee_records(session: Session, meeting_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, list[AttendeeRecord]]:
    """The attendance lists of some meetings, in list order, names from the register."""
    found: dict[uuid.UUID, list[AttendeeRecord]] = {meeting_id: [] for meeting_id in meeting_ids}
    if not meeting_ids:
        return found
    rows = session.execute(
        select(MeetingAttendee, Member.first_name, Member.last_name)
        .outerjoin(Member, Member.id == MeetingAttendee.member_id)
        .where(MeetingAttendee.meeting_id.in_(list(meeting_ids)), MeetingAttendee.deleted_at.is_(None))
        .order_by(MeetingAttendee.meeting_id, MeetingAttendee.position, MeetingAttendee.id)
    ).tuples()
    for row, first, last in rows:
        name = f"{first} {last}".strip() if row.member_id is not None else (row.name or "")
        found[row.meeting_id].append(
            AttendeeRecord(
                id=row.id,
                position=row.position,
                member_id=row.member_id,
                name=name or "?",
                role=row.role,
                status=row.status,
                from_section=row.from_section,
                to_section=row.to_section,
                chairs=row.chairs,
                keeps_minutes=row.keeps_minutes,
                checks_minutes=row.checks_minutes,
                note=row.note,
            )
        )
    return found


def attendees(session: Session, meeting_id: uuid.UUID) -> list[AttendeeRecord]:
    """The meeting's attendance list in order: chair, vice chair, members, deputies, adjuncts, staff, guests."""
    load_meeting(session, meeting_id)
    return attendee_records(session, [meeting_id])[meeting_id]


def quorum_at(
    people: Sequence[AttendeeRecord],
    section: int,
    rule: QuorumRule,
    count: int | None,
    *,
    recused: Collection[uuid.UUID] = (),
    members_meeting: bool = False,
) -> QuorumResult:
    """Whether the meeting could decide at § ``section``.

    Voters are the members with a seat present at that § and not stepped out for a conflict of interest, plus
    deputies present standing in for absent members (never more deputies than seats left empty). The seats are
    the body's members on the list (chair, vice chair and members; not deputies or adjuncts). A members' meeting
    (spring, autumn, annual) decides with whoever came when it was lawfully called.
    """
    seats = sum(1 for person in people if person.role in SEAT_ROLES)
    here = [person for person in people if person.present_at(section) and person.id not in recused]
    seated = sum(1 for person in here if person.role in SEAT_ROLES)
    deputies = sum(1 for person in here if person.role == AttendeeRole.DEPUTY)
    voters = seated + min(deputies, max(0, seats - seated))
    chair_present = any(person.role in (AttendeeRole.CHAIR, AttendeeRole.VICE_CHAIR) for person in here)
    if members_meeting:
        return QuorumResult(section, voters, seats, 0, True, chair_present)
    if rule == QuorumRule.FIXED:
        needed = count or 1
        quorate = voters >= needed
    elif rule == QuorumRule.AT_LEAST_HALF:
        needed = math.ceil(seats / 2)
        quorate = voters >= needed
    elif rule == QuorumRule.CHAIR_AND_HALF:
        needed = 1 + math.ceil(max(0, seats - 1) / 2)
        quorate = chair_present and voters >= needed
    else:
        needed = seats // 2 + 1
        quorate = voters >= needed
    return QuorumResult(section, voters, seats, needed, quorate and voters > 0, chair_present)
