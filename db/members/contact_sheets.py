"""Contact sheets: the people a branch chair, a board or a volunteer caller needs to reach, and nothing more.

A sheet carries only the fields its task needs (a name, a phone, an e-mail; a role on a board's sheet; the branch on
a caller's list is not needed, so it is left out), and every printing is logged for the privacy log by the caller of
:func:`record_contact_sheet`. Who a sheet is for and when it was printed go on every page (``reports.members``).
"""

from __future__ import annotations

import enum
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.models import POSITION_ROLE_LABELS, Body, Branch, PositionRole
from db.branches.operations import find_branch, list_bodies, positions
from db.core.district import District
from db.core.errors import KansliError
from db.core.i18n import N_, Label, _
from db.core.text import fold
from db.members.models import ContactKind, ContactPoint, Member, MemberSearchEntry, MembershipStatus
from db.members.status import membership_status
from db.members.validation import display_phone
from db.privacy.export_log import ExportKind, record_export

_CHUNK = 5000

# Whose name goes on a sheet when nobody is named: the chair first, then whoever convenes or keeps the minutes.
_RECIPIENT_ROLES = (PositionRole.CHAIR, PositionRole.CONVENOR, PositionRole.VICE_CHAIR, PositionRole.SECRETARY)
_ROLE_ORDER = {role: position for position, role in enumerate(PositionRole)}


class ContactSheetKind(enum.StrEnum):
    BRANCH = "branch"  # the members of a branch, for its chair
    BODY = "body"  # the members of a board or working group
    CALLER = "caller"  # a volunteer's phone list (db.calling.phone_list): the people on their sheets not yet called


@dataclass(frozen=True)
class ContactRow:
    member_id: uuid.UUID
    name: str
    phone: str = ""  # formatted for dialling; "" when none is usable
    email: str = ""
    role: str = ""  # on a board's sheet, translated when printed (an N_ message)
    since: date | None = None  # on a branch's sheet: member since
    language: str = ""  # fi, sv or other: the language to greet them in


@dataclass(frozen=True)
class ContactSheet:
    kind: ContactSheetKind
    subject: str  # the branch, body or caller
    recipient: str  # for whom it is printed: on every page
    printed_at: datetime
    language: str
    rows: Sequence[ContactRow]

    @property
    def member_ids(self) -> list[uuid.UUID]:
        return [row.member_id for row in self.rows]


class NoSuchSubjectError(KansliError):
    pass


def contacts_of(session: Session, member_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    """Each person's first usable phone (formatted) and e-mail address."""
    phones: dict[uuid.UUID, str] = {}
    emails: dict[uuid.UUID, str] = {}
    for start in range(0, len(member_ids), _CHUNK):
        chunk = list(member_ids[start : start + _CHUNK])
        for member_id, kind, value in session.execute(
            select(ContactPoint.member_id, ContactPoint.kind, ContactPoint.value)
            .where(ContactPoint.member_id.in_(chunk), ContactPoint.deleted_at.is_(None))
            .where(ContactPoint.valid.is_(True), ContactPoint.do_not_use.is_(False))
            .order_by(ContactPoint.position.desc())
        ).tuples():
            # Written from the last position to the first, so the first usable one wins.
            if kind == ContactKind.PHONE:
                phones[member_id] = display_phone(value)
            else:
                emails[member_id] = value
    return {member_id: (phones.get(member_id, ""), emails.get(member_id, "")) for member_id in member_ids}


def branch_sheet_rows(session: Session, branch_id: uuid.UUID, today: date) -> list[ContactRow]:
    """The branch's members and supporters whose membership is in force, by name."""
    found = session.execute(
        select(
            Member.id,
            Member.first_name,
            Member.last_name,
            Member.language,
            MemberSearchEntry.joined_on,
            MemberSearchEntry.ended_on,
            MemberSearchEntry.end_reason,
            MemberSearchEntry.sort_key,
        )
        .join(MemberSearchEntry, MemberSearchEntry.member_id == Member.id)
        .where(MemberSearchEntry.branch_id == branch_id, Member.deleted_at.is_(None), Member.erased_at.is_(None))
    ).all()
    live = [
        row
        for row in found
        if membership_status(row.joined_on, row.ended_on, row.end_reason, today) == MembershipStatus.ACTIVE
    ]
    live.sort(key=lambda row: row.sort_key)
    contacts = contacts_of(session, [row.id for row in live])
    return [
        ContactRow(
            row.id,
            f"{row.first_name} {row.last_name}",
            *contacts[row.id],
            since=row.joined_on,
            language=row.language.value if row.language else "",
        )
        for row in live
    ]


def body_sheet_rows(session: Session, body_id: uuid.UUID, today: date) -> list[ContactRow]:
    """The people holding a position in the body today, by role (chair first) and name."""
    held = [position for position in positions(session, body_id=body_id, on=today)]
    held.sort(key=lambda position: (_ROLE_ORDER.get(position.role, 99), position.member_name.casefold()))
    contacts = contacts_of(session, list(dict.fromkeys(position.member_id for position in held)))
    return [
        ContactRow(
            position.member_id,
            position.member_name,
            *contacts[position.member_id],
            role=POSITION_ROLE_LABELS[position.role],
        )
        for position in held
    ]


def default_recipient(session: Session, body_ids: Iterable[uuid.UUID], today: date) -> str | None:
    """The chair (or convenor, vice chair, secretary) of the first of ``body_ids`` that has one today."""
    for body_id in body_ids:
        held = positions(session, body_id=body_id, on=today)
        by_role: dict[PositionRole, list[str]] = defaultdict(list)
        for position in held:
            by_role[position.role].append(position.member_name)
        for role in _RECIPIENT_ROLES:
            if by_role[role]:
                return sorted(by_role[role])[0]
    return None


def branch_by_name(session: Session, name: str) -> Branch:
    branch_id = find_branch(session, name)
    branch = session.get(Branch, branch_id) if branch_id else None
    if branch is None:
        raise NoSuchSubjectError(_("There is no branch called {name}.").format(name=name))
    return branch


def body_by_name(session: Session, name: str) -> Body:
    """The live body named ``name`` (any case, with or without diacritics); a part of its name will do when unique.

    Bilingual bodies are named in both languages ("Piirihallitus – Distriktsstyrelsen"): either half finds them.
    """
    wanted = fold(name)
    bodies = list(session.execute(select(Body).where(Body.deleted_at.is_(None))).scalars())
    matches = [body for body in bodies if fold(body.name) == wanted]
    if not matches and wanted:
        matches = [body for body in bodies if wanted in fold(body.name)]
    if len(matches) != 1:
        raise NoSuchSubjectError(
            _("There is no body called {name}.").format(name=name)
            if not matches
            else _("Several bodies match {name}: {names}. Give more of the name.").format(
                name=name, names=", ".join(sorted(body.name for body in matches))
            )
        )
    return matches[0]


def record_contact_sheet(session: Session, sheet: ContactSheet, file_name: str | None = None) -> int:
    """Log the printing of a contact sheet (who it was for, which people it carried); return the log entry's id."""
    descriptions = {
        ContactSheetKind.BRANCH: N_("Contact sheet of the members of {subject}"),
        ContactSheetKind.BODY: N_("Contact sheet of {subject}"),
        ContactSheetKind.CALLER: N_("Phone list of the caller {subject}"),
    }
    return record_export(
        session,
        ExportKind.CONTACT_SHEET,
        Label(descriptions[sheet.kind], subject=sheet.subject),
        sheet.member_ids,
        recipient=sheet.recipient,
        file_name=file_name,
    )


def _district(session: Session) -> tuple[str, str]:
    name, district_language = session.execute(select(District.name, District.language)).one()
    return name, district_language.value


def branch_sheet(session: Session, branch_id: uuid.UUID, today: date, language: str | None = None) -> ContactSheet:
    """A branch's members, for its chair (the recipient by default)."""
    branch = session.get(Branch, branch_id)
    if branch is None or branch.deleted_at is not None:
        raise NoSuchSubjectError(_("The branch was not found; it may have been deleted."))
    district, district_language = _district(session)
    boards = [body_id for body_id, _name, _kind in list_bodies(session, branch.id)]
    recipient = default_recipient(session, boards, today) or district
    rows = branch_sheet_rows(session, branch.id, today)
    now = datetime.now().astimezone()
    return ContactSheet(ContactSheetKind.BRANCH, branch.name, recipient, now, language or district_language, rows)


def body_sheet(session: Session, body_id: uuid.UUID, today: date, language: str | None = None) -> ContactSheet:
    """A board's or working group's people, for its chair or convenor (the recipient by default)."""
    body = session.get(Body, body_id)
    if body is None or body.deleted_at is not None:
        raise NoSuchSubjectError(_("The body was not found; it may have been deleted."))
    district, district_language = _district(session)
    recipient = default_recipient(session, [body.id], today) or district
    rows = body_sheet_rows(session, body.id, today)
    now = datetime.now().astimezone()
    return ContactSheet(ContactSheetKind.BODY, body.name, recipient, now, language or district_language, rows)


def contact_sheet_for(
    session: Session,
    today: date,
    *,
    branch: str | None = None,
    body: str | None = None,
    caller: str | None = None,
    recipient: str | None = None,
    language: str | None = None,
) -> ContactSheet:
    """The contact sheet of a branch, a body or a caller named as the user typed it (for the command line).

    Raises:
        NoSuchSubjectError: no branch, body or caller has that name.
    """
    from db.calling.callers import list_callers
    from db.calling.phone_list import caller_sheet

    if branch:
        sheet = branch_sheet(session, branch_by_name(session, branch).id, today, language)
    elif body:
        sheet = body_sheet(session, body_by_name(session, body).id, today, language)
    else:
        wanted = fold(caller or "")
        callers = [ref for ref in list_callers(session, include_inactive=True) if fold(ref.name) == wanted]
        if not callers:
            raise NoSuchSubjectError(_("There is no caller called {name}.").format(name=caller))
        sheet = caller_sheet(session, callers[0].id, language)
    chosen = (recipient or "").strip()
    return replace(sheet, recipient=chosen) if chosen else sheet
