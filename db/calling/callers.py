"""Callers: volunteers who are members, or a name and phone added in a moment (Zetkin users asked for that)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.models import Branch
from db.calling.models import Caller
from db.core.errors import KansliError, ValidationError
from db.core.i18n import _
from db.members.models import ContactKind, ContactPoint, Member, MemberSearchEntry
from db.members.operations import district_country
from db.members.validation import display_phone, normalize_phone


@dataclass(frozen=True)
class CallerRef:
    id: uuid.UUID
    name: str
    phone: str  # formatted for reading, "" when unknown
    branch_id: uuid.UUID | None  # the caller's own branch (a member's current one unless set)
    branch_name: str
    language: str
    member_id: uuid.UUID | None
    active: bool


class CallerNotFoundError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("The caller was not found; they may have been removed."))


def add_member_caller(session: Session, member_id: uuid.UUID, language: str | None = None) -> uuid.UUID:
    """Make a member a caller (or bring back their earlier caller row); return the caller's id."""
    member = session.get(Member, member_id)
    if member is None or member.deleted_at is not None or member.erased_at is not None:
        raise ValidationError("member", _("The member was not found; it may have been deleted."))
    existing = session.execute(select(Caller).where(Caller.member_id == member_id)).scalars().first()
    if existing is not None:
        existing.active = True
        existing.deleted_at = None
        return existing.id
    spoken = language or (member.language.value if member.language.value in ("fi", "sv") else "en")
    caller = Caller(member_id=member_id, language=spoken)
    session.add(caller)
    session.flush()
    return caller.id


def add_quick_caller(
    session: Session, name: str, phone: str, branch_id: uuid.UUID | None = None, language: str = "fi"
) -> uuid.UUID:
    """Add a caller who is not (yet) in the register: a name and a phone number."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError("name", _("Give the caller's name."))
    number = normalize_phone(phone, district_country(session)) if phone.strip() else None
    caller = Caller(name=cleaned, phone=number, branch_id=branch_id, language=language)
    session.add(caller)
    session.flush()
    return caller.id


def set_caller_active(session: Session, caller_id: uuid.UUID, active: bool) -> None:
    caller = session.get(Caller, caller_id)
    if caller is None or caller.deleted_at is not None:
        raise CallerNotFoundError
    caller.active = active


def list_callers(session: Session, *, include_inactive: bool = False) -> list[CallerRef]:
    """Every caller by name, with the branch that counts as their own."""
    callers = list(session.execute(select(Caller).where(Caller.deleted_at.is_(None))).scalars())
    member_ids = [caller.member_id for caller in callers if caller.member_id is not None]
    members = {
        row.id: row
        for row in session.execute(
            select(Member.id, Member.first_name, Member.last_name).where(Member.id.in_(member_ids))
        )
    }
    member_branch: dict[uuid.UUID, uuid.UUID | None] = dict(
        session.execute(
            select(MemberSearchEntry.member_id, MemberSearchEntry.branch_id).where(
                MemberSearchEntry.member_id.in_(member_ids)
            )
        )
        .tuples()
        .all()
    )
    phones: dict[uuid.UUID, str] = {}
    for member_id, value in session.execute(
        select(ContactPoint.member_id, ContactPoint.value)
        .where(ContactPoint.member_id.in_(member_ids), ContactPoint.kind == ContactKind.PHONE)
        .where(ContactPoint.deleted_at.is_(None), ContactPoint.valid.is_(True))
        .order_by(ContactPoint.position.desc())
    ).tuples():
        phones[member_id] = value  # the lowest position wins, being written last
    branches = dict(session.execute(select(Branch.id, Branch.name)).tuples().all())
    refs: list[CallerRef] = []
    for caller in callers:
        if not caller.active and not include_inactive:
            continue
        member = members.get(caller.member_id) if caller.member_id else None
        name = f"{member.first_name} {member.last_name}" if member else (caller.name or "?")
        phone = caller.phone or (phones.get(caller.member_id) if caller.member_id else None)
        branch_id = caller.branch_id or (member_branch.get(caller.member_id) if caller.member_id else None)
        refs.append(
            CallerRef(
                caller.id,
                name,
                display_phone(phone) if phone else "",
                branch_id,
                branches.get(branch_id, "") if branch_id else "",
                caller.language,
                caller.member_id,
                caller.active,
            )
        )
    refs.sort(key=lambda ref: ref.name.casefold())
    return refs


def caller_ref(session: Session, caller_id: uuid.UUID) -> CallerRef:
    for ref in list_callers(session, include_inactive=True):
        if ref.id == caller_id:
            return ref
    raise CallerNotFoundError
