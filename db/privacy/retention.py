"""Retention rules (GDPR Art. 5(1)(e)): how long the data of former members is kept, and the purge that applies them.

The Nordic data protection authorities expect a party to delete a member's data soon after the membership ends,
unless the person agreed to be kept in an archive, and allow positions of trust to be archived. The defaults:

* resigned or expelled: purged 3 months after the membership ended (time to settle fees and correct mistakes);
* lapsed (fees unpaid): 6 months, since a lapsed member often pays late and is reinstated;
* deceased: 12 months (the branch's memorial notice and the year's reports still name them);
* moved to another district: 3 months (the new district receives the data from the central office);
* a membership that ended without a recorded reason counts as lapsed.

A person is a **candidate** when none of their memberships is still going on (or they died) and the period of
their last membership's end reason has passed since it ended (for a death recorded without a date: since it was
recorded). A person whose latest consent for :attr:`ConsentPurpose.ARCHIVE` is "given" is kept.

A candidate is erased with :func:`db.privacy.erasure.erase_members`. Somebody who held a **position of trust** keeps
their name, their member number and their positions (body, role, term; not the notes), plus what every erasure
keeps (birth year, language, memberships for the statistics): everything else — address, contacts, notes,
interests, consent notes, household and godparent links, and the old values in the change log — is removed, and
the record stays in the register (not marked deleted) so that the history of each body still names its officers.

The rules are stored in the database (``db.core.settings``) and so travel with its backups.
"""

from __future__ import annotations

import calendar
import enum
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.models import Position
from db.core.base import utcnow
from db.core.errors import ValidationError
from db.core.i18n import N_, Label, _
from db.core.settings import read_setting, write_setting
from db.members.models import Consent, ConsentPurpose, EndReason, Member, Membership
from db.privacy.erasure import erase_members
from db.privacy.events import PrivacyEventKind, record_event

SETTING_KEY = "privacy.retention_rules"
MAX_MONTHS = 1200
_BATCH = 500


@dataclass(frozen=True)
class RetentionRules:
    """Months after a membership ended before a former member's data is purged, by the reason it ended."""

    resigned_months: int = 3  # resigned or expelled
    lapsed_months: int = 6  # lapsed, or ended without a recorded reason
    deceased_months: int = 12
    moved_months: int = 3

    def months_for(self, reason: EndReason | None) -> int:
        """Return the retention period of a membership that ended for ``reason``."""
        if reason in (EndReason.RESIGNED, EndReason.EXPELLED):
            return self.resigned_months
        if reason == EndReason.DECEASED:
            return self.deceased_months
        if reason == EndReason.MOVED:
            return self.moved_months
        return self.lapsed_months


class PurgeAction(enum.StrEnum):
    ERASE = "erase"
    KEEP_NAME_AND_POSITIONS = "keep_name_and_positions"


PURGE_ACTION_LABELS = {
    PurgeAction.ERASE: N_("erase all personal data"),
    PurgeAction.KEEP_NAME_AND_POSITIONS: N_("keep only the name and positions of trust"),
}


@dataclass(frozen=True)
class PurgeCandidate:
    """A former member whose retention period has passed: who, why, and what the purge does.

    Attributes:
        member_id: the person's record.
        member_number: their member number, if any.
        name: their name (shown to the user before the purge; never logged).
        reason: why their last membership ended (None when no reason was recorded).
        ended_on: when it ended (for a death recorded without a date, the day it was recorded).
        due_on: the day the retention period ended.
        action: what the purge does to the record.
    """

    member_id: uuid.UUID
    member_number: str | None
    name: str
    reason: EndReason | None
    ended_on: date
    due_on: date
    action: PurgeAction


@dataclass(frozen=True)
class PurgeReport:
    """What a purge did (or, on a dry run, would do)."""

    dry_run: bool
    candidates: list[PurgeCandidate]
    kept_by_consent: int
    erased: int = 0
    kept_name: int = 0
    event_id: int | None = None
    details: dict[str, int] = field(default_factory=dict)


def read_rules(session: Session) -> RetentionRules:
    """Return the district's retention rules (the defaults where none were saved)."""
    stored = read_setting(session, SETTING_KEY, {})
    defaults = asdict(RetentionRules())
    values = {
        key: stored.get(key, default) if isinstance(stored, dict) else default for key, default in defaults.items()
    }
    try:
        return _checked(RetentionRules(**values))
    except ValidationError:
        # A setting damaged by hand must not purge anybody early: the defaults apply until it is saved again.
        return RetentionRules()


def _checked(rules: RetentionRules) -> RetentionRules:
    for key, value in asdict(rules).items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_MONTHS:
            raise ValidationError(
                key, _("A retention period is a whole number of months from 0 to {maximum}.").format(maximum=MAX_MONTHS)
            )
    return rules


def write_rules(session: Session, rules: RetentionRules) -> None:
    """Save the retention rules and log the change as a privacy event.

    Raises:
        ValidationError: when a period is not a whole number of months from 0 to :data:`MAX_MONTHS`.
    """
    _checked(rules)
    write_setting(session, SETTING_KEY, asdict(rules))
    description = Label(
        N_(
            "Retention rules: resigned or expelled {resigned} months, lapsed {lapsed}, "
            "deceased {deceased}, moved {moved}"
        ),
        resigned=str(rules.resigned_months),
        lapsed=str(rules.lapsed_months),
        deceased=str(rules.deceased_months),
        moved=str(rules.moved_months),
    )
    record_event(session, PrivacyEventKind.RETENTION_RULES, description)


def add_months(day: date, months: int) -> date:
    """Return the same day ``months`` later (the month's last day when it is shorter: 31.8. + 6 = 28./29.2.)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class _Ended:
    """One membership's end, as far as the rules care: when, why, and when the row was written."""

    ended_on: date | None
    reason: EndReason | None
    created_at: datetime
    updated_at: datetime


def _review(session: Session, rules: RetentionRules, today: date) -> tuple[list[PurgeCandidate], int]:
    """Return the candidates and the number of otherwise due people kept by their consent to the archive."""
    people: dict[uuid.UUID, list[_Ended]] = {}
    # Plain columns rather than objects: this reads every membership in the register.
    rows = session.execute(
        select(
            Membership.member_id,
            Membership.ended_on,
            Membership.end_reason,
            Membership.created_at,
            Membership.updated_at,
        )
        .join(Member, Member.id == Membership.member_id)
        .where(Member.deleted_at.is_(None), Member.erased_at.is_(None), Membership.deleted_at.is_(None))
    ).tuples()
    for member_id, ended_on, reason, created_at, updated_at in rows:
        people.setdefault(member_id, []).append(_Ended(ended_on, reason, created_at, updated_at))
    due: dict[uuid.UUID, tuple[EndReason | None, date, date]] = {}
    for member_id, memberships in people.items():
        ending = _ending(memberships, today)
        if ending is not None:
            reason, ended_on = ending
            due_on = add_months(ended_on, rules.months_for(reason))
            if due_on <= today:
                due[member_id] = (reason, ended_on, due_on)
    archived = _archive_consents(session) & due.keys()
    officers = set(session.execute(select(Position.member_id).where(Position.deleted_at.is_(None))).scalars())
    candidates: list[PurgeCandidate] = []
    wanted = sorted(due.keys() - archived)
    for start in range(0, len(wanted), _BATCH):
        members = session.execute(
            select(Member.id, Member.member_number, Member.first_name, Member.last_name).where(
                Member.id.in_(wanted[start : start + _BATCH])
            )
        ).tuples()
        for member_id, number, first_name, last_name in members:
            reason, ended_on, due_on = due[member_id]
            action = PurgeAction.KEEP_NAME_AND_POSITIONS if member_id in officers else PurgeAction.ERASE
            candidates.append(
                PurgeCandidate(member_id, number, f"{first_name} {last_name}", reason, ended_on, due_on, action)
            )
    candidates.sort(key=lambda candidate: (candidate.due_on, candidate.member_number or "", candidate.name))
    return candidates, len(archived)


def _ending(memberships: list[_Ended], today: date) -> tuple[EndReason | None, date] | None:
    """How and when a person's time in the register ended, or None while a membership still goes on."""
    deaths = [row for row in memberships if row.reason == EndReason.DECEASED]
    if deaths:
        # A death ends everything; one recorded without a date counts from the day it was recorded.
        return EndReason.DECEASED, min(row.ended_on or row.updated_at.date() for row in deaths)
    if any(row.ended_on is None or row.ended_on > today for row in memberships):
        return None
    last = max(memberships, key=lambda row: (row.ended_on or date.min, row.created_at))
    return last.reason, last.ended_on or today


def _archive_consents(session: Session) -> set[uuid.UUID]:
    """The people whose latest consent for the archive is "given" (latest by date, then by when it was entered)."""
    latest: dict[uuid.UUID, tuple[date, datetime, bool]] = {}
    rows = session.execute(
        select(Consent.member_id, Consent.recorded_on, Consent.created_at, Consent.given).where(
            Consent.purpose == ConsentPurpose.ARCHIVE, Consent.deleted_at.is_(None)
        )
    ).tuples()
    for member_id, recorded_on, created_at, given in rows:
        entry = (recorded_on, created_at, given)
        if member_id not in latest or entry[:2] > latest[member_id][:2]:
            latest[member_id] = entry
    return {member_id for member_id, (_day, _at, given) in latest.items() if given}


def purge_candidates(session: Session, rules: RetentionRules, today: date) -> list[PurgeCandidate]:
    """Return the former members whose data is due to be purged on ``today``, the longest overdue first."""
    return _review(session, rules, today)[0]


def purge(
    session: Session, rules: RetentionRules, today: date, dry_run: bool, now: datetime | None = None
) -> PurgeReport:
    """Purge the data of every candidate (see the module's description); on a dry run, only say what would happen.

    A dry run changes nothing, not even the privacy log. A real run erases every candidate in the open transaction
    (label it "Retention purge") and logs one privacy event with the counts, even when there was nobody to purge:
    that the rules were applied is itself worth recording.
    """
    candidates, kept_by_consent = _review(session, rules, today)
    if dry_run:
        return PurgeReport(True, candidates, kept_by_consent)
    requests = [(c.member_id, c.action == PurgeAction.KEEP_NAME_AND_POSITIONS) for c in candidates]
    run = erase_members(session, requests, now or utcnow())
    kept_name = sum(1 for _id, keep in requests if keep)
    erased = len(requests) - kept_name
    details: dict[str, Any] = {}
    for result in run.results:
        for table, count in result.rows.items():
            details[table] = details.get(table, 0) + count
    description = Label(
        N_(
            "Retention purge: {erased} people erased, {kept_name} kept as name and positions of trust, "
            "{kept} kept by their consent to the archive"
        ),
        erased=str(erased),
        kept_name=str(kept_name),
        kept=str(kept_by_consent),
    )
    event_id = record_event(session, PrivacyEventKind.PURGE, description, people=len(requests))
    return PurgeReport(False, candidates, kept_by_consent, erased, kept_name, event_id, details)
