"""Operations on members: create, change, soft-delete and restore, read one member's card.

Every function takes the session of an open transaction (``Database.transaction``) and returns plain data; the
change log, the search index and undo follow from the session hooks.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.models import Branch
from db.core.base import utcnow
from db.core.district import Country, District
from db.core.errors import KansliError, ValidationError
from db.core.i18n import _
from db.members.models import (
    Consent,
    ConsentMethod,
    ConsentPurpose,
    ContactKind,
    ContactPoint,
    Household,
    Interest,
    Member,
    MemberInterest,
    Membership,
)
from db.members.records import (
    ConsentRecord,
    ContactData,
    ContactRecord,
    MemberDetail,
    MembershipData,
    MembershipRecord,
    PersonData,
    PersonRef,
)
from db.members.status import current_of, membership_status
from db.members.validation import check_birth_year, clean_name, normalize_email, normalize_phone


class MemberNotFoundError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("The member was not found; it may have been deleted."))


def district_country(session: Session) -> Country:
    """Return the country whose numbering applies to phone numbers given without a country code."""
    country = session.execute(select(District.country).where(District.deleted_at.is_(None))).scalar_one_or_none()
    return country or Country.FI


def _optional(text: str | None) -> str | None:
    cleaned = " ".join(text.split()) if text else ""
    return cleaned or None


def clean_person(person: PersonData) -> PersonData:
    """Return ``person`` with names and address tidied, or raise :class:`ValidationError`."""
    return PersonData(
        first_name=clean_name(person.first_name, "first_name"),
        last_name=clean_name(person.last_name, "last_name"),
        member_number=_optional(person.member_number),
        birth_year=check_birth_year(person.birth_year),
        language=person.language,
        street=_optional(person.street),
        co_line=_optional(person.co_line),
        postal_code=_optional(person.postal_code),
        city=_optional(person.city),
        address_country=_optional(person.address_country.upper() if person.address_country else None),
        notes=person.notes.strip() if person.notes and person.notes.strip() else None,
    )


def normalize_contact(contact: ContactData, country: Country) -> ContactData:
    """Return a contact with its value normalised (E.164 phone, lower-case e-mail)."""
    if contact.kind == ContactKind.PHONE:
        value = normalize_phone(contact.value, country)
    else:
        value = normalize_email(contact.value)
    return ContactData(contact.kind, value, contact.valid, contact.do_not_use)


def _check_member_number_free(session: Session, number: str | None, member_id: uuid.UUID | None) -> None:
    if number is None:
        return
    holder = session.execute(select(Member).where(Member.member_number == number)).scalar_one_or_none()
    if holder is not None and holder.id != member_id:
        raise ValidationError(
            "member_number",
            _("The member number {number} already belongs to {name}.").format(
                number=number, name=f"{holder.first_name} {holder.last_name}"
            ),
        )


def _apply_person(member: Member, person: PersonData) -> None:
    member.first_name = person.first_name
    member.last_name = person.last_name
    member.member_number = person.member_number
    member.birth_year = person.birth_year
    member.language = person.language
    member.street = person.street
    member.co_line = person.co_line
    member.postal_code = person.postal_code
    member.city = person.city
    member.address_country = person.address_country
    member.notes = person.notes


def create_member(
    session: Session,
    person: PersonData,
    contacts: Sequence[ContactData] = (),
    membership: MembershipData | None = None,
) -> uuid.UUID:
    """Add a person to the register, with contacts and a membership; return the new member's id.

    Raises:
        ValidationError: naming the field that is refused and why.
    """
    person = clean_person(person)
    _check_member_number_free(session, person.member_number, None)
    country = district_country(session)
    normalized = [normalize_contact(contact, country) for contact in contacts]
    member = Member(first_name=person.first_name, last_name=person.last_name)
    _apply_person(member, person)
    session.add(member)
    session.flush()
    for position, contact in enumerate(normalized):
        session.add(
            ContactPoint(
                member_id=member.id,
                kind=contact.kind,
                value=contact.value,
                valid=contact.valid,
                do_not_use=contact.do_not_use,
                position=position,
            )
        )
    if membership is not None:
        add_membership(session, member.id, membership)
    session.flush()
    return member.id


def _live_member(session: Session, member_id: uuid.UUID) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.deleted_at is not None:
        raise MemberNotFoundError
    return member


def update_person(session: Session, member_id: uuid.UUID, person: PersonData) -> None:
    """Change a member's own fields (names, number, birth year, language, address, notes)."""
    person = clean_person(person)
    member = _live_member(session, member_id)
    _check_member_number_free(session, person.member_number, member.id)
    _apply_person(member, person)
    session.flush()


def replace_contacts(session: Session, member_id: uuid.UUID, contacts: Sequence[ContactData]) -> None:
    """Make a member's contacts exactly ``contacts``, keeping the rows (and their history) of unchanged ones."""
    _live_member(session, member_id)
    country = district_country(session)
    wanted = [normalize_contact(contact, country) for contact in contacts]
    existing = list(
        session.execute(
            select(ContactPoint).where(ContactPoint.member_id == member_id, ContactPoint.deleted_at.is_(None))
        ).scalars()
    )
    unused = {(row.kind, row.value): row for row in existing}
    now = utcnow()
    for position, contact in enumerate(wanted):
        row = unused.pop((contact.kind, contact.value), None)
        if row is None:
            session.add(
                ContactPoint(
                    member_id=member_id,
                    kind=contact.kind,
                    value=contact.value,
                    valid=contact.valid,
                    do_not_use=contact.do_not_use,
                    position=position,
                )
            )
        else:
            row.valid, row.do_not_use, row.position = contact.valid, contact.do_not_use, position
    for row in unused.values():
        row.deleted_at = now
    session.flush()


def _check_membership(data: MembershipData) -> None:
    if data.joined_on and data.ended_on and data.ended_on < data.joined_on:
        raise ValidationError("ended_on", _("The membership cannot end before it began."))
    if data.ended_on and data.end_reason is None:
        raise ValidationError("end_reason", _("Give the reason the membership ended."))


def add_membership(session: Session, member_id: uuid.UUID, data: MembershipData) -> uuid.UUID:
    """Add a membership of a branch to a member; return its id."""
    _check_membership(data)
    branch = session.get(Branch, data.branch_id)
    if branch is None or branch.deleted_at is not None:
        raise ValidationError("branch", _("The branch was not found."))
    membership = Membership(
        member_id=member_id,
        branch_id=data.branch_id,
        kind=data.kind,
        joined_on=data.joined_on,
        notice_received_on=data.notice_received_on,
        ended_on=data.ended_on,
        end_reason=data.end_reason,
    )
    session.add(membership)
    session.flush()
    return membership.id


def update_membership(session: Session, membership_id: uuid.UUID, data: MembershipData) -> None:
    """Change a membership's branch, kind, dates or end reason."""
    _check_membership(data)
    membership = session.get(Membership, membership_id)
    if membership is None or membership.deleted_at is not None:
        raise KansliError(_("The membership was not found."))
    membership.branch_id = data.branch_id
    membership.kind = data.kind
    membership.joined_on = data.joined_on
    membership.notice_received_on = data.notice_received_on
    membership.ended_on = data.ended_on
    membership.end_reason = data.end_reason
    session.flush()


def delete_member(session: Session, member_id: uuid.UUID) -> None:
    """Mark a member deleted (a tombstone that sync carries); :func:`restore_member` or undo brings it back."""
    member = _live_member(session, member_id)
    member.deleted_at = utcnow()
    session.flush()


def restore_member(session: Session, member_id: uuid.UUID) -> None:
    """Bring back a deleted member."""
    member = session.get(Member, member_id)
    if member is None:
        raise MemberNotFoundError
    member.deleted_at = None
    session.flush()


def record_consent(
    session: Session,
    member_id: uuid.UUID,
    purpose: ConsentPurpose,
    given: bool,
    recorded_on: date,
    method: ConsentMethod,
    recorded_by: str | None = None,
    notes: str | None = None,
) -> uuid.UUID:
    """Add an event to a member's consent history (given or revoked), possibly with a past date."""
    _live_member(session, member_id)
    if recorded_on > date.today():
        raise ValidationError("recorded_on", _("A consent cannot be recorded for a future date."))
    consent = Consent(
        member_id=member_id,
        purpose=purpose,
        given=given,
        recorded_on=recorded_on,
        method=method,
        recorded_by=_optional(recorded_by),
        notes=notes.strip() if notes and notes.strip() else None,
    )
    session.add(consent)
    session.flush()
    return consent.id


def set_interests(session: Session, member_id: uuid.UUID, interest_ids: Iterable[uuid.UUID]) -> None:
    """Make a member's volunteer interests exactly ``interest_ids`` (removed ones are tombstoned)."""
    _live_member(session, member_id)
    wanted = set(interest_ids)
    rows = {
        row.interest_id: row
        for row in session.execute(select(MemberInterest).where(MemberInterest.member_id == member_id)).scalars()
    }
    now = utcnow()
    for interest_id, row in rows.items():
        if interest_id in wanted and row.deleted_at is not None:
            row.deleted_at = None
        elif interest_id not in wanted and row.deleted_at is None:
            row.deleted_at = now
    for interest_id in wanted - rows.keys():
        session.add(MemberInterest(member_id=member_id, interest_id=interest_id))
    session.flush()


def set_do_not_call(session: Session, member_id: uuid.UUID, do_not_call: bool) -> None:
    """Record whether the person wants no calls; calling queues leave them out while it is set."""
    member = _live_member(session, member_id)
    if member.do_not_call != do_not_call:
        member.do_not_call = do_not_call
        session.flush()


def set_godparent(session: Session, member_id: uuid.UUID, godparent_id: uuid.UUID | None) -> None:
    """Name the godparent (kummi / fadder) of a new member, or clear it."""
    member = _live_member(session, member_id)
    if godparent_id is not None:
        if godparent_id == member_id:
            raise ValidationError("godparent", _("A member cannot be their own godparent."))
        _live_member(session, godparent_id)
    member.godparent_id = godparent_id
    session.flush()


def join_household(session: Session, member_ids: Sequence[uuid.UUID]) -> uuid.UUID:
    """Put members in one household (the first one's, or a new one) and return the household's id."""
    members = [_live_member(session, member_id) for member_id in member_ids]
    household_id = next((member.household_id for member in members if member.household_id), None)
    if household_id is None:
        household = Household()
        session.add(household)
        session.flush()
        household_id = household.id
    for member in members:
        member.household_id = household_id
    session.flush()
    return household_id


def leave_household(session: Session, member_id: uuid.UUID) -> None:
    """Take a member out of their household."""
    _live_member(session, member_id).household_id = None
    session.flush()


def _name(member: Member) -> str:
    return f"{member.first_name} {member.last_name}"


def get_member(session: Session, member_id: uuid.UUID, today: date | None = None) -> MemberDetail:
    """Return everything on one member's card (also for a deleted member, for the undo view)."""
    today = today or date.today()
    member = session.get(Member, member_id)
    if member is None:
        raise MemberNotFoundError
    contacts = [
        ContactRecord(row.id, row.kind, row.value, row.valid, row.do_not_use)
        for row in session.execute(
            select(ContactPoint)
            .where(ContactPoint.member_id == member_id, ContactPoint.deleted_at.is_(None))
            .order_by(ContactPoint.position, ContactPoint.created_at)
        ).scalars()
    ]
    membership_rows = list(
        session.execute(
            select(Membership).where(Membership.member_id == member_id, Membership.deleted_at.is_(None))
        ).scalars()
    )
    branch_names = dict(
        session.execute(select(Branch.id, Branch.name).where(Branch.id.in_({row.branch_id for row in membership_rows})))
        .tuples()
        .all()
    )
    memberships = [
        MembershipRecord(
            id=row.id,
            branch_id=row.branch_id,
            branch_name=branch_names.get(row.branch_id, ""),
            kind=row.kind,
            joined_on=row.joined_on,
            notice_received_on=row.notice_received_on,
            ended_on=row.ended_on,
            end_reason=row.end_reason,
            status=membership_status(row.joined_on, row.ended_on, row.end_reason, today),
        )
        for row in membership_rows
    ]
    current_row = current_of(membership_rows, today)
    current = next((record for record in memberships if current_row and record.id == current_row.id), None)
    memberships.sort(key=lambda record: record.joined_on or date.min, reverse=True)
    consents = [
        ConsentRecord(row.id, row.purpose, row.given, row.recorded_on, row.method, row.recorded_by, row.notes)
        for row in session.execute(
            select(Consent)
            .where(Consent.member_id == member_id, Consent.deleted_at.is_(None))
            .order_by(Consent.recorded_on, Consent.created_at)
        ).scalars()
    ]
    interest_ids = list(
        session.execute(
            select(MemberInterest.interest_id)
            .join(Interest, Interest.id == MemberInterest.interest_id)
            .where(MemberInterest.member_id == member_id, MemberInterest.deleted_at.is_(None))
            .order_by(Interest.code)
        ).scalars()
    )
    godparent = session.get(Member, member.godparent_id) if member.godparent_id else None
    household: list[PersonRef] = []
    if member.household_id is not None:
        household = [
            PersonRef(row.id, _name(row))
            for row in session.execute(
                select(Member)
                .where(Member.household_id == member.household_id, Member.deleted_at.is_(None))
                .order_by(Member.first_name)
            ).scalars()
        ]
    return MemberDetail(
        id=member.id,
        person=PersonData(
            first_name=member.first_name,
            last_name=member.last_name,
            member_number=member.member_number,
            birth_year=member.birth_year,
            language=member.language,
            street=member.street,
            co_line=member.co_line,
            postal_code=member.postal_code,
            city=member.city,
            address_country=member.address_country,
            notes=member.notes,
        ),
        contacts=contacts,
        memberships=memberships,
        current=current,
        consents=consents,
        interest_ids=interest_ids,
        godparent=PersonRef(godparent.id, _name(godparent)) if godparent and godparent.deleted_at is None else None,
        household_id=member.household_id,
        do_not_call=member.do_not_call,
        household=household,
        created_at=member.created_at,
        updated_at=member.updated_at,
        deleted_at=member.deleted_at,
    )
