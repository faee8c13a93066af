"""Outlets and their contacts: add, change, list, delete; a contact's data for an access request; erasure.

A contact is a journalist or an editor: personal data of somebody who is not a member, so the member register's
erasure and access request (which follow references to ``member.id``) do not reach them. This module does the
same for them: :func:`contact_access` gathers what is held about one contact, and :func:`erase_contact` deletes a
contact for good — the values are cleared, the row gets its tombstone and ``erased_at``, and the contact's values
are scrubbed from the change log, so that neither the history, undo nor sync can bring them back. Their data lives
only in ``media_contact``: media items name outlets, never contacts.

Label operations on contacts without the contact's name ("Edit media contact"): operation labels are kept for
good, and a name in one would outlive the erasure.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.core.base import utcnow
from db.core.changelog import ChangeRecord, Operation
from db.core.district import get_district
from db.core.errors import KansliError, ValidationError
from db.core.i18n import N_, Label, _
from db.core.values import JsonValue, to_json_value
from db.media.models import MediaItemOutlet, Outlet, OutletContact, OutletKind, OutletLanguage
from db.members.validation import normalize_email, normalize_phone
from db.privacy.erasure import scrub_logged_values, secure_deletion
from db.privacy.events import PrivacyEventKind, record_event

ERASED_CONTACT_NAME = "—"
"""What an erased contact's name becomes (the column cannot be empty); no language's word."""

CONTACT_PERSONAL_FIELDS = ("name", "role", "email", "phone", "notes")


class OutletNotFoundError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("The outlet was not found; it may have been deleted."))


class ContactNotFoundError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("The media contact was not found; it may have been deleted."))


@dataclass(frozen=True)
class OutletData:
    """An outlet as a form edits it."""

    name: str
    kind: OutletKind = OutletKind.NEWSPAPER
    area: str | None = None
    language: OutletLanguage = OutletLanguage.FI
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    notes: str | None = None
    active: bool = True


@dataclass(frozen=True)
class OutletRecord:
    """An outlet as lists show it, with how many contacts and media items it has."""

    id: uuid.UUID
    data: OutletData
    contacts: int
    items: int

    @property
    def name(self) -> str:
        return self.data.name


@dataclass(frozen=True)
class ContactData:
    """A contact as a form edits it."""

    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class ContactRecord:
    id: uuid.UUID
    outlet_id: uuid.UUID
    outlet_name: str
    data: ContactData

    @property
    def name(self) -> str:
        return self.data.name


def _optional(text: str | None) -> str | None:
    cleaned = " ".join((text or "").split())
    return cleaned or None


def _check_email(text: str | None) -> str | None:
    return normalize_email(text) if text and _optional(text) else None


def _check_phone(session: Session, text: str | None) -> str | None:
    return normalize_phone(text, get_district(session).country) if text and _optional(text) else None


def check_outlet(session: Session, data: OutletData) -> OutletData:
    """Return the outlet tidied (e-mail in lower case, phone in E.164), or raise :class:`ValidationError`."""
    name = " ".join(data.name.split())
    if not name:
        raise ValidationError("name", _("Give the outlet a name."))
    website = (data.website or "").strip() or None
    return replace(
        data,
        name=name[:200],
        area=_optional(data.area),
        email=_check_email(data.email),
        phone=_check_phone(session, data.phone),
        website=website,
        notes=(data.notes or "").strip() or None,
    )


def check_contact(session: Session, data: ContactData) -> ContactData:
    """Return the contact tidied, or raise :class:`ValidationError` naming the field."""
    name = " ".join(data.name.split())
    if not name:
        raise ValidationError("name", _("Give the contact's name."))
    return replace(
        data,
        name=name[:200],
        role=_optional(data.role),
        email=_check_email(data.email),
        phone=_check_phone(session, data.phone),
        notes=(data.notes or "").strip() or None,
    )


def _live_outlet(session: Session, outlet_id: uuid.UUID) -> Outlet:
    outlet = session.get(Outlet, outlet_id)
    if outlet is None or outlet.deleted_at is not None:
        raise OutletNotFoundError
    return outlet


def _live_contact(session: Session, contact_id: uuid.UUID) -> OutletContact:
    contact = session.get(OutletContact, contact_id)
    if contact is None or contact.deleted_at is not None:
        raise ContactNotFoundError
    return contact


def _apply(row: Any, data: Any, names: Sequence[str]) -> None:
    for name in names:
        value = getattr(data, name)
        if getattr(row, name) != value:
            setattr(row, name, value)


_OUTLET_FIELDS = ("name", "kind", "area", "language", "email", "phone", "website", "notes", "active")


def create_outlet(session: Session, data: OutletData) -> uuid.UUID:
    """Add an outlet; return its id."""
    data = check_outlet(session, data)
    outlet = Outlet(name=data.name)
    _apply(outlet, data, _OUTLET_FIELDS)
    session.add(outlet)
    session.flush()
    return outlet.id


def update_outlet(session: Session, outlet_id: uuid.UUID, data: OutletData) -> None:
    """Change an outlet."""
    data = check_outlet(session, data)
    _apply(_live_outlet(session, outlet_id), data, _OUTLET_FIELDS)
    session.flush()


def outlet_data(session: Session, outlet_id: uuid.UUID) -> OutletData:
    """Read an outlet back for a form."""
    return _outlet_data(_live_outlet(session, outlet_id))


def _outlet_data(outlet: Outlet) -> OutletData:
    return OutletData(**{name: getattr(outlet, name) for name in _OUTLET_FIELDS})


def delete_outlet(session: Session, outlet_id: uuid.UUID, now: datetime) -> int:
    """Delete an outlet (softly: the media items sent to it still name it) and erase its contacts for good.

    A contact kept for an outlet the district no longer works with would be personal data without a purpose.
    Returns the number of contacts erased.
    """
    outlet = _live_outlet(session, outlet_id)
    contacts = list(
        session.execute(
            select(OutletContact.id).where(OutletContact.outlet_id == outlet_id, OutletContact.deleted_at.is_(None))
        ).scalars()
    )
    for contact_id in contacts:
        erase_contact(session, contact_id, now)
    outlet.deleted_at = now
    session.flush()
    return len(contacts)


def list_outlets(session: Session, *, include_inactive: bool = True) -> list[OutletRecord]:
    """Every live outlet by name, with its number of contacts and media items."""
    contacts: dict[uuid.UUID, int] = dict(
        session.execute(
            select(OutletContact.outlet_id, func.count())
            .where(OutletContact.deleted_at.is_(None))
            .group_by(OutletContact.outlet_id)
        )
        .tuples()
        .all()
    )
    items: dict[uuid.UUID, int] = dict(
        session.execute(
            select(MediaItemOutlet.outlet_id, func.count())
            .where(MediaItemOutlet.deleted_at.is_(None))
            .group_by(MediaItemOutlet.outlet_id)
        )
        .tuples()
        .all()
    )
    statement = select(Outlet).where(Outlet.deleted_at.is_(None))
    if not include_inactive:
        statement = statement.where(Outlet.active.is_(True))
    records = [
        OutletRecord(outlet.id, _outlet_data(outlet), int(contacts.get(outlet.id, 0)), int(items.get(outlet.id, 0)))
        for outlet in session.execute(statement).scalars()
    ]
    return sorted(records, key=lambda record: record.name.casefold())


# --- Contacts ---------------------------------------------------------------------------------------------------

_CONTACT_FIELDS = ("name", "role", "email", "phone", "notes")


def add_contact(session: Session, outlet_id: uuid.UUID, data: ContactData) -> uuid.UUID:
    """Add a contact to an outlet; return its id."""
    _live_outlet(session, outlet_id)
    data = check_contact(session, data)
    contact = OutletContact(outlet_id=outlet_id, name=data.name)
    _apply(contact, data, _CONTACT_FIELDS)
    session.add(contact)
    session.flush()
    return contact.id


def update_contact(session: Session, contact_id: uuid.UUID, data: ContactData) -> None:
    """Change a contact's details."""
    data = check_contact(session, data)
    _apply(_live_contact(session, contact_id), data, _CONTACT_FIELDS)
    session.flush()


def move_contact(session: Session, contact_id: uuid.UUID, outlet_id: uuid.UUID) -> None:
    """Move a contact to another outlet (a journalist changed jobs)."""
    _live_outlet(session, outlet_id)
    contact = _live_contact(session, contact_id)
    if contact.outlet_id != outlet_id:
        contact.outlet_id = outlet_id
    session.flush()


def list_contacts(session: Session, outlet_id: uuid.UUID | None = None) -> list[ContactRecord]:
    """The live contacts of one outlet (or of every outlet), by outlet and name."""
    statement = (
        select(OutletContact, Outlet.name)
        .join(Outlet, Outlet.id == OutletContact.outlet_id)
        .where(OutletContact.deleted_at.is_(None))
    )
    if outlet_id is not None:
        statement = statement.where(OutletContact.outlet_id == outlet_id)
    records = [
        ContactRecord(contact.id, contact.outlet_id, outlet_name, _contact_data(contact))
        for contact, outlet_name in session.execute(statement).tuples()
    ]
    return sorted(records, key=lambda record: (record.outlet_name.casefold(), record.name.casefold()))


def _contact_data(contact: OutletContact) -> ContactData:
    return ContactData(**{name: getattr(contact, name) for name in _CONTACT_FIELDS})


@dataclass(frozen=True)
class LoggedChange:
    """One change of a contact as the change log holds it."""

    at: str  # the HLC stamp: when, in the log's own order
    operation: str  # the stored label of the operation
    field: str | None  # None: the row was added (``new`` holds the whole row)
    old: JsonValue
    new: Any


@dataclass(frozen=True)
class ContactAccess:
    """Everything held about one media contact (GDPR Art. 15): the row as it is and its logged history."""

    contact_id: uuid.UUID
    outlet_name: str
    values: dict[str, JsonValue]
    history: list[LoggedChange] = field(default_factory=list)


def contact_access(session: Session, contact_id: uuid.UUID) -> ContactAccess:
    """Gather what is held about one contact, for the contact's own request to see it."""
    contact = session.get(OutletContact, contact_id)
    if contact is None:
        raise ContactNotFoundError
    outlet = session.get(Outlet, contact.outlet_id)
    values = {name: to_json_value(getattr(contact, name)) for name in (*_CONTACT_FIELDS, "created_at", "erased_at")}
    history = [
        LoggedChange(
            record.hlc,
            label,
            record.field,
            json.loads(record.old_value) if record.old_value is not None else None,
            json.loads(record.new_value) if record.new_value is not None else None,
        )
        for record, label in session.execute(
            select(ChangeRecord, Operation.label)
            .join(Operation, Operation.id == ChangeRecord.operation_id)
            .where(ChangeRecord.entity == OutletContact.__tablename__, ChangeRecord.row_id == str(contact_id))
            .order_by(ChangeRecord.seq)
        ).tuples()
    ]
    return ContactAccess(contact.id, outlet.name if outlet else "", values, history)


def erase_contact(session: Session, contact_id: uuid.UUID, now: datetime | None = None) -> int:
    """Delete a contact for good: clear the values, mark the row erased and deleted, scrub the change log.

    Returns the number of change-log records scrubbed. The privacy log records that a media contact was erased,
    without a name.

    Raises:
        ContactNotFoundError: when there is no such contact, or it has been erased already.
    """
    contact = session.get(OutletContact, contact_id)
    if contact is None or contact.erased_at is not None:
        raise ContactNotFoundError
    now = now or utcnow()
    with secure_deletion(session):
        contact.name = ERASED_CONTACT_NAME
        for name in CONTACT_PERSONAL_FIELDS[1:]:
            setattr(contact, name, None)
        contact.erased_at = now
        contact.deleted_at = contact.deleted_at or now
        session.flush()
        erased = {name: to_json_value(getattr(contact, name)) for name in CONTACT_PERSONAL_FIELDS}
        scrubbed = scrub_logged_values(session, OutletContact.__tablename__, {str(contact.id): erased})
    record_event(session, PrivacyEventKind.ERASURE, Label(N_("Personal data of a media contact erased")), people=1)
    return scrubbed
