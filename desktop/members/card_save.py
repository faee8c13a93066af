"""What a Save of the member card writes: the edits of every section, through the member operations.

The card collects its sections' edits into one :class:`CardEdits`; :func:`write_card` applies them in the session
of one transaction, so the whole card is saved (and undone) as one step, or not at all.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from db.members.operations import (
    add_membership,
    create_member,
    join_household,
    leave_household,
    record_consent,
    replace_contacts,
    set_do_not_call,
    set_godparent,
    set_interests,
    update_membership,
    update_person,
)
from db.members.records import ContactData, MembershipData, PersonData
from desktop.members.consent_dialog import ConsentEntry


@dataclass(frozen=True)
class CardEdits:
    """Everything a Save writes.

    Attributes:
        person: the person's own fields as typed.
        contacts: every contact the member should have (the operation keeps unchanged rows).
        memberships: memberships added (id None) or changed since the card was loaded.
        interest_ids: the interests ticked, or None when they were not touched.
        godparent_changed: whether the godparent was chosen or cleared.
        godparent_id: the godparent chosen (None: no godparent).
        join_household_of: a member whose household to join, if chosen.
        leave_household: whether to leave the household.
        consents: consent events recorded since the card was loaded, oldest first.
        do_not_call: whether the person wants no calls, or None when it was not touched.
    """

    person: PersonData
    contacts: list[ContactData]
    memberships: list[tuple[uuid.UUID | None, MembershipData]]
    interest_ids: set[uuid.UUID] | None
    godparent_changed: bool
    godparent_id: uuid.UUID | None
    join_household_of: uuid.UUID | None
    leave_household: bool
    consents: list[ConsentEntry]
    do_not_call: bool | None = None


def write_card(session: Session, member_id: uuid.UUID | None, edits: CardEdits) -> uuid.UUID:
    """Write the card's edits for ``member_id`` (None: add a new member); return the member's id.

    Raises:
        ValidationError: naming the field that was refused; the transaction is then rolled back.
    """
    if member_id is None:
        member_id = create_member(session, edits.person, edits.contacts)
    else:
        update_person(session, member_id, edits.person)
        replace_contacts(session, member_id, edits.contacts)
    for membership_id, data in edits.memberships:
        if membership_id is None:
            add_membership(session, member_id, data)
        else:
            update_membership(session, membership_id, data)
    if edits.interest_ids is not None:
        set_interests(session, member_id, edits.interest_ids)
    if edits.do_not_call is not None:
        set_do_not_call(session, member_id, edits.do_not_call)
    if edits.godparent_changed:
        set_godparent(session, member_id, edits.godparent_id)
    if edits.join_household_of is not None:
        # The other person first: this member joins their household, not the other way round.
        join_household(session, [edits.join_household_of, member_id])
    elif edits.leave_household:
        leave_household(session, member_id)
    for entry in edits.consents:
        record_consent(
            session,
            member_id,
            entry.purpose,
            entry.given,
            entry.recorded_on,
            entry.method,
            entry.recorded_by,
            entry.notes,
        )
    return member_id
